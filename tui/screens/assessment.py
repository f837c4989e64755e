"""The satisfaction assessment (满意度测评) of a whole reply.

The form opens with values proposed from the suggestion ratings (`propose`); the
reviewer changes what they disagree with and confirms. Every change is stored as a
draft at once; confirming sets `completed_at`, which makes the reply done.

How the proposal is made (documented for reviewers in the README), once every suggestion is
rated: the rule speaks of all of a reply's suggestions, and a proposal made from the rated ones
alone let one rating decide the whole reply (1 adopted, 2 unrated -> 满意), its values already
chosen in the form for a confirm; until then the form says how many are left and proposes nothing:
- result: every suggestion adopted -> 满意; every one explained -> 不满意;
  anything in between (some adopted or partially adopted) -> 基本满意;
- attitude: 满意, or 基本满意 when every suggestion was only explained;
- relevance: 针对 when at most half of the suggestions were only explained, else 基本针对;
- communication: not proposed (the reply rarely says), the reviewer picks it.
"""

from __future__ import annotations

from enum import Enum
from typing import cast

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, RadioButton, RadioSet, TextArea

from ...store.assessment_merge import AssessmentRefused, AssessmentSaved
from ...store.draft_leftovers import without_time_lines
from ...store.model import Assessment, Communication, Rating, Relevance, Reply, Review, Satisfaction
from ..context import ReviewContext
from ..drafts import DraftKeeper
from ..i18n import enum_label, t
from ..messages import RepliesChanged
from ..safe_text import box_text, display_text, text_from_box
from ..styles import DONE, MUTED
from ..timefmt import local_time
from ..widgets.key_footer import KeyFooter
from ..widgets.plain_text_area import PlainTextArea
from ..widgets.status_line import StatusLine
from ..widgets.text_block import TextBlock
from .assessment_actions import AssessmentActions
from .assessment_choices import FIELDS, AssessmentChoices, field_label
from .base import BaseScreen


def propose(ratings: list[Rating | None]) -> Assessment | None:
    """The assessment proposed from a reply's suggestion ratings (one per suggestion, None:
    unrated); None while any suggestion is unrated, or when there is none."""
    if not ratings or None in ratings:
        return None
    rated = [r for r in ratings if r is not None]
    adopted = sum(1 for r in rated if r == Rating.ADOPTED)
    explained = sum(1 for r in rated if r == Rating.EXPLAINED)
    if adopted == len(rated):
        result = Satisfaction.SATISFIED
    elif explained == len(rated):
        result = Satisfaction.UNSATISFIED
    else:
        result = Satisfaction.BASICALLY_SATISFIED
    attitude = Satisfaction.BASICALLY_SATISFIED if explained == len(rated) else Satisfaction.SATISFIED
    relevance = Relevance.TARGETED if explained * 2 <= len(rated) else Relevance.BASICALLY_TARGETED
    return Assessment(result=result, attitude=attitude, relevance=relevance)


def ratings_of(reply: Reply, review: Review) -> list[Rating | None]:
    """One rating per suggestion of the reply (None: unrated), for `propose`."""
    ratings = [s.rating for s in review.suggestions][: len(reply.suggestions)]
    return ratings + [None] * (len(reply.suggestions) - len(ratings))


def show_choices(form: AssessmentScreen, names: list[str]) -> None:
    """The radio sets of `names` show the form's values (read from the store, not chosen there:
    AssessmentScreen.field_changed finds nothing new in the Changed they post)."""
    values = form.values
    for name in names:
        value = cast("Enum | None", values[name])
        radio = form.query_one(f"#field-{name}", RadioSet)
        buttons = list(radio.query(RadioButton))
        with radio.prevent(RadioButton.Changed):  # the others off now (none, for None)
            for button in buttons:
                if value is None or button.name != value.value:
                    button.value = False
        for button in buttons:  # its Changed tells the set which button is on
            if value is not None and button.name == value.value:
                button.value = True


def title_text(reply: Reply, ratings: list[Rating | None], proposal: Assessment | None, completed_at: str | None,
               lang: str) -> Text:
    """The form's title: the reply, its ratings counted, and its confirmation or the proposal."""
    out = Text(t("assess.title", lang), style="bold")
    out.append("  " + display_text(reply.doc_no or reply.title or "", single_line=True))
    counts = {r: sum(1 for x in ratings if x == r) for r in Rating}
    unrated = len(reply.suggestions) - sum(counts.values())
    out.append("\n")
    out.append(
        t(
            "assess.counts",
            lang,
            a=counts[Rating.ADOPTED],
            p=counts[Rating.PARTIALLY_ADOPTED],
            e=counts[Rating.EXPLAINED],
            u=unrated,
        )
    )
    out.append("\n")
    if completed_at:
        out.append(t("assess.completed_at", lang, time=local_time(completed_at)), style=DONE)
    elif proposal is not None:
        summary = " / ".join(
            enum_label(getattr(proposal, name), lang)
            for name, _e, _k in FIELDS
            if getattr(proposal, name) is not None
        )
        out.append(t("assess.proposed", lang, summary=summary), style=f"{MUTED} italic")
    elif unrated and unrated < len(reply.suggestions):
        out.append(t("assess.no_proposal_unrated", lang, n=unrated), style=f"{MUTED} italic")
    else:
        out.append(t("assess.no_proposal", lang), style=f"{MUTED} italic")
    return out


class AssessmentScreen(BaseScreen["str | bool | None"]):
    TITLE_KEY = "assess.title"

    BINDINGS = [
        Binding("ctrl+s,c", "confirm", "Confirm", id="confirm"),
        Binding("ctrl+n", "confirm_next", "Confirm, next reply", id="confirm_next"),
        Binding("u,ctrl+z", "undo", "Undo", id="undo"),
        Binding("q,escape", "back", "Back", id="back"),
    ]

    DEFAULT_CSS = """
    AssessmentScreen #assess-title { height: auto; padding: 0 1; background: $primary-background; }
    AssessmentScreen #assess-form { height: 1fr; padding: 0 1; }
    AssessmentScreen .field { height: 1; margin-top: 1; }
    AssessmentScreen .field > Label { width: 20; }
    AssessmentScreen RadioSet { layout: horizontal; width: 1fr; height: 1; border: none; padding: 0; background: transparent; }
    AssessmentScreen RadioSet:focus { border: none; background: $boost; }
    AssessmentScreen RadioSet > RadioButton { width: auto; margin-right: 1; padding: 0; }
    AssessmentScreen.-stacked .field { height: 2; layout: vertical; margin-top: 0; }
    AssessmentScreen.-stacked .field > Label { width: 1fr; color: $text-muted; }
    AssessmentScreen #opinion-label { margin-top: 1; }
    AssessmentScreen #opinion { height: 4; }
    AssessmentScreen #confirm { margin-top: 1; }
    """

    def __init__(self, ctx: ReviewContext, reply_id: str) -> None:
        super().__init__(ctx, id="assessment")
        self.reply_id = reply_id
        self.reply = ctx.store.get_reply(reply_id)
        self.review = ctx.store.get_review(reply_id, ctx.reviewer)
        saved = self.review.assessment
        self.ratings = ratings_of(self.reply, self.review)
        self.proposal = propose(self.ratings)
        self.choices = AssessmentChoices(saved, self.proposal)
        """The form's choices and the stored assessment they were last synced to."""
        self.opinion = saved.opinion
        """The opinion as saved (a change); the editor may show its draft."""
        self.opinion_shown = self.review.opinion_draft if self.review.opinion_draft is not None else saved.opinion
        self.completed_at = saved.completed_at
        self._draft: DraftKeeper | None = None
        self._warned: str | None = None
        """The other writer's opinion the reviewer was last told of while typing (told once)."""
        self.actions = AssessmentActions(self)
        """Confirming and undo."""

    @property
    def values(self) -> dict[str, object]:
        """The choices the form shows (field name -> enum value or None)."""
        return self.choices.values

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield TextBlock(self._title(), id="assess-title")
        with VerticalScroll(id="assess-form"):
            label_width = max(cell_len(t(key, lang)) for _n, _e, key in FIELDS) + 2
            for name, enum, key in FIELDS:
                with Horizontal(classes="field"):
                    label = Label(Text(t(key, lang)), markup=False)
                    label.styles.width = label_width  # whole labels in either language
                    yield label
                    buttons = [
                        RadioButton(Text(enum_label(v, lang)), value=self.values[name] == v, name=v.value)
                        for v in enum
                    ]
                    yield RadioSet(*buttons, id=f"field-{name}")
            yield Label(Text(t("assess.opinion", lang)), markup=False, id="opinion-label")
            opinion = PlainTextArea(box_text(self.opinion_shown), id="opinion", soft_wrap=True, tab_behavior="focus",
                                    read_only=self.ctx.store.readonly)
            if self.ctx.store.readonly:  # nothing typed could be saved: say so at the first key
                opinion.refuse_typing = self._refuse_opinion
            yield opinion
            yield Button(Text(t("assess.confirm", lang)), id="confirm", variant="primary")
        yield StatusLine(self.ctx.status)
        yield KeyFooter(self.lang, self.FOOTER_FIRST)

    def on_resize(self, event: events.Resize) -> None:
        """Labels above their choices when a row of them would not fit beside the label
        (English at 80 columns): every choice stays readable."""
        lang = self.lang
        label_width = max(cell_len(t(key, lang)) for _n, _e, key in FIELDS) + 2
        widest = max(sum(cell_len(enum_label(v, lang)) + 5 for v in enum) for _n, enum, _k in FIELDS)
        self.set_class(label_width + widest > event.size.width - 4, "-stacked")

    def _refuse_opinion(self) -> None:
        self.ctx.write.refused_readonly("assess.opinion_readonly")

    def on_mount(self) -> None:
        self._draft = DraftKeeper(self, self.ctx.status, "opinion", self._opinion_text, self._save_opinion_draft)
        self._draft.reset(self.opinion_shown)
        self.query_one("#field-result", RadioSet).focus()
        if self.review.opinion_draft is not None:
            joined = "opinion" in self.review.drafts_joined
            self.notify(t("assess.drafts_joined" if joined else "assess.draft_restored", self.lang), markup=False)
        if self.review.opinion_elsewhere:  # another window's draft: not shown here, kept there
            self.notify(t("assess.opinion_elsewhere", self.lang), severity="warning", markup=False)

    def _opinion_text(self) -> str:
        """The opinion the box holds: the stored one's (or its draft's) own bytes while the box shows them
        unchanged, else what was typed (tui.safe_text.text_from_box)."""
        on_disk = self._draft.on_disk if self._draft is not None else self.opinion_shown
        return text_from_box(self.query_one("#opinion", TextArea).text, self.opinion, on_disk)

    @on(TextArea.Changed, "#opinion")
    def opinion_typed(self, _event: TextArea.Changed) -> None:
        if self._draft is not None:
            self._draft.typed()

    def _save_opinion_draft(self, text: str) -> bool:
        return self.ctx.write(self.ctx.store.set_draft, self.reply_id, self.ctx.reviewer, "opinion", text) is not None

    def save_now(self) -> None:
        """The app is closing (quit, a closed terminal): the opinion being typed becomes a change."""
        self._save_opinion()

    def unsaved_opinion(self) -> str | None:
        """The opinion in the box when it is on disk neither as the saved one nor as its draft (the disk refused
        both; tui.unsaved_notes asks before quitting, logs it on a hang-up), else None."""
        text = self._opinion_text()
        return text if text != self.opinion and (self._draft is None or text != self._draft.on_disk) else None

    def _save_opinion(self) -> None:
        """Save the opinion as a change when it differs from the saved one; a draft typed
        back to the saved text is dropped."""
        if self._opinion_to_save() != self.opinion:
            self.save(self.completed_at)
        elif (self._draft is not None and self._draft.on_disk != self.opinion
              and self.ctx.write(self.ctx.store.set_draft, self.reply_id, self.ctx.reviewer, "opinion", None)):
            self._show_opinion(self.opinion)

    def _opinion_to_save(self) -> str:
        """The box's opinion less the tool's time lines above gone windows' drafts (without_time_lines)."""
        return without_time_lines(self._opinion_text())

    def _title(self) -> Text:
        return title_text(self.reply, self.ratings, self.proposal, self.completed_at, self.lang)

    def assessment(self, completed_at: str | None) -> Assessment:
        values = self.values
        return Assessment(
            result=cast("Satisfaction | None", values["result"]),
            attitude=cast("Satisfaction | None", values["attitude"]),
            communication=cast("Communication | None", values["communication"]),
            relevance=cast("Relevance | None", values["relevance"]),
            opinion=self._opinion_to_save(),
            completed_at=completed_at,
        )

    def save(self, completed_at: str | None, *, confirm: bool = False,
             keep_theirs: frozenset[str] = frozenset()) -> AssessmentSaved | AssessmentRefused | None:
        """Store what the reviewer changed since the form last showed the stored assessment
        (ReviewStore.merge_assessment with that `base`; `confirm` and `keep_theirs` as there): a
        choice another writer made meanwhile that the reviewer left alone stays, and so does an
        opinion written there (both kept). The form then shows what was stored, and says what came
        from the other writer. None when not written (the reviewer was told why); a confirmation
        the store refused (nothing written) is returned for the caller to say why."""
        typed = self._opinion_to_save()
        saved = self.ctx.write(self._store, self.assessment(completed_at), confirm, keep_theirs)
        if saved is None or isinstance(saved.value, AssessmentRefused):
            return None if saved is None else saved.value
        self.review = saved.value.review
        stored = self.review.assessment
        if stored.completed_at != self.completed_at:  # confirmed (here, or elsewhere meanwhile)
            self.completed_at = stored.completed_at
            self.query_one("#assess-title", TextBlock).update(self._title())
        self._show_opinion(stored.opinion)
        if self.opinion != typed:
            self.notify(t("assess.opinion_kept_both", self.lang), severity="warning", markup=False)
        kept = self.choices.saved(stored)
        show_choices(self, kept)
        if kept:
            self._say_kept(kept)
        for name, theirs in saved.value.replaced.items():
            self.notify(t("assess.choice_replaced", self.lang, field=field_label(name, self.lang),
                          theirs=enum_label(theirs, self.lang),
                          mine=enum_label(cast("Enum | None", self.values[name]), self.lang)),
                        severity="warning", markup=False)
        self.post_message(RepliesChanged(frozenset({self.reply_id})))
        return saved.value

    def _store(self, assessment: Assessment, confirm: bool,
               keep_theirs: frozenset[str]) -> AssessmentSaved | AssessmentRefused:
        """The store's merge of the form's assessment over its base; a refused confirmation returned."""
        try:
            return self.ctx.store.merge_assessment(
                self.reply_id, self.ctx.reviewer, assessment, base=self.choices.base_for(self.opinion),
                proposed=frozenset(self.choices.proposed), confirm=confirm, keep_theirs=keep_theirs)
        except AssessmentRefused as refused:
            return refused

    def show_choices(self, names: list[str]) -> None:
        show_choices(self, names)

    def _say_kept(self, names: list[str]) -> None:
        """Choices another writer stored now show in the form: say which."""
        fields = ("、" if self.lang != "en" else ", ").join(field_label(n, self.lang) for n in names)
        self.notify(t("assess.choices_changed_elsewhere", self.lang, fields=fields), severity="warning", markup=False)

    def _show_opinion(self, stored: str) -> None:
        """The opinion box holds `stored`, the opinion as saved (its draft, if any, is gone)."""
        self.opinion = stored
        if self._draft is not None:
            self._draft.reset(stored)  # before load_text: its Changed then finds nothing new
        box = self.query_one("#opinion", TextArea)
        if box.text != box_text(stored):
            box.load_text(box_text(stored))

    def _sync_choices(self, stored: Assessment) -> None:
        """Another writer stored `stored`: the choices the reviewer has not changed show it (and a
        confirmation made there), and a toast says which (AssessmentChoices.sync)."""
        if self.completed_at == self.choices.base.completed_at and stored.completed_at != self.completed_at:
            self.completed_at = stored.completed_at
            self.query_one("#assess-title", TextBlock).update(self._title())
        shown = self.choices.sync(stored)
        if shown:
            show_choices(self, shown)
            self._say_kept(shown)

    def changed_elsewhere(self, reply_ids: frozenset[str]) -> None:
        """Another writer changed this reply: the choices the reviewer has not changed show the
        stored ones, and the opinion box the stored opinion unless the reviewer is typing in it
        (then saving keeps both, `save`); an opinion draft left by a window gone since comes back
        (`_leftover_back`, as a note's on the review screen)."""
        if self.reply_id not in reply_ids:
            return
        self.review = self.ctx.store.get_review(self.reply_id, self.ctx.reviewer)
        assessment = self.review.assessment
        self._sync_choices(assessment)
        stored = assessment.opinion
        typing = self._opinion_text() != self.opinion or (self._draft is not None and self._draft.dirty)
        if stored != self.opinion:
            if not typing:
                self._show_opinion(stored)
            elif stored != self._warned:
                self._warned = stored
                self.notify(t("assess.opinion_changed_elsewhere", self.lang), severity="warning", markup=False)
        self._leftover_back()

    def review_shown(self) -> Review:
        return self.review

    def _leftover_back(self) -> None:
        """The opinion's draft of a window gone since the form opened (killed, a closed terminal) is
        put back here, as the review screen's poll puts a note's back: in the box when the box holds
        nothing unsaved; after what the reviewer typed when it does (the store handed the draft to
        this form: this form's next draft or save replaces it, so it must be in the box). Nothing
        when the draft the store gives is this form's own (its box holds it)."""
        draft = self.review.opinion_draft
        if draft is None or self._draft is None or draft == self._draft.on_disk:
            return
        box = self.query_one("#opinion", PlainTextArea)
        shown = box_text(draft)  # (its control characters as stand-ins, as every text loaded here)
        if not self._draft.dirty and self._opinion_text() == self._draft.on_disk:
            self._draft.reset(draft)  # before load_text: its Changed then finds nothing new
            box.load_text(shown)
            joined = "opinion" in self.review.drafts_joined
            self.notify(t("assess.drafts_joined" if joined else "assess.draft_restored", self.lang), markup=False)
        elif box.append_leftover(shown):  # (the cursor kept where the typing was)
            self._draft.typed()
            self.notify(t("assess.draft_added", self.lang), severity="warning", markup=False)

    @on(RadioSet.Changed)
    def field_changed(self, event: RadioSet.Changed) -> None:
        name = (event.radio_set.id or "").removeprefix("field-")
        enum = {n: e for n, e, _k in FIELDS}.get(name)
        if enum is None or event.pressed is None:
            return
        value = enum(event.pressed.name)
        before = self.values.get(name)
        if before == value:
            return  # the initial selection, or one shown from the store (show_choices): not a change
        proposed = name in self.choices.proposed
        self.choices.choose(name, value)
        saved = self.save(self.completed_at)
        if isinstance(saved, AssessmentSaved):
            self.actions.record(name, before, saved, proposed=proposed)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if getattr(event.widget, "id", None) == "opinion":
            self._save_opinion()

    @on(Button.Pressed, "#confirm")
    def confirm_pressed(self) -> None:
        self.action_confirm()

    def action_confirm(self, then: str | None = None) -> None:
        self.actions.confirm(then)

    def action_confirm_next(self) -> None:
        self.actions.confirm(then="next")

    def action_undo(self) -> None:
        self.actions.undo()

    def action_back(self) -> None:
        self._save_opinion()
        if self.ctx.write.refused_by_disk and self._opinion_text() != self.opinion:
            return  # the disk refused the opinion (the toast said so): the form stays open with it; q tries again
        self.dismiss(None)
