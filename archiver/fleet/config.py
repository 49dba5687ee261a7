"""The fleet's settings: archiver/settings.py defaults < the environment < command options.

Fleet processes are not Scrapy crawls, so they read the ARCHIVER_FLEET_* settings
themselves; the environment is how a systemd unit (or the demo) hands them to a worker.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, ClassVar

from archiver import settings as defaults
from archiver.errors import ArchiverError


@dataclass(frozen=True)
class FleetConfig:
    archive: str  # the central archive (SQLite), written by the ingester and the scheduler
    shared: str  # the shared folder (NFS): outputs/<site-key>/<job-id>/
    redis_url: str
    every: str  # a site's default refresh interval ("6h", "1d")
    host_delay_ms: int  # least time between two requests to one host, fleet-wide
    lock_ttl: int  # seconds a dead worker's site lock outlives it
    heartbeat_timeout: int  # seconds before a silent worker's messages are redelivered
    job_timeout: int  # seconds a crawl may run before it is stopped

    _SETTINGS: ClassVar[dict[str, str]] = {
        "archive": "ARCHIVER_FLEET_ARCHIVE", "shared": "ARCHIVER_FLEET_SHARED",
        "redis_url": "ARCHIVER_FLEET_REDIS_URL", "every": "ARCHIVER_FLEET_EVERY",
        "host_delay_ms": "ARCHIVER_FLEET_HOST_DELAY_MS", "lock_ttl": "ARCHIVER_FLEET_LOCK_TTL",
        "heartbeat_timeout": "ARCHIVER_FLEET_HEARTBEAT_TIMEOUT",
        "job_timeout": "ARCHIVER_FLEET_JOB_TIMEOUT",
    }

    @classmethod
    def load(cls, environ: dict[str, str] | None = None, **options: Any) -> FleetConfig:
        """Defaults, then ARCHIVER_FLEET_* environment variables, then ``options`` that are
        not None (the command line)."""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        for item in fields(cls):
            name = cls._SETTINGS[item.name]
            value: Any = environ.get(name, getattr(defaults, name))
            if options.get(item.name) is not None:
                value = options[item.name]
            if item.type == "int":
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    raise ArchiverError(f"{name} must be a whole number, got {value!r}") from None
                if value < 0:
                    raise ArchiverError(f"{name} must not be negative, got {value}")
            values[item.name] = str(value) if item.type == "str" else value
        return cls(**values)

    def with_options(self, **options: Any) -> FleetConfig:
        return replace(self, **{k: v for k, v in options.items() if v is not None})

    def environ(self) -> dict[str, str]:
        """These settings as environment variables, for a process the fleet starts."""
        return {self._SETTINGS[f.name]: str(getattr(self, f.name)) for f in fields(self)}

    @property
    def outputs(self) -> Path:
        return Path(self.shared) / "outputs"
