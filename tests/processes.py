"""Servers the tests start, stopped whole; and the check that a session leaves none behind.

A server that forks (php -S with PHP_CLI_SERVER_WORKERS, nginx, mariadbd, Chromium) is
started in a session of its own, so that it and every child it forks share one process
group, and stopped by signalling that group: stopping the parent alone leaves its workers
listening. Every process the tests start inherits SESSION_MARK from the environment, which
is how the end-of-session check finds them even once they have been re-parented to init.
Linux only (/proc), as the test servers are.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SESSION_MARK = "ARCHIVER_TEST_SESSION"
_PROC = Path("/proc")


@dataclass(frozen=True)
class Leftover:
    pid: int
    command: str
    ports: tuple[int, ...]

    def __str__(self) -> str:
        listening = f", listening on {', '.join(map(str, self.ports))}" if self.ports else ""
        return f"pid {self.pid}: {self.command}{listening}"


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, process group) of a process, None once it is gone."""
    try:
        text = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces or parentheses.
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[2])


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def _pids() -> list[int]:
    return [int(entry.name) for entry in _PROC.iterdir() if entry.name.isdigit()]


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group."""
    members = []
    for pid in _pids():
        stat = _stat(pid)
        if stat is not None and stat[1] == pgid and stat[0] not in ("Z", "X"):
            members.append(pid)
    return members


def _wait_until(done, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def stop_group(proc: subprocess.Popen | None, timeout: float = 20) -> None:
    """Stop a child started with start_new_session=True and everything in its group:
    SIGTERM to the group, then SIGKILL to whatever is left after ``timeout`` seconds."""
    if proc is None:
        return
    pgid = proc.pid  # a session leader's group id is its pid
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        pass
    if not _wait_until(lambda: not group_members(pgid), timeout=timeout):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()
    _wait_until(lambda: not group_members(pgid), timeout=timeout)


def listening_ports(pid: int) -> set[int]:
    """TCP ports a process listens on (IPv4 and IPv6)."""
    inodes: set[str] = set()
    try:
        for fd in (_PROC / str(pid) / "fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        return set()
    ports = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (_PROC / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def _marked(pid: int, mark: str) -> bool:
    try:
        environ = (_PROC / str(pid) / "environ").read_bytes()
    except OSError:
        return False
    return f"{SESSION_MARK}={mark}".encode() in environ.split(b"\0")


def _command(pid: int) -> str:
    try:
        raw = (_PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return "?"
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()[:200] or "?"


def leftovers(mark: str, *, grace: float = 5) -> list[Leftover]:
    """Processes started under ``mark`` (by this process or its children) still alive after
    up to ``grace`` seconds, with the ports they listen on."""
    me = os.getpid()

    def alive() -> list[int]:
        return [pid for pid in _pids() if pid != me and _alive(pid) and _marked(pid, mark)]

    _wait_until(lambda: not alive(), timeout=grace)
    return [Leftover(pid, _command(pid), tuple(sorted(listening_ports(pid))))
            for pid in alive()]


def kill(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
