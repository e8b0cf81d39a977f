"""Debian's nginx with the force's example site (installer/link-service/nginx-site.conf) in front of a link
service, as a force's IT team would run it, on loopback ports of the test's own.

The site file is used as shipped but for what a force changes in it anyway: its ports, the upstream's port,
the certificate and the log file. Each change must find its text, so a test notices when the example moves
on. The wrapping `nginx.conf` is the test's own (Debian's would start workers as www-data and log under
/var/log)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO
from tests.helpers.stopping import stop

EXAMPLE_SITE = REPO / "installer" / "link-service" / "nginx-site.conf"


@dataclass(frozen=True)
class RunningNginx:
    https_url: str
    http_url: str
    access_log: Path
    error_log: Path


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _changed(text: str, old: str, new: str) -> str:
    assert old in text, f"the example nginx site no longer has {old!r}"
    return text.replace(old, new)


VIA_MAP = "map $arg_via $rvr_upstream {\n    default rvr_link_service;\n}\n"


def _via_routes(named: Mapping[str, int]) -> str:
    """The example's map of ?via=, with each named instance's route for a tab whose call it hosts: straight to
    it, the others as backup, as docs/deploy.md tells a force to add them."""
    routes = "".join(f"    {name} rvr_via_{name};\n" for name in named)
    groups = "".join(
        f"upstream rvr_via_{name} {{ server 127.0.0.1:{port}; "
        + " ".join(f"server 127.0.0.1:{other} backup;" for other in named.values() if other != port) + " keepalive 16; }\n"
        for name, port in named.items())
    return VIA_MAP.replace("}\n", routes + "}\n") + groups


def site_for_test(upstream_port: int | Sequence[int] | Mapping[str, int], host: str, https_port: int,
                  http_port: int, chain: Path, key: Path, access_log: Path) -> str:
    site = EXAMPLE_SITE.read_text(encoding="utf-8")
    # Instances given by name are routed to by ?via= (force_instances.py); the others only round robin.
    named = upstream_port if isinstance(upstream_port, Mapping) else {}
    ports = [upstream_port] if isinstance(upstream_port, int) else list(named.values() or upstream_port)
    upstreams = "\n    ".join(f"server 127.0.0.1:{port};" for port in ports)
    for old, new in (("server 127.0.0.1:8080;", upstreams),
                     (VIA_MAP, _via_routes(named)),
                     ("listen 443 ssl http2;", f"listen {host}:{https_port} ssl http2;"),
                     ("listen [::]:443 ssl http2;\n", ""),
                     ("listen 80;", f"listen {host}:{http_port};"),
                     ("listen [::]:80;\n", ""),
                     ("/etc/ssl/rvr-link-service/fullchain.pem", str(chain)),
                     ("/etc/ssl/rvr-link-service/key.pem", str(key)),
                     ("/var/log/nginx/rvr-link-service.access.log", str(access_log))):
        site = _changed(site, old, new)
    return site


@contextmanager
def example_nginx(folder: Path, upstream_port: int | Sequence[int] | Mapping[str, int], chain: Path, key: Path,
                  host: str = "127.0.0.1",
                  https_port: int = 0) -> Iterator[RunningNginx]:
    """nginx with the example site on `host` (HTTPS on `https_port`, any free one by default) proxying to
    127.0.0.1:`upstream_port` (or each of several, as a force lists its instances), TLS from `chain` and `key`."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        raise AssertionError("these tests start Debian's nginx: run installer/setup test, which installs it")
    folder.mkdir(parents=True, exist_ok=True)
    https_port, http_port = https_port or free_port(host), free_port(host)
    running = RunningNginx(f"https://{host}:{https_port}", f"http://{host}:{http_port}",
                           folder / "access.log", folder / "error.log")
    (folder / "site.conf").write_text(
        site_for_test(upstream_port, host, https_port, http_port, chain, key, running.access_log),
        encoding="utf-8")
    temp = folder / "temp"
    temp.mkdir(exist_ok=True)
    (folder / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {running.error_log} info;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"  client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fastcgi;\n"
        f"  uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;\n"
        f"  access_log {folder / 'other-access.log'};\n"
        f"  include {folder / 'site.conf'};\n"
        "}\n", encoding="utf-8")
    # Started as root, nginx runs its workers as an unprivileged user, which must be able to write here.
    temp.chmod(0o777)
    checked = subprocess.run([binary, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([binary, "-p", str(folder), "-c", str(folder / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection((host, https_port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"nginx did not start: {running.error_log.read_text()}") from None
                time.sleep(0.05)
        yield running
    finally:
        stop(process)
        if process.stderr is not None:
            process.stderr.close()
