"""Screenshots for the contributor guide (docs/images/guide/), taken from the real demo portal.

    .venv/bin/python scripts/screenshots.py [--out DIR]

Builds the demo into a scratch folder, starts Decap's local backend (decap-server, from
`npm ci`) and the system Chromium, and photographs the browser editor and a published event.
Run it again when the editor or the event page changes; the pictures are committed.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.publish import build_site


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "guide")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="portal-shots-"))
    for name in ("mkdocs.yml", "content", "docs", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
    (work / "node_modules").symlink_to(ROOT / "node_modules")
    os.environ.setdefault("PORTAL_TODAY", "2026-11-22")
    site = build_site(work / "mkdocs.yml", work / "site")
    api = free_port()
    config = yaml.safe_load((site / "admin/config.yml").read_text(encoding="utf-8"))
    config["local_backend"] = {"url": f"http://localhost:{api}/api/v1"}
    (site / "admin/config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    proxy = subprocess.Popen(
        ["node", str(ROOT / "node_modules/decap-server/dist/index.js")],
        cwd=work,
        env={**os.environ, "PORT": str(api), "GIT_REPO_DIRECTORY": str(work), "MODE": "fs"},
        stdout=subprocess.DEVNULL,
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}"
    time.sleep(2)
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1100, "height": 760}, locale="de-DE")
            page.goto(f"{server}/admin/")
            page.get_by_role("button", name="Login").click()
            page.get_by_text("Veranstaltungen").first.wait_for()
            page.wait_for_timeout(800)
            page.screenshot(path=args.out / "editor-collections.jpg", type="jpeg", quality=70)
            page.goto(f"{server}/admin/#/collections/events/new")
            german = page.locator('[id^="de-field-"]')
            german.first.wait_for()
            german.nth(0).fill("Infoabend Anerkennung")
            page.locator('[id^="start-field-"]').fill("2026-12-10T18:00")
            page.locator('[id^="end-field-"]').fill("2026-12-10T20:00")
            page.wait_for_timeout(500)
            page.screenshot(path=args.out / "editor-event-form.jpg", type="jpeg", quality=70)
            page = browser.new_page(viewport={"width": 1100, "height": 900}, locale="de-DE")
            page.goto(f"{server}/events/2026-12-10-online-anerkennung-berufsabschluesse/")
            page.screenshot(path=args.out / "event-page.jpg", type="jpeg", quality=70)
            browser.close()
    finally:
        httpd.shutdown()
        proxy.terminate()
        shutil.rmtree(work, ignore_errors=True)
    for path in sorted(args.out.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
