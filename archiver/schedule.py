"""`archiver schedule`: the crontab line or systemd service + timer that runs a crawl.

Nothing is installed unless asked; installing writes files into a folder (by default
/etc/cron.d or /etc/systemd/system, or ARCHIVER_SCHEDULE_DIR / --dest) and prints the
command that activates them, without running it. Overlapping runs are safe: the archive
lock makes a second crawl of the same archive exit at once with a clear message.
"""

from __future__ import annotations

import getpass
import os
import re
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from archiver.errors import ArchiverError

DEFAULT_DIRS = {"cron": "/etc/cron.d", "systemd": "/etc/systemd/system"}
_EVERY = re.compile(r"^\s*(\d+)\s*(m|min|h|d)\s*$")


@dataclass
class Schedule:
    name: str
    command: list[str]
    cron: str  # the five time fields
    every: str  # systemd time span, "1h"
    log: str = ""  # where the cron line appends the crawl's output
    files: dict[str, str] = field(default_factory=dict)  # file name -> content

    @property
    def command_line(self) -> str:
        return shlex.join(self.command)


def parse_every(every: str) -> tuple[str, str]:
    """"30m" / "1h" / "6h" / "1d" -> (cron time fields, systemd time span)."""
    match = _EVERY.match(every or "")
    if not match or int(match.group(1)) == 0:
        raise ArchiverError(f"--every: expected a period like 30m, 1h, 6h or 1d, got {every!r}")
    n, unit = int(match.group(1)), match.group(2)
    if unit in ("m", "min"):
        if 60 % n:
            raise ArchiverError(f"--every {every}: minutes must divide 60 (5m, 15m, 30m ...)")
        return (f"*/{n} * * * *" if n < 60 else "0 * * * *"), f"{n}min"
    if unit == "h":
        if 24 % n:
            raise ArchiverError(f"--every {every}: hours must divide 24 (1h, 2h, 6h, 12h ...)")
        return ("0 * * * *" if n == 1 else f"0 */{n} * * *"), f"{n}h"
    return ("0 3 * * *" if n == 1 else f"0 3 */{n} * *"), f"{n}d"


def build(site_or_profile: str, every: str, db: str, *, archiver: str | None = None,
          workdir: str | None = None) -> Schedule:
    """The schedule for crawling ``site_or_profile`` (a URL or a profile file) into ``db``."""
    from archiver.crawl import build_settings
    from archiver.params import CrawlParams

    cron, span = parse_every(every)
    db_path = str(Path(db).resolve())
    if site_or_profile.lower().startswith(("http://", "https://")):
        target = [site_or_profile]
        params = CrawlParams(url=site_or_profile, db=db_path)
    elif Path(site_or_profile).is_file():
        target = ["--profile", str(Path(site_or_profile).resolve())]
        params = CrawlParams(profile=site_or_profile, db=db_path)
    else:
        raise ArchiverError(f"{site_or_profile}: neither an http(s) URL nor a profile file")
    # The checks `archiver crawl` makes before it starts: what it would refuse on every run,
    # unattended, is refused now.
    build_settings(params)
    exe = archiver or shutil.which("archiver")
    base = [exe] if exe else [sys.executable, "-m", "archiver"]
    command = [*base, "crawl", *target, "--db", db_path]
    name = "archiver-" + re.sub(r"[^A-Za-z0-9_-]+", "-", Path(db).stem).strip("-")
    workdir = workdir or os.getcwd()
    log = str(Path(db_path).with_name(name + ".log"))
    schedule = Schedule(name=name, command=command, cron=cron, every=span, log=log)
    schedule.files = {
        f"{name}.service": (
            "[Unit]\n"
            f"Description=archiver: crawl {site_or_profile} into {db_path}\n"
            "After=network-online.target\nWants=network-online.target\n\n"
            "[Service]\nType=oneshot\n"
            f"WorkingDirectory={workdir}\n"
            f"ExecStart={schedule.command_line}\n"
        ),
        f"{name}.timer": (
            "[Unit]\n"
            f"Description=archiver: crawl {site_or_profile} every {every}\n\n"
            "[Timer]\nOnBootSec=5min\n"
            f"OnUnitActiveSec={span}\n"
            "Persistent=true\n\n"
            "[Install]\nWantedBy=timers.target\n"
        ),
    }
    return schedule


def crontab_line(schedule: Schedule) -> str:
    """A line for `crontab -e` (the user's crontab: no user field)."""
    return f"{schedule.cron} {schedule.command_line} >> {shlex.quote(schedule.log)} 2>&1"


def install(schedule: Schedule, how: str, dest: str | None = None) -> list[Path]:
    """Write the cron.d file or the systemd unit pair into ``dest``; return the paths."""
    if how not in DEFAULT_DIRS:
        raise ArchiverError(f"--install: expected cron or systemd, got {how!r}")
    folder = Path(dest or os.environ.get("ARCHIVER_SCHEDULE_DIR") or DEFAULT_DIRS[how])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if how == "cron":
            # cron.d lines carry the user to run as.
            path = folder / schedule.name
            path.write_text(
                "# Written by `archiver schedule`.\n"
                f"{schedule.cron} {getpass.getuser()} {schedule.command_line}\n")
            return [path]
        paths = []
        for name, content in schedule.files.items():
            path = folder / name
            path.write_text(content)
            paths.append(path)
        return paths
    except OSError as exc:
        raise ArchiverError(f"could not write to {folder}: {exc.strerror}") from None
