"""Site engines: each turns the content layer's pages and files into a website.

The content layer (`portal.content`, `portal.render`, `portal.feeds` …) knows no engine. Today
there is one adapter, for MkDocs with Material for MkDocs and mkdocs-static-i18n
(`portal.engine.mkdocs`); a second one (e.g. for Zensical) would sit beside it.
"""
