"""Draw the portal's app icons and its default share image as PNG, with the standard library only.

    .venv/bin/python scripts/companion_images.py

writes portal/theme/assets/images/portal-icon-192.png, portal-icon-512.png (app icons, full
bleed so that a phone may cut them round: "maskable") and portal-share.png (1200×630, the
picture a messenger shows beside a shared link). The mark is a white "i" for information on
the theme colour (portal/offline.py THEME_COLOUR). A site puts its own files of the same
names into its overrides folder (overrides/assets/images/) to replace them.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from portal.offline import THEME_COLOUR

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "portal" / "theme" / "assets" / "images"


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def coverage(distance: float) -> float:
    """How much of a pixel lies inside a shape whose edge is `distance` away (anti-aliased edge)."""
    return min(1.0, max(0.0, 0.5 - distance))


def draw(width: int, height: int, mark_size: float, centre: tuple[float, float]) -> bytes:
    """The mark ("i": a dot over a rounded bar) in white on the theme colour, as PNG bytes."""
    background, white = rgb(THEME_COLOUR), (255, 255, 255)
    cx, cy = centre
    dot = (cx, cy - 0.30 * mark_size, 0.11 * mark_size)  # centre x, y, radius
    bar_top, bar_bottom, bar_radius = cy - 0.08 * mark_size, cy + 0.36 * mark_size, 0.085 * mark_size
    rows = []
    for y in range(height):
        row = bytearray([0])  # PNG filter: none
        py = y + 0.5
        for x in range(width):
            px = x + 0.5
            d_dot = ((px - dot[0]) ** 2 + (py - dot[1]) ** 2) ** 0.5 - dot[2]
            nearest = min(max(py, bar_top), bar_bottom)
            d_bar = ((px - cx) ** 2 + (py - nearest) ** 2) ** 0.5 - bar_radius
            a = coverage(min(d_dot, d_bar))
            row += bytes(round(b + (w - b) * a) for b, w in zip(background, white))
        rows.append(bytes(row))
    return png(width, height, b"".join(rows))


def png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        # The mark stays inside the middle 60 %: the safe zone of a maskable icon is a circle of 80 %.
        (IMAGES / f"portal-icon-{size}.png").write_bytes(draw(size, size, 0.6 * size, (size / 2, size / 2)))
    (IMAGES / "portal-share.png").write_bytes(draw(1200, 630, 420, (600, 315)))
    for path in sorted(IMAGES.glob("portal-*.png")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
