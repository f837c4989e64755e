"""The assessment form's confirmation and undo (AssessmentScreen's ctrl+s / c / ctrl+n and u / ctrl+z).

Confirming checks the required choices and asks about gaps (unrated suggestions, an unchosen
field) first; the store then decides again under its write lock against the disk
(merge_assessment confirm=True): another writer may have cleared a required choice, or confirmed
the reply with other choices, since the form last showed the assessment. Refused, nothing is
marked done: the form stays open showing what is stored, and a toast names the field, or the
other confirmation's time and the choices that differ (store/assessment_merge.py says why the
second confirmation is refused rather than winning).

Undo takes back the last choice saved during this visit, writing the value the field held
before through the store (on disk, as any choice), one at a time back to how the form was
opened. A choice another writer changed since is theirs: the undo leaves it and says so
(keep_theirs, decided under the write lock like the form's save with base=).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, cast

from ...store.assessment_merge import REQUIRED, AssessmentRefused, AssessmentSaved
from ...store.clock import now_iso
from ..i18n import enum_label, t
from ..messages import ReplyCompleted
from ..timefmt import local_time
from .assessment_choices import FIELDS, ChoiceMade, field_label

if TYPE_CHECKING:
    from .assessment import AssessmentScreen


class AssessmentActions:
    def __init__(self, form: AssessmentScreen) -> None:
        self.form = form

    @property
    def lang(self) -> str:
        return self.form.lang

    def _warn(self, message: str, /, **values: object) -> None:
        self.form.notify(t(message, self.lang, **values), severity="warning", markup=False)

    def _field(self, name: str) -> str:
        return field_label(name, self.lang)

    def _choice(self, value: object) -> str:
        """A choice as the reviewer reads it; none chosen said in words."""
        return enum_label(cast("Enum", value), self.lang) if value is not None else t("assess.unchosen", self.lang)

    def _join(self, parts: list[str]) -> str:
        return ("；" if self.lang != "en" else "; ").join(parts)

    # confirming --------------------------------------------------------
    def confirm(self, then: str | None = None) -> None:
        """Confirm the assessment (the reply is then done); `then="next"` also asks the review
        screen to open the next reply that needs work. Unrated suggestions or an unchosen
        field are asked about first; the fields the statistics need are required."""
        if self.form.ctx.store.readonly:  # refused at once: a question whose "yes" could not be carried out
            self.form.ctx.write.refused_readonly("readonly.confirm")
            return
        lang, values = self.lang, self.form.values
        missing = [t(key, lang) for name, _e, key in FIELDS if name in REQUIRED and values[name] is None]
        if missing:
            self._warn("assess.missing", fields=("、" if lang != "en" else ", ").join(missing))
            return
        unrated = self.unrated()
        gaps = []
        if unrated:
            gaps.append(t("assess.gap_unrated", lang, n=unrated))
        gaps += [t("assess.gap_field", lang, field=t(key, lang)) for name, _e, key in FIELDS if values[name] is None]
        if not gaps:
            self._confirm(then)
            return
        from .confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._confirm(then)

        self.form.app.push_screen(ConfirmScreen(self.form.ctx, t("assess.ask_gaps", lang, gaps=self._join(gaps))),
                                  answered)

    def unrated(self) -> int:
        form = self.form
        return sum(1 for r in form.ratings if r is None) + len(form.reply.suggestions) - len(form.ratings)

    def _confirm(self, then: str | None) -> None:
        form = self.form
        confirming = dict(form.values)
        saved = form.save(form.completed_at or now_iso(), confirm=True)
        if isinstance(saved, AssessmentRefused):
            self._refused(saved, confirming)
            return
        if saved is None:
            return
        form.post_message(ReplyCompleted(form.reply_id))
        unrated = self.unrated()
        if unrated:
            self._warn("assess.completed_unrated", n=unrated)
        else:
            form.notify(t("assess.completed", self.lang), markup=False)
        form.dismiss(then or True)

    def _refused(self, refused: AssessmentRefused, confirming: dict[str, object]) -> None:
        """The store refused the confirmation: nothing is done; the form shows what is stored
        (the poll's way: choices the reviewer has not changed, the other confirmation's time)."""
        form = self.form
        form.changed_elsewhere(frozenset({form.reply_id}))
        if refused.code == "assessment_required_missing":
            names = [self._field(n) for n in refused.fields]
            fields = ", ".join(names) if self.lang == "en" else "、".join(f"“{n}”" for n in names)
            self._warn("assess.refused_missing", fields=fields)
            return
        differ = [t("assess.differ", self.lang, field=self._field(name),
                    theirs=self._choice(getattr(refused.theirs, name)), mine=self._choice(confirming[name]))
                  for name in refused.fields]
        self._warn("assess.confirmed_elsewhere", time=local_time(refused.theirs.completed_at),
                   choices=self._join(differ))

    # undo ---------------------------------------------------------------
    def record(self, name: str, before: object, saved: AssessmentSaved, *, proposed: bool = False) -> None:
        """The reviewer's choice in `name` was saved: undo can take it back (to the other writer's
        choice, when the save replaced one: what was on disk before). `proposed`: `before` was the
        form's proposal, never stored: undo empties the field on disk and shows the proposal."""
        after = getattr(saved.review.assessment, name)
        proposal = before if proposed and name not in saved.replaced else None
        self.form.choices.made.append(ChoiceMade(name, saved.replaced.get(name, before), after, proposal,
                                                 saved.review.assessment.completed_at))

    def undo(self) -> None:
        """Write the value the last choice of this visit replaced back (see the module docstring)."""
        form = self.form
        made = form.choices.made
        if not made:
            form.notify(t("assess.nothing_to_undo", self.lang), markup=False)
            return
        last = made.pop()
        field = self._field(last.name)
        if form.values[last.name] != last.after:  # another writer's choice, shown by the poll
            self._warn("assess.undo_theirs", field=field, theirs=self._choice(form.values[last.name]))
            return
        if form.completed_at and form.completed_at != last.confirmed_at:  # confirmed since (elsewhere)
            self._warn("assess.undo_confirmed", field=field, time=local_time(form.completed_at))
            return
        on_disk = None if last.proposal is not None else last.before  # (a proposal was never stored)
        form.choices.values[last.name] = on_disk
        saved = form.save(form.completed_at, keep_theirs=frozenset({last.name}))
        if not isinstance(saved, AssessmentSaved):  # not written (told why): the choice stands
            form.choices.values[last.name] = last.after
            made.append(last)
            return
        stored = getattr(saved.review.assessment, last.name)
        if stored != on_disk:  # changed elsewhere since the choice: theirs stands (keep_theirs)
            form.show_choices([last.name])
            self._warn("assess.undo_theirs", field=field, theirs=self._choice(stored))
            return
        if last.proposal is not None:
            form.choices.proposal_back(last.name, last.proposal)
        form.show_choices([last.name])
        form.notify(t("assess.undone", self.lang, field=field, value=self._choice(form.values[last.name])),
                    markup=False)
