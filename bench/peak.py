"""Run a Python module or script and write its peak RSS (VmHWM, MB) to a file at exit.

ru_maxrss of a child is useless here: Linux carries the high-water mark across fork and
exec, so every child would report the bench's own (large) peak. VmHWM belongs to the
process's post-exec memory map, so reading it at exit gives the child's true peak.
Usage: python bench/peak.py OUT_FILE (-m MODULE | SCRIPT) ARGS...
"""

from __future__ import annotations

import atexit
import runpy
import sys
from pathlib import Path


def _report(out: Path) -> None:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            out.write_text(str(int(line.split()[1]) / 1024))


def main() -> None:
    out = Path(sys.argv[1])
    atexit.register(_report, out)
    if sys.argv[2] == "-m":
        sys.argv = [sys.argv[3], *sys.argv[4:]]
        runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
    else:
        sys.argv = sys.argv[2:]
        runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
