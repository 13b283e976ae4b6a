"""What may be published from content/media/: pictures and PDFs whose content is what their name says.

Files in content/media/ are served from the portal's own address. A file the browser would run
as a page there (an SVG with a script, an .html file, SVG markup named .png that a server sniffs)
is a stored cross-site script that one pull request can plant. So only PNG, JPEG, WebP and PDF
are published, each only when its first bytes are those of its type (the file's "magic number"),
and SVG never: sanitising SVG reliably is a project of its own, and a PNG does the same job.

Links are refused when they lead out of the repository: a content file, a media file or the
media folder that is a symbolic link to /etc or to a CI runner's secrets would otherwise be read
and published.
"""

from __future__ import annotations

from pathlib import Path

from portal.messages import _
from portal.problems import Problem

# Ending -> the media type its content must be.
MEDIA_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WebP", ".pdf": "PDF"}


def sniff(head: bytes) -> str | None:
    """The media type the bytes are, of those published (None for anything else: SVG, HTML, scripts …)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head.startswith(b"%PDF-"):
        return "PDF"
    return None


def leaves_repository(path: Path, root: Path) -> bool:
    """Whether `path` is, or lies behind, a symbolic link that points outside `root`."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return True


def outside_link_problem(path: Path, root: Path, shown: str) -> Problem | None:
    if not leaves_repository(path, root):
        return None
    return Problem(
        shown,
        None,
        None,
        _(
            "is a symbolic link to a place outside the repository; such files are never published: "
            "put the file itself into the repository"
        ),
    )


def media_problem(path: Path, root: Path, shown: str) -> Problem | None:
    """Why the file in content/media/ cannot be published, or None when it can."""
    outside = outside_link_problem(path, root, shown)
    if outside:
        return outside
    ending = path.suffix.lower()
    allowed = _(" or ").join(sorted(set(MEDIA_TYPES.values())))
    if ending not in MEDIA_TYPES:
        return Problem(
            shown,
            None,
            None,
            _(
                "cannot be published: only pictures and documents of the types {allowed} "
                "(.png, .jpg, .webp, .pdf) are, because the site's own address must never serve "
                "files that a browser runs (SVG, HTML, scripts); save it as one of these",
                allowed=allowed,
            ),
        )
    with path.open("rb") as handle:
        head = handle.read(16)
    expected = MEDIA_TYPES[ending]
    found = sniff(head)
    if found != expected:
        return Problem(
            shown,
            None,
            None,
            _(
                "is named {ending} but is not a {expected} file (its content is {found}); "
                "export it again as {expected} from the program that made it",
                ending=ending,
                expected=expected,
                found=found or _("something else, perhaps SVG or HTML"),
            ),
        )
    return None


def media_files(folder: Path, root: Path, shown) -> tuple[list[Path], list[Problem]]:
    """The publishable files of the media folder, and a problem for every other file in it.

    `shown(path)` is how staff see a path (relative to the repository).
    """
    if not folder.is_dir():
        return [], []
    outside = outside_link_problem(folder, root, shown(folder))
    if outside:
        return [], [outside]
    published, problems = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir() and not path.is_symlink():
            problems.append(
                Problem(shown(path), None, None, _("is a folder; content/media/ holds files only, without folders"))
            )
            continue
        problem = media_problem(path, root, shown(path))
        if problem:
            problems.append(problem)
        else:
            published.append(path)
    return published, problems


def outside_links(folder: Path, root: Path, shown) -> list[Problem]:
    """A problem for every file or folder below `folder` that is a link out of the repository."""
    if not folder.is_dir():
        return []
    outside = outside_link_problem(folder, root, shown(folder))
    if outside:
        return [outside]
    problems = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            problem = outside_link_problem(path, root, shown(path))
            if problem:
                problems.append(problem)
    return problems
