"""The time and version stamped on what the store writes: one implementation each.

`now_iso()` is this machine's local time with its UTC offset, to the second
("2025-07-10T14:03:05+08:00"), as every timestamp in the database and the exports is
written; `tool_version()` is the installed cppcc-review version ("0.0.0+src" when run
from a source tree that is not installed).
"""

from __future__ import annotations

from datetime import datetime


def now_iso(now: datetime | None = None) -> str:
    """`now` (default: the current time) as a local ISO timestamp with offset, to the second."""
    return (now or datetime.now()).astimezone().isoformat(timespec="seconds")


def tool_version() -> str:
    # Imported here: importlib.metadata costs 10-40 ms, and every command imports this
    # module for now_iso() (a `rate` call is meant to cost little more than Python's start).
    from importlib import metadata

    try:
        return metadata.version("cppcc-review")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0.0.0+src"
