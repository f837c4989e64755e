"""What a field shows of the drafts its gone windows left (store/draft_sessions.py sorts them).

A draft is a leftover when its window is gone (killed, a closed terminal, a crash). Two cases
used to hide text from the reviewer:

- several gone windows typed the same note (or the opinion): only the last one written was put
  back, the others stayed on disk unseen (and stayed behind after the reviewer saved);
- the field was saved elsewhere after the draft was typed (`import-ratings`, `rate --note`,
  another window): the older draft was offered over the newer saved text, and saving the box
  replaced the newer text with it.

So each draft records when it was last written and a digest of the saved text it was typed
over (`draft_info`, next to `drafts` in the review: {draft key: {"at": time, "over": digest}},
written by ReviewStore.set_draft). A field whose leftovers are one draft typed over the text
saved now shows it as before. Otherwise the box gets every text, none dropped: the saved text
first when a draft was typed over another one (what both_kept does with a note saved over
another writer's), then each draft under a line with the time it was typed (`—— 2026-12-04
16:20 ——`, oldest first; a draft of an older release, without its time, first with a bare
`——`). The reviewer tidies the box and saves it; every one of those drafts is then spent.

Those time lines are the tool's, not the reviewer's: a box saved as a note or the opinion leaves
out every line that is exactly one (`without_time_lines`, which the app's boxes apply when
saving). A time line the reviewer changed in any way (a word added, a character deleted) is
their text and is saved. A bare `——` line stays: it may be the reviewer's own dash line.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

DRAFT_INFO = "draft_info"
"""Key of a review doc: {draft key: {"at": when last written, "over": digest of the saved text under it}}."""


def text_digest(text: str) -> str:
    """A short digest of a saved text (a draft records the one it was typed over, not the text again)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def draft_entry(saved: str, now: str, before: Any) -> dict[str, str]:
    """The info of a draft written at `now` over the saved text `saved`; `before`, its info so far: a
    draft written on keeps the saved text it was first typed over (the box was loaded with it)."""
    over = before.get("over") if isinstance(before, dict) and isinstance(before.get("over"), str) else None
    return {"at": now, "over": over if over is not None else text_digest(saved)}


def pruned(info: Any, drafts: dict[str, str]) -> dict[str, Any]:
    """`info` without the entries of drafts that are gone (saved, dropped)."""
    return {k: v for k, v in info.items() if k in drafts} if isinstance(info, dict) else {}


def _moment(at: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(at) if isinstance(at, str) else None
    except ValueError:
        return None


def _order(at: Any) -> tuple[bool, float]:
    """Drafts without a time (an older release's) first, then by their time."""
    moment = _moment(at)
    return (False, 0.0) if moment is None else (True, moment.timestamp())


# A time line exactly as _time_line writes it (the date and the time to the minute).
_TIME_LINE = re.compile(r"—— \d{4}-\d{2}-\d{2} \d{2}:\d{2} ——")


def without_time_lines(text: str) -> str:
    """`text` (a box's, being saved) without the lines that are exactly a time line the box was given
    above a gone window's draft (`shown_leftovers`): the saved text holds what the reviewer wrote."""
    if "—— " not in text:
        return text
    return "\n".join(line for line in text.split("\n") if not _TIME_LINE.fullmatch(line))


def _time_line(at: Any) -> str:
    """The line above a draft in a joined box: when it was written, local time to the minute."""
    moment = _moment(at)
    if moment is None:
        return "——"
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"—— {moment.strftime('%Y-%m-%d %H:%M')} ——"


def shown_leftovers(keys: list[str], drafts: dict[str, str], info: Any, saved: str) -> tuple[str, bool]:
    """The text a field's box shows of its leftover drafts `keys` (in the order stored), the field's
    saved text being `saved`; and whether it joins several texts (see the module docstring)."""
    info = info if isinstance(info, dict) else {}

    def entry(key: str) -> dict[str, Any]:
        value = info.get(key)
        return value if isinstance(value, dict) else {}

    def stale(key: str) -> bool:  # typed over another saved text than the one saved now
        over, text = entry(key).get("over"), drafts[key]
        return (isinstance(over, str) and bool(saved) and over != text_digest(saved)
                and text != saved and not text.startswith(saved))

    if len(keys) == 1 and not stale(keys[0]):
        return drafts[keys[0]], False
    ordered = sorted(keys, key=lambda k: _order(entry(k).get("at")))
    parts = [saved] if any(stale(k) for k in keys) else []
    seen: set[str] = set()
    for key in ordered:
        if drafts[key] not in seen:
            seen.add(drafts[key])
            parts += [_time_line(entry(key).get("at")), drafts[key]]
    return "\n".join(parts), True
