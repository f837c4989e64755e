"""Where a reviewer left off, per database and reviewer, so that the next start comes
back to it: the reply and suggestion (or the inbox row), the filter, the search and the
sort.

Kept in the user's state folder (`~/.local/state/cppcc-review/places.json` on Linux,
platformdirs elsewhere), not in the database: it is this person's view of a database,
not data to share. Written atomically (cppcc_review.store.atomic) when the app quits, when a terminal
closes under it, when the reviewer leaves a reply, and a moment after a reply is opened or
another suggestion shown (cppcc_review.tui.place_keeper: so that a killed app comes back on the
reply being read); a damaged or missing file just means starting at the top.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from .logs import logger
from .user_dirs import user_state_dir

LOG = logger("session_state")

KEEP = 50  # databases x reviewers remembered


@dataclass
class Place:
    screen: str = "inbox"
    """"review" when the app was left on a reply, else "inbox"."""
    reply_id: str | None = None
    index: int | None = None
    """The suggestion (1-based) on the review screen."""
    filter: str | None = None
    """unreviewed | in_progress | done | changed, or None for all."""
    sort: str = "doc_no"
    reverse: bool = False
    search: str = ""


def places_path() -> Path:
    return Path(user_state_dir()) / "places.json"


def _key(db_path: Path, reviewer: str) -> str:
    return f"{Path(db_path).expanduser().resolve()}|{reviewer}"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):  # damaged: start at the top (and overwrite it next time)
        LOG.warning("%s cannot be read; starting at the top", path, exc_info=True)
        return {}
    return data if isinstance(data, dict) else {}


def load_place(db_path: Path, reviewer: str) -> Place | None:
    entry = _read(places_path()).get(_key(db_path, reviewer))
    if not isinstance(entry, dict):
        return None
    known = {f.name for f in fields(Place)}
    try:
        return Place(**{k: v for k, v in entry.items() if k in known})
    except TypeError:
        LOG.warning("the place remembered for %s is not usable", reviewer, exc_info=True)
        return None


def save_place(db_path: Path, reviewer: str, place: Place) -> None:
    """Remember `place`; a folder that cannot be written is not worth stopping for."""
    from ..store.atomic import atomic_write, dumps

    path = places_path()
    data = _read(path)
    key = _key(db_path, reviewer)
    data.pop(key, None)
    data[key] = asdict(place)  # newest last
    while len(data) > KEEP:
        data.pop(next(iter(data)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, dumps(data))
    except Exception:  # a convenience, never a reason to fail
        LOG.warning("where the reviewer left off was not saved to %s", path, exc_info=True)
