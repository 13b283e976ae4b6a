"""The shipped nginx configuration (deploy/nginx) serving a built site on 127.0.0.1, for tests and scripts.

Used by the nginx tests, the hostile-input tests and `scripts/lighthouse.py`: the same server a
portal is deployed with, on a free local port, with its temporary files in a folder of its own.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY = ROOT / "deploy" / "nginx"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served_by_nginx(root: Path, work: Path, user: str, port: int | None = None) -> Iterator[str]:
    """The shipped configuration (deploy/nginx) serving `root` on `port` (or a free one); yields its address.

    `user` is the workers' `user` line ("" keeps nginx's default when we are not root).
    """
    port = port or free_port()
    headers = work / "security-headers.conf"
    shutil.copy(DEPLOY / "security-headers.conf", headers)
    headers.chmod(0o644)
    server = (DEPLOY / "portal.conf").read_text(encoding="utf-8")
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};")
    server = server.replace("root /var/www/portal;", f"root {root};")
    server = server.replace("/etc/nginx/conf.d/security-headers.conf", str(headers))
    (work / "nginx.conf").write_text(
        f"""
{user}
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {work}/body; proxy_temp_path {work}/proxy; fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
    {server}
}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"])
    address = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            urllib.request.urlopen(address + "/", timeout=1)
            break
        except urllib.error.HTTPError:  # it answers, if not with a page
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)
