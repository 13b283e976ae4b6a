"""The MkDocs adapter: `plugin` connects the content layer to MkDocs' events, `parallel` builds
the languages in processes of their own, and `compat` holds every use of the internals of
MkDocs, Material for MkDocs and mkdocs-static-i18n (each with a contract test in
tests/test_compat.py)."""
