"""Debian's nginx serving generated sites on loopback, started and stopped by the bench.

nginx rather than a Python server so the server is never the bottleneck: the figures are
archiver's and Scrapy's cost, not the server's.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
NGINX_PATHS = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")


class NginxMissing(RuntimeError):
    pass


def find_nginx(install: bool = True) -> str:
    """The nginx binary; installed with apt-get when missing and we are root."""
    found = shutil.which("nginx") or next((p for p in NGINX_PATHS if Path(p).exists()), None)
    if found:
        return found
    if install and shutil.which("apt-get") and _is_root():
        print("bench: nginx not found, installing it: apt-get install -y nginx", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "nginx"], check=True,
                       stdout=subprocess.DEVNULL, env={"DEBIAN_FRONTEND": "noninteractive",
                                                        "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
        return find_nginx(install=False)
    raise NginxMissing("nginx is not installed: run `sudo apt-get install -y nginx` "
                       "(Debian/Ubuntu) and try again")


def _is_root() -> bool:
    import os

    return os.geteuid() == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Nginx:
    """One nginx process with a server block per (port, web root)."""

    prefix: Path
    sites: list[tuple[int, Path]] = field(default_factory=list)
    process: subprocess.Popen | None = None

    def add_site(self, root: Path, port: int | None = None) -> int:
        port = port or free_port()
        self.sites.append((port, Path(root).resolve()))
        return port

    def config(self) -> str:
        server = (HERE / "server.conf.template").read_text()
        servers = "\n".join(server.replace("{port}", str(port)).replace("{root}", str(root))
                            for port, root in self.sites)
        return ((HERE / "nginx.conf.template").read_text()
                .replace("{prefix}", str(self.prefix)).replace("{servers}", servers))

    def start(self) -> None:
        binary = find_nginx()
        (self.prefix / "tmp").mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(self.config())
        # -e: early errors go to our file too, not to the system's /var/log/nginx.
        self.process = subprocess.Popen(
            [binary, "-p", str(self.prefix), "-c", str(conf), "-e", str(self.prefix / "error.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        for port, _ in self.sites:
            while True:
                if self.process.poll() is not None:
                    err = self.process.stderr.read().decode(errors="replace") if \
                        self.process.stderr else ""
                    log = (self.prefix / "error.log")
                    err += log.read_text() if log.exists() else ""
                    raise RuntimeError(f"nginx exited at start-up: {err.strip()}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        self.stop()
                        raise RuntimeError(f"nginx did not listen on port {port}") from None
                    time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()  # SIGTERM: nginx's fast shutdown, workers included
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def __enter__(self) -> Nginx:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
