"""The folder the site engine reads: hand-written docs plus generated pages, kept in sync.

Only files whose bytes change are written, so a rebuild that changes nothing touches nothing
(live reload would otherwise loop) and the engine's file timestamps stay meaningful.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def sync_folder(target: Path, docs_dir: Path, generated: dict[str, str | bytes]) -> None:
    """Make `target` hold exactly the files of `docs_dir` plus the generated ones."""
    wanted: dict[str, bytes | Path] = {}
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*")):
            if path.is_file():
                wanted[path.relative_to(docs_dir).as_posix()] = path
    for name, text in generated.items():
        wanted[name] = text.encode("utf-8") if isinstance(text, str) else text
    target.mkdir(parents=True, exist_ok=True)
    for name, source in wanted.items():
        destination = target / name
        data = source if isinstance(source, bytes) else source.read_bytes()
        if destination.is_file() and destination.read_bytes() == data:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
    for path in sorted(target.rglob("*"), reverse=True):
        relative = path.relative_to(target).as_posix()
        if path.is_file() and relative not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


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
