"""Building the site so that a failure never replaces the last good site with a broken one."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from portal.check import checked_or_raise
from portal.engine.mkdocs.parallel import build_languages
from portal.messages import _
from portal.problems import ContentError, Problem
from portal.staging import replace_folder

# Signals that end a build from outside: a CI time-out (TERM), a closed terminal (HUP), Ctrl-C (INT).
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


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
    remove_abandoned_scratch(target)
    # The process id in the name tells the next build whether this one is still running.
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-", dir=target.parent))
    try:
        with _stopped_by_signals():
            build_languages(config, scratch, jobs)
    except (PluginError, Abort) as err:
        shutil.rmtree(scratch, ignore_errors=True)
        raise ContentError(
            [Problem(str(config_file.name), None, None, _("the build failed: {error}", error=err))]
        ) from None
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    # mkdtemp makes the folder private (0700); the published site is read by the web server's
    # own user, so it gets the permissions of any folder made here (0755 with the usual umask).
    scratch.chmod(0o777 & ~_umask())
    replace_folder(scratch, target)
    return target


def remove_abandoned_scratch(target: Path) -> list[Path]:
    """Remove what builds into `target` left behind when they were killed (their process is gone)."""
    removed = []
    for pattern in (f".{target.name}.building-*", f"..{target.name}.building-*"):
        for path in target.parent.glob(pattern):
            pid = path.name.lstrip(".").removeprefix(f"{target.name}.building-").split("-")[0]
            if path.is_dir() and not path.is_symlink() and pid.isdigit() and not _running(int(pid)):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Turn a stop signal into an exception, so that the scratch folder is removed on the way out."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    builder = os.getpid()

    def stop(signum, _frame):
        if os.getpid() != builder:
            # A language's build process (forked from this one): end quietly, the builder cleans up.
            os._exit(128 + signum)
        raise SystemExit(128 + signum)

    previous = {number: signal.signal(number, stop) for number in _STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
