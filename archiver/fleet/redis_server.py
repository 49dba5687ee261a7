"""A redis-server of our own on loopback, for `archiver fleet demo` and the tests.

Started on a free port with its files in a folder of ours; append-only, so a restart keeps
the queue (``restart``), as a deployment's Redis should (docs/scale-out.md).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

import redis

from archiver.errors import ArchiverError


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class RedisServer:
    def __init__(self, folder: str | Path, host: str = "127.0.0.1", port: int = 0) -> None:
        if not shutil.which("redis-server"):
            raise ArchiverError("redis-server is not installed (Debian: apt-get install "
                                "redis-server)")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.host = host
        self.port = port or free_port(host)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"

    def start(self) -> RedisServer:
        log = open(self.folder / "redis.log", "ab")
        self.process = subprocess.Popen(
            ["redis-server", "--bind", self.host, "--port", str(self.port),
             "--dir", str(self.folder), "--save", "", "--appendonly", "yes",
             "--appendfsync", "always", "--daemonize", "no", "--protected-mode", "no"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        log.close()
        client = redis.Redis(host=self.host, port=self.port, socket_connect_timeout=1)
        for _ in range(100):
            if self.process.poll() is not None:
                raise ArchiverError(f"redis-server exited ({self.process.returncode}); see "
                                    f"{self.folder / 'redis.log'}")
            try:
                if client.ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.1)
        raise ArchiverError(f"redis-server did not answer on {self.url}")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
