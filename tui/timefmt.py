"""Times as the reviewer reads them."""

from __future__ import annotations

from datetime import datetime


def local_time(iso: str | None) -> str:
    """An ISO timestamp (from this machine or another reviewer's export, often UTC) as this
    machine's local date and time, to the minute: 2025-07-10 10:00."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")
