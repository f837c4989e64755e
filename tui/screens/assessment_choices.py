"""The assessment form's choices and what they were last synced to (AssessmentScreen).

The form saves each choice at once, with `base`, the stored assessment it last showed: the
store then writes only what the reviewer changed since (ReviewStore.merge_assessment), so a
choice another writer made meanwhile is not overwritten by the form's stale value. When the
app's poll sees the stored assessment changed elsewhere, every choice the reviewer has not
changed since `base` (or only had proposed) shows the stored one (`sync`); a choice of theirs
not yet stored stays. No widgets here: the screen shows what these say.

Each choice the reviewer made and the store saved during this visit is kept (`made`), newest last,
for the form's undo: it writes the value the field held before back, one choice at a time, back
to how the form was opened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from ...store.assessment_merge import CHOICES
from ...store.model import Assessment, Communication, Relevance, Satisfaction
from ..i18n import t

FIELDS: list[tuple[str, type[Enum], str]] = [
    ("result", Satisfaction, "assess.result"),
    ("attitude", Satisfaction, "assess.attitude"),
    ("communication", Communication, "assess.communication"),
    ("relevance", Relevance, "assess.relevance"),
]
"""The form's choices, in its order: field name, its values, its label's key."""


def field_label(name: str, lang: str) -> str:
    return next(t(key, lang) for n, _e, key in FIELDS if n == name)


@dataclass(frozen=True)
class ChoiceMade:
    """A choice saved during this visit: `name` went from `before` (what the form showed, or the
    other writer's choice the save replaced: what was on disk) to `after`."""

    name: str
    before: object
    after: object
    proposal: object = None
    """The value the form only proposed there before the choice (None: it held a choice, or nothing):
    undo stores the field empty again and shows the proposal, as the form was opened."""
    confirmed_at: str | None = None  # the assessment's confirmation when the choice was saved


class AssessmentChoices:
    """The form's choices (`values`), the stored assessment they were last synced to (`base`),
    and the choices the form only proposed from the ratings (`proposed`: never chosen, written
    only where nothing is stored)."""

    def __init__(self, saved: Assessment, proposal: Assessment | None) -> None:
        self.base = saved
        # A field nothing is stored in shows its proposal (a choice stores that choice only, so a
        # form left after one choice proposes the rest again when it is opened next).
        self.proposed: set[str] = {n for n in CHOICES if proposal is not None and getattr(saved, n) is None
                                   and getattr(proposal, n) is not None}
        self.values: dict[str, object] = {n: getattr(proposal if n in self.proposed else saved, n) for n in CHOICES}
        self.made: list[ChoiceMade] = []
        """The choices saved during this visit, the last one last (what undo takes back)."""

    def choose(self, name: str, value: object) -> None:
        """The reviewer chose `value` for `name` (a choice now, no longer a proposal)."""
        self.values[name] = value
        self.proposed.discard(name)

    def base_for(self, opinion: str) -> Assessment:
        """What the form was opened on / last synced to, with the opinion the box was opened on."""
        return replace(self.base, opinion=opinion)

    def saved(self, stored: Assessment) -> list[str]:
        """The form's save stored `stored`: the form shows it now, but for the proposals nothing is
        stored in (the store does not write a proposal before the confirmation: it stays shown, and
        proposed). Returns the choices that differ from what the form showed (another writer's,
        kept by the store)."""
        differ = []
        for name in CHOICES:
            theirs = getattr(stored, name)
            if name in self.proposed and theirs is None:
                continue  # still a proposal
            self.proposed.discard(name)
            if self.values[name] != theirs:
                differ.append(name)
                self.values[name] = theirs
        self.base = stored
        return differ

    def proposal_back(self, name: str, proposal: object) -> None:
        """The undo of the first choice in a proposed field: it shows its proposal again (unstored)."""
        self.values[name] = proposal
        self.proposed.add(name)

    def sync(self, stored: Assessment) -> list[str]:
        """Another writer stored `stored`: each choice the reviewer has not changed since `base`
        shows the stored one (a proposal gives way to any stored choice); a choice of theirs not
        stored yet (a save refused) stays, its base too, so that saving it names what it replaces.
        Returns the choices whose shown value changed."""
        shown: list[str] = []
        base = {n: getattr(stored, n) for n in CHOICES}
        for name in CHOICES:
            theirs, mine = getattr(stored, name), self.values[name]
            if name in self.proposed:
                untouched = theirs is not None
            else:
                untouched = mine == getattr(self.base, name)
                if not untouched:
                    base[name] = getattr(self.base, name)
            if untouched:
                self.proposed.discard(name)
                if theirs != mine:
                    self.values[name] = theirs
                    shown.append(name)
        self.base = replace(stored, **base)
        return shown
