"""The folder the site engine reads: hand-written docs plus generated pages, kept in sync.

Only files whose bytes change are written, so a rebuild that changes nothing touches nothing
(live reload would otherwise loop) and the engine's file timestamps stay meaningful.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path


def folder_files(folder: Path) -> dict[str, Path]:
    """Every file below `folder`, by its path relative to it."""
    if not folder.is_dir():
        return {}
    return {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*")) if path.is_file()}


def sync_folder(
    target: Path, wanted: dict[str, str | bytes | Path], owns: Callable[[str], bool] = lambda _n: True
) -> None:
    """Make `target` hold exactly the `wanted` files among those that `owns` claims.

    Several writers (one per language, at the same time) can share a folder, each owning its
    own files, so no folder is removed here: one that is empty now may be about to receive
    another writer's file (see `prune_empty_folders`).
    """
    target.mkdir(parents=True, exist_ok=True)
    for name, source in wanted.items():
        data = source.encode("utf-8") if isinstance(source, str) else source
        data = data if isinstance(data, bytes) else data.read_bytes()
        destination = target / name
        if destination.is_file() and destination.read_bytes() == data:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
    for path in target.rglob("*"):
        relative = path.relative_to(target).as_posix()
        if relative not in wanted and owns(relative) and path.is_file():
            path.unlink()


def prune_empty_folders(target: Path) -> None:
    """Remove the folders that the last build's removed files left empty (before anyone writes)."""
    if not target.is_dir():
        return
    # Bottom-up, so a folder that held only empty folders goes too (one walk: the preview prunes
    # before every partial build, and the staging folder holds every language's pages).
    for folder, _folders, files in os.walk(target, topdown=False):
        if folder != str(target) and not files and not os.listdir(folder):
            os.rmdir(folder)


def replace_folder(new: Path, target: Path) -> None:
    """Put a finished build in place of the old one, so readers never see half a site."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)
