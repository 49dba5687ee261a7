"""The bench scripts run with the project's virtualenv, whichever Python started them.

`bench/run` is started as a script (`#!/usr/bin/env python3`): on a Debian or Ubuntu
machine that is the system Python, which has neither archiver nor its dependencies (PEP
668 keeps them out of it). `./run setup` makes `.venv`; the scripts re-run themselves
with it, or say in one line what to do.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parent.parent / ".venv"


def use_project_venv() -> None:
    """Re-execute the running script with `.venv`'s Python when archiver is not importable
    here; exit with a one-line message when there is no `.venv`."""
    try:
        import lxml  # noqa: F401

        import archiver  # noqa: F401
        return
    except ImportError:
        pass
    python = VENV / "bin" / "python"
    if python.exists() and Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(python), [str(python), *sys.argv])
    sys.exit(f"{Path(sys.argv[0]).name}: archiver is not installed for {sys.executable}; "
             "run ./run setup first (it makes .venv), then run this again")
