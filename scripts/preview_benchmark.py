"""How long staff wait in the preview: from saving a content file to the reloaded page.

    .venv/bin/python scripts/preview_benchmark.py              # the demo portal
    .venv/bin/python scripts/preview_benchmark.py --events 1000  # a generated portal (benchmark.py)
    .venv/bin/python scripts/preview_benchmark.py --gap 3        # saving again 3 s after each reload

Starts `portal serve` on a copy of the portal in a temporary folder, opens an event's page
as the browser would (German), then changes the event's German title several times. Each run
measures the time from writing the file until the server tells the page to reload and serves
the page with the new title ("edit to reload"), the CPU time the server spent on it (save to
reload; on a busy machine closer to what an idle one would take), and until every language is
current ("all languages"). Prints each run, the medians and the load of the machine (the figures are only as
quiet as the machine is).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 60) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def status(base: str) -> dict:
    return json.loads(get(f"{base}/.portal/status"))


def copy_demo(folder: Path) -> None:
    for name in ("mkdocs.yml", "content", "docs", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / name)
    if (ROOT / "node_modules").is_dir():
        (folder / "node_modules").symlink_to(ROOT / "node_modules")


def wait_until_current(base: str, process: subprocess.Popen, limit: float = 3600) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"portal serve stopped (exit code {process.returncode})")
        try:
            current = status(base)
            if current["errors"]:
                raise SystemExit(f"the content has {current['errors']} error(s); see the server's log")
            if not current["pending"]:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit("the preview did not catch up")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=0, help="a generated portal with this many events (0: the demo)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--gap",
        type=float,
        help="save again this many seconds after each reload, while the other languages may still be "
        "building (as staff do), instead of waiting until every language is current",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="portal-preview-benchmark-"))
    if args.events:
        from benchmark import LANGUAGES, generate_portal

        generate_portal(work, args.events, 200, LANGUAGES)
        name = "demo" if not args.events else f"{args.events} events"
    else:
        copy_demo(work)
        name = "demo"
    event = sorted((work / "content" / "events").glob("*.yml"))[
        len(list((work / "content" / "events").glob("*.yml"))) // 2
    ]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    log = open(work / "serve.log", "w", encoding="utf-8")  # noqa: SIM115 - open while the server runs
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "portal"), "--lang", "en", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_current(base, process)
        first = time.monotonic() - started
        page = f"{base}/events/{event.stem}/"
        get(page)  # the browser shows this page, in German
        reloads, everything, cpu = [], [], []
        for run in range(1, args.runs + 1):
            marker = f"Vorschau-Messung {run}"
            text = event.read_text(encoding="utf-8")
            # After an opening quote if there is one: the title stays valid YAML.
            text = re.sub(
                r"^(title:\n  de: [\"']?)(?:Vorschau-Messung \d+ )?",
                rf"\g<1>{marker} ",
                text,
                count=1,
                flags=re.MULTILINE,
            )
            version = status(base)["version"]
            written = time.monotonic()
            event.write_text(text, encoding="utf-8")
            while True:
                version = json.loads(get(f"{base}/.portal/reload?version={version}"))["version"]
                if marker in get(page):
                    break
            reloads.append(time.monotonic() - written)
            if args.gap is None:
                wait_until_current(base, process)
                everything.append(time.monotonic() - written)
            else:
                time.sleep(args.gap)
            cpu.append(status(base)["timing"].get("cpu_to_reload", float("nan")))
            behind = f"all languages {everything[-1]:.2f} s" if everything else f"next save in {args.gap:g} s"
            print(f"run {run}: edit to reload {reloads[-1]:.2f} s (CPU {cpu[-1]:.2f} s), {behind}", flush=True)
        if args.gap is not None:
            wait_until_current(base, process)
            everything.append(time.monotonic() - written)
        load = os.getloadavg()
        print(
            f"\n{name}: first start {first:.1f} s; edit to reload median {statistics.median(reloads):.2f} s "
            f"(min {min(reloads):.2f}, max {max(reloads):.2f}), CPU to reload median {statistics.median(cpu):.2f} s; "
            + (
                f"all languages median {statistics.median(everything):.2f} s; "
                if args.gap is None
                else f"saves {args.gap:g} s after each reload, all languages {everything[0]:.2f} s after the last; "
            )
            + f"load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores"
        )
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
