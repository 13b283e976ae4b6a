"""Building the site so that a failure never replaces the last good site with a broken one."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from portal.check import checked_or_raise
from portal.engine.mkdocs.parallel import build_languages
from portal.messages import _
from portal.problems import ContentError, Problem
from portal.staging import replace_folder


def build_site(config_file: Path, site_dir: Path | None = None, jobs: int | None = None) -> Path:
    """Check the content, build into a fresh folder beside the target, then swap it in.

    The languages are built in parallel, `jobs` at a time (default: one per core).
    """
    config_file = config_file.resolve()
    checked = checked_or_raise(config_file)  # fail fast, with every problem, before any build work
    config = load_config(str(config_file))
    config.plugins["portal"].checked = checked  # validated once: the adapter uses this
    target = (site_dir or Path(config.site_dir)).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        build_languages(config, scratch, jobs)
    except (PluginError, Abort) as err:
        shutil.rmtree(scratch, ignore_errors=True)
        raise ContentError(
            [Problem(str(config_file.name), None, None, _("the build failed: {error}", error=err))]
        ) from None
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    replace_folder(scratch, target)
    return target
