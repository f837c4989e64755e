"""An assessment written over one another writer changed meanwhile (ReviewStore.set_assessment base=).

Two writers can hold one database: two app windows of the same reviewer, or the app and
`cppcc-review rate` / `import-ratings`. A form opened on the stored assessment `base` must not
write its values back whole: a choice made elsewhere since would be silently overwritten by the
form's stale value. So only what this writer changed since `base` is written, decided field by
field under the write lock against what is stored now (`stored`):

- a choice this writer left as it was in `base`: the stored value stands (another writer's,
  perhaps newer than the form);
- a choice this writer changed and the other writer did not (or changed to the same): this one;
- a choice both changed, to different values: this writer's, the later one. Why not the earlier:
  reviews are per reviewer, so both writers are the same person, and in the app every choice is
  one deliberate key press, saved at once and shown under the reviewer's cursor: the later choice
  is their newer judgement, and keeping the older one would flip the form back right after the
  key. It is never silent: the value replaced is reported (`AssessmentSaved.replaced`), the app
  names it in a toast, and undo brings it back;
- a choice the form only proposed (`proposed`: filled from the suggestion ratings, never chosen
  by the reviewer): written only where no writer has chosen one; any choice outranks a proposal;
- the opinion (free text): neither text is thrown away (`both_kept`, as a note);
- completed_at: like a choice (confirming here or elsewhere both make the reply done), not reported.

Pure functions: store/review_writes.py reads `stored` and writes the result under its lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from .model import Assessment, Review

CHOICES = ("result", "attitude", "communication", "relevance")
"""The chosen fields of an Assessment (the opinion is text, completed_at a time)."""


def both_kept(stored: str, base: str, typed: str) -> str:
    """The text to store when a reviewer wrote `typed` over `base` (the text they were shown)
    and the store holds `stored` now: `typed` unless another writer changed the text meanwhile;
    then neither is thrown away (the other writer's text, a line break, the reviewer's), except
    what the reviewer left unchanged or emptied (the other writer's text stands)."""
    if stored in (base, typed) or not stored or typed.startswith(stored):
        return typed
    if typed in (base, ""):
        return stored
    return f"{stored}\n{typed}"


@dataclass(frozen=True)
class AssessmentSaved:
    """What `ReviewStore.merge_assessment` stored: the review as it is now, and the choices of
    another writer that this writer's own choice replaced (field -> the value replaced)."""

    review: Review
    replaced: dict[str, Enum] = field(default_factory=dict)


def _field(stored: Any, base: Any, mine: Any, proposed: bool) -> tuple[Any, bool]:
    """One field's value to store, and whether it replaced another writer's different choice."""
    if mine == base or stored == mine:
        return stored, False  # not changed here (or changed alike): what is stored stands
    if stored == base:
        return mine, False  # changed here only
    if proposed:
        return (mine, False) if stored is None else (stored, False)  # a choice outranks a proposal
    return mine, stored is not None  # both changed it: the later writer's (a cleared value is no loss)


def merged(stored: Assessment, base: Assessment, mine: Assessment,
           proposed: frozenset[str] = frozenset()) -> tuple[Assessment, dict[str, Enum]]:
    """The assessment to store when a writer turned `base` into `mine` and the store holds
    `stored` now (see the module docstring), and the choices of the other writer replaced."""
    values: dict[str, Any] = {}
    replaced: dict[str, Enum] = {}
    for name in CHOICES:
        value, lost = _field(getattr(stored, name), getattr(base, name), getattr(mine, name), name in proposed)
        values[name] = value
        if lost:
            replaced[name] = getattr(stored, name)
    values["completed_at"], _ = _field(stored.completed_at, base.completed_at, mine.completed_at, False)
    values["opinion"] = both_kept(stored.opinion, base.opinion, mine.opinion)
    return replace(mine, **values), replaced
