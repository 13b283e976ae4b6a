"""The MkDocs adapter: checks the content, renders the portal's pages and hands them to MkDocs.

All the work happens in the content layer (`portal.content`, `portal.render`); this file only
connects it to MkDocs' events.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from portal.content import check_content
from portal.feeds import render_feeds
from portal.problems import ContentError
from portal.render.pages import render_site
from portal.schema import all_schemas, schema_text
from portal.site import load_site
from portal.staging import sync_folder

log = get_plugin_logger(__name__)

_HTML_TAG = re.compile(r"<html lang=\"([^\"]+)\"")


class PortalPluginConfig(Config):
    content_dir = config_options.Type(str, default="content")
    site = config_options.Type(str, default="content/site.yml")
    staging_dir = config_options.Type(str, default=".portal/docs")


class PortalPlugin(BasePlugin[PortalPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site = None

    @event_priority(100)  # before i18n, which reads the docs folder we set here
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        i18n = config.plugins.get("i18n")
        if i18n is not None and getattr(i18n, "building", False):
            return config  # i18n's build of a further language: the pages are already staged
        root = Path(config.config_file_path).parent
        try:
            self.site = load_site(Path(config.config_file_path))
            content, warnings = check_content(self.site)
            generated: dict[str, str | bytes] = dict(render_site(content))
            generated.update(render_feeds(content))
            # Published with the site, so editors can point at them by URL too.
            generated.update({f"schemas/{name}": schema_text(s) for name, s in all_schemas(self.site).items()})
        except ContentError as err:
            for problem in err.problems:
                log.error(str(problem))
            # Raised before MkDocs cleans the site folder: the last good site stays untouched.
            raise PluginError(f"The content has {len(err.problems)} problem(s); nothing was built.") from None
        for warning in warnings:
            log.warning(str(warning))
        source_docs = Path(config.docs_dir)
        if not hasattr(self, "source_docs"):
            self.source_docs = source_docs
        staging = root / self.config.staging_dir
        sync_folder(staging, self.source_docs, generated)
        config.docs_dir = str(staging)
        return config

    def on_serve(self, server, config: MkDocsConfig, builder):
        # Watch what staff edit, not the staging folder we write (that would rebuild forever).
        server.unwatch(config.docs_dir)
        server.watch(str(self.source_docs))
        return server

    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        """Material puts `dir` on <body> only; screen readers and browsers read it from <html>."""
        if self.site is None:
            return output
        language = (config.theme.get("language") or "").split("_")[0]
        direction = "rtl" if language in {lang.code for lang in self.site.languages if lang.rtl} else "ltr"
        return _HTML_TAG.sub(lambda m: f'<html lang="{m.group(1)}" dir="{direction}"', output, count=1)
