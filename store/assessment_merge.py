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
  by the reviewer): not written while the form saves the reviewer's choices one at a time (a
  proposal stays a proposal: the first choice used to store every other proposed value too, and
  the form's undo then showed the form as opened while they stayed stored); confirming writes it,
  only where no writer has chosen one: any choice outranks a proposal;
- the opinion (free text): neither text is thrown away (`both_kept`, as a note);
- completed_at: like a choice (confirming here or elsewhere both make the reply done), not reported;
- `keep_theirs` (an undo in the form): a choice another writer changed since `base` stays theirs.

A confirmation (`confirmed`, merge_assessment confirm=True) is decided against `stored` too:
- the required choices (REQUIRED: what the statistics count) must be chosen in what would be
  stored; another writer may have cleared one after the form checked: refused
  (`AssessmentRefused`, code assessment_required_missing), nothing stored;
- a confirmation stored elsewhere since `base` with other choices than this writer's: refused
  (code assessment_confirmed_elsewhere), nothing stored. Why not the later confirmation winning
  as a choice does: confirming closes the form (ctrl+n opens the next reply), so the merged
  assessment, part the other confirmation's choices, would be marked done without the reviewer
  ever seeing it, and a toast about it would stand over the next reply. Refused, the form stays
  open showing the other confirmation's choices where the reviewer had not chosen, keeps the
  reviewer's own, and a second confirm then stores what is on screen (the later one, as a
  choice). Confirmed alike (same choices): nothing to ask, the first confirmation's time stands.

Pure functions: store/review_writes.py reads `stored` and writes the result under its lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from .clock import now_iso
from .errors import StoreError
from .model import Assessment, Review

CHOICES = ("result", "attitude", "communication", "relevance")
"""The chosen fields of an Assessment (the opinion is text, completed_at a time)."""
REQUIRED = ("result", "attitude", "relevance")
"""The choices a confirmed assessment must have (the statistics' satisfaction rates count them)."""


class AssessmentRefused(StoreError):
    """A confirmation refused under the write lock; nothing was stored. `code`:
    assessment_required_missing (`fields`: the required choices empty in what would be stored) or
    assessment_confirmed_elsewhere (`fields`: the choices the stored confirmation `theirs` made
    otherwise than this writer's), or assessment_incomplete (a confirmed assessment written whole
    without a required choice: `fields`, `rid`)."""

    def __init__(self, line: str, code: str, fields: tuple[str, ...], theirs: Assessment, **values: object) -> None:
        super().__init__(line, code=code, fields=", ".join(fields), time=theirs.completed_at or "", **values)
        self.fields = fields
        self.theirs = theirs


def missing_required(assessment: Assessment) -> tuple[str, ...]:
    """The required choices a confirmed `assessment` leaves empty (none when it is not confirmed)."""
    if not assessment.completed_at:
        return ()
    return tuple(n for n in REQUIRED if getattr(assessment, n) is None)


def whole_confirmation_checked(rid: str, assessment: Assessment, stored: Assessment) -> None:
    """An assessment written whole (a ratings file: set_assessment without base) that is confirmed
    must hold every required choice, as a confirmation in the form must: refused (AssessmentRefused,
    code assessment_incomplete), nothing stored; the statistics would count a reply done without
    its satisfaction."""
    missing = missing_required(assessment)
    if missing:
        raise AssessmentRefused(f"reply {rid}: the assessment is confirmed (completed_at) but a required choice "
                                f"is empty ({', '.join(missing)}); nothing was stored", "assessment_incomplete",
                                missing, stored, rid=rid)


def both_kept(stored: str, base: str, typed: str) -> str:
    """The text to store when a reviewer wrote `typed` over `base` (the text they were shown)
    and the store holds `stored` now: `typed` unless another writer changed the text meanwhile;
    then neither is thrown away (the other writer's text, a line break, the reviewer's), except
    what the reviewer left unchanged or emptied (the other writer's text stands). Where `base`
    still stands whole, on lines of its own, in `stored` (a merge joined it to another note,
    another writer added lines around it), `typed` takes its place there: the text it was
    written from is not kept twice."""
    if stored in (base, typed) or not stored or typed.startswith(stored):
        return typed
    if typed in (base, ""):
        return stored
    at = _whole_lines_at(stored, base)
    if at is not None:
        return stored[:at] + typed + stored[at + len(base):]
    return f"{stored}\n{typed}"


def _whole_lines_at(text: str, part: str) -> int | None:
    """Where `part` (not empty) stands in `text` on lines of its own, first; None when it does not."""
    if not part:
        return None
    at = f"\n{text}\n".find(f"\n{part}\n")  # (its line end before: at `at` of the padded text, `part` at `at` of text)
    return at if at >= 0 else None


@dataclass(frozen=True)
class AssessmentSaved:
    """What `ReviewStore.merge_assessment` stored: the review as it is now, and the choices of
    another writer that this writer's own choice replaced (field -> the value replaced)."""

    review: Review
    replaced: dict[str, Enum] = field(default_factory=dict)


def _field(stored: Any, base: Any, mine: Any, proposed: bool = False, keep_theirs: bool = False) -> tuple[Any, bool]:
    """One field's value to store, and whether it replaced another writer's different choice.
    `proposed`: a proposal being confirmed (written where none is stored)."""
    if mine == base or stored == mine:
        return stored, False  # not changed here (or changed alike): what is stored stands
    if stored == base:
        return mine, False  # changed here only
    if keep_theirs:
        return stored, False  # changed elsewhere since: an undo here does not throw it away
    if proposed:
        return (mine, False) if stored is None else (stored, False)  # a choice outranks a proposal
    return mine, stored is not None  # both changed it: the later writer's (a cleared value is no loss)


def merged(stored: Assessment, base: Assessment, mine: Assessment, proposed: frozenset[str] = frozenset(),
           keep_theirs: frozenset[str] = frozenset(), *,
           confirming: bool = False) -> tuple[Assessment, dict[str, Enum]]:
    """The assessment to store when a writer turned `base` into `mine` and the store holds
    `stored` now (see the module docstring), and the choices of the other writer replaced.
    `confirming`: the proposals are confirmed (written where nothing is stored), else left out."""
    values: dict[str, Any] = {}
    replaced: dict[str, Enum] = {}
    # A confirmation since `base` (another window's) took every choice as it stood: an undo here leaves
    # them as confirmed (QA: an undo cleared a choice of an assessment confirmed meanwhile).
    confirmed_since = stored.completed_at is not None and stored.completed_at != base.completed_at
    for name in CHOICES:
        if name in keep_theirs and confirmed_since:
            values[name] = getattr(stored, name)
            continue
        if name in proposed and not confirming:  # (a proposal not confirmed is never written)
            values[name] = getattr(stored, name)
            continue
        value, lost = _field(getattr(stored, name), getattr(base, name), getattr(mine, name), name in proposed,
                             name in keep_theirs)
        values[name] = value
        if lost:
            replaced[name] = getattr(stored, name)
    values["completed_at"], _ = _field(stored.completed_at, base.completed_at, mine.completed_at)
    values["opinion"] = both_kept(stored.opinion, base.opinion, mine.opinion)
    return replace(mine, **values), replaced


def confirmed(stored: Assessment, base: Assessment, mine: Assessment,
              proposed: frozenset[str] = frozenset()) -> tuple[Assessment, dict[str, Enum]]:
    """`merged` for a writer confirming `mine` (its completed_at the confirmation's time): refused
    (AssessmentRefused) when a required choice would be stored empty or when `stored` holds another
    confirmation, made since `base`, with other choices (the module docstring says why)."""
    mine = replace(mine, completed_at=mine.completed_at or now_iso())
    if stored.completed_at and stored.completed_at != base.completed_at:
        differ = tuple(n for n in CHOICES if getattr(stored, n) != getattr(mine, n))
        if differ:
            raise AssessmentRefused(f"the assessment was confirmed elsewhere at {stored.completed_at} with other "
                                    f"choices ({', '.join(differ)}); not confirmed here",
                                    "assessment_confirmed_elsewhere", differ, stored)
        mine = replace(mine, completed_at=stored.completed_at)  # confirmed alike: the first time stands
    result, replaced = merged(stored, base, mine, proposed, confirming=True)
    result = replace(result, completed_at=result.completed_at or mine.completed_at)
    missing = missing_required(result)  # (confirmed: completed_at is set)
    if missing:
        raise AssessmentRefused(f"required choices not chosen ({', '.join(missing)}); the assessment is not confirmed",
                                "assessment_required_missing", missing, stored)
    return result, replaced
