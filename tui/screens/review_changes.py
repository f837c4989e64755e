"""Every change the review screen makes: a rating (a key, or Enter for the suggested one),
undo / redo (this session's changes by the reviewer, in any reply), and the layout fixes,
merging a suggestion with the next one and splitting one at a line. Each is one store
call through `ReviewContext.write`, on disk before the next key; the inbox hears of it
(RatingSaved, RepliesChanged) and the screen shows the reply as it now is. When a write
fails the rating is shown as not saved and the session goes on."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...store.model import Change, Rating, ReviewState
from ..i18n import enum_label, t
from ..keymap import keys_of
from ..messages import RatingSaved, RepliesChanged
from ..refusal_words import change_name, reply_name
from ..review_model import first_unrated
from ..safe_text import display_text
from .confirm import ConfirmScreen
from .split_picker import SplitPicker

if TYPE_CHECKING:
    from .review import ReviewScreen


class ReviewChanges:
    def __init__(self, screen: ReviewScreen) -> None:
        self.screen = screen
        self.ctx = screen.ctx
        self._asked: tuple[str, int] | None = None  # the undo/redo of another reply said and not made yet

    def _say(self, message: str, /, **values: object) -> None:
        self.screen.notify(t(message, self.ctx.lang, **values), markup=False)

    def _changed(self, reply_id: str) -> None:
        self.screen.post_message(RepliesChanged(frozenset({reply_id})))

    # rating -----------------------------------------------------------
    def rate(self, rating: Rating | None, hint_accepted: bool = False) -> None:
        screen = self.screen
        view = screen.view
        if view is None or view.suggestion is None:
            return
        index = view.index
        before = view.review.suggestions[index - 1].rating if index <= len(view.review.suggestions) else None
        was_done = view.state == ReviewState.DONE
        saved = self.ctx.write(self.ctx.store.set_rating, view.reply_id, self.ctx.reviewer, index, rating,
                               hint_accepted=hint_accepted, shown=view.layout)
        if saved is None:
            if self.follow_layout(refused="review.relaid_not_saved"):
                return  # merged or split elsewhere: refused, nothing saved, the reply shown anew
            if self.ctx.write.refused_by_disk:  # (rating kept on screen as （未保存） and ! to be tried again)
                view.unsaved[index] = rating
                screen.show_ratings()
            # else refused before any write (read-only, a refused change): nothing changed, so the
            # screen shows the stored rating, the status line the refusal (QA round 15c: a fake
            # 评定：部分采纳（未保存） and ! in read-only)
            return
        review = saved.value
        done_changed = was_done and review.suggestions[index - 1].rating != before
        if done_changed:
            screen.notify(t("review.done_rating_changed", self.ctx.lang), severity="warning", markup=False)
        view.unsaved.pop(index, None)
        view.review = review
        screen.post_message(RatingSaved(view.reply_id, index, rating))
        if rating is not None and self.ctx.settings.auto_advance:
            following = first_unrated(review, view.total, after=index)
            if following is None:
                if not done_changed:  # (that message already says to press s)
                    self._say("review.all_rated")
            elif following != index:
                view.index = following
                screen.show_suggestion()
                return
        screen.show_ratings()

    def accept_hint(self) -> None:
        """Enter takes the suggested rating, on an unrated suggestion only: a rating chosen
        by hand (or an accepted hint) is never replaced by a key meant for "yes, that one"."""
        view = self.screen.view
        hint = view.hint(view.index) if view is not None and view.suggestion else None
        if view is None or hint is None:
            self._say("review.hint_checking" if view is not None and view.checking_shown() else "review.no_hint")
            return
        current = view.current()
        if view.index in view.unsaved:
            return  # the last try did not reach the disk: rate again with a rating key
        if current is not None and current.rating is not None:
            lang = self.ctx.lang
            if current.rating == hint.rating:
                self._say("review.hint_same", rating=enum_label(current.rating, lang))
            else:
                self._say("review.hint_not_over", rating=enum_label(current.rating, lang),
                          hint=enum_label(hint.rating, lang), key=self.rating_key(hint.rating))
            return
        self.rate(hint.rating, hint_accepted=True)

    def rating_key(self, rating: Rating) -> str:
        """The first key that rates `rating` on the screen (after the user's keymap)."""
        binding_id = {Rating.ADOPTED: "rate_adopted", Rating.PARTIALLY_ADOPTED: "rate_partial",
                      Rating.EXPLAINED: "rate_explained"}[rating]
        keys = keys_of(self.screen.active_bindings, binding_id, self.screen.app.get_key_display)
        return keys[0] if keys else "?"

    def follow_layout(self, refused: str | None = None, line: int | None = None) -> bool:
        """Show the reply anew when its suggestions were merged or split elsewhere (another window,
        another process), on the same suggestion where it is still there, with a toast; `refused`:
        the catalogue key (worded with `what` happened) of a change just made against the old layout
        and refused: not saved. False when the layout is as shown. A note being written stays in its
        box (saved, it goes to the suggestion the screen now shows: the same text; ReviewNote). `line`:
        the suggestion to show is the one that holds this line (default: the current one's first)."""
        screen = self.screen
        view = screen.view
        moved = view.layout_elsewhere(line) if view is not None else None
        if view is None or moved is None:
            return False
        before, index = moved
        view.unsaved.clear()  # (numbered by the old layout; the toast says they were not saved)
        screen.reload(index, keep_note=True)  # the reply, its review and its aids read once
        n, lang = view.total, self.ctx.lang
        what = t("review.relaid." + self._what_relaid(view.reply_id, n, before), lang, n=n, before=before)
        if refused:
            self._changed(view.reply_id)
            what = t(refused, lang, what=what)
        screen.notify(what, severity="warning" if refused else "information", markup=False)
        return True

    def _what_relaid(self, reply_id: str, n: int, before: int) -> str:
        """What happened elsewhere to the suggestions (review.relaid.*), as the reply's history says
        (an undone merge is worded as such, not as a split), where it agrees with the numbers before
        and now (the poll may have missed a step: then only that they were merged or split)."""
        grew = "split" if n > before else "merged" if n < before else "changed"
        if grew == "changed":  # (no history entry can say more)
            return grew
        # only an undone merge or split reads otherwise than the numbers: a merge undone adds suggestions
        undone = {("undo", "merge"): ("merge_undone", "split"), ("undo", "split"): ("split_undone", "merged")}
        said = undone.get(self.ctx.store.last_layout_change(reply_id))  # type: ignore[arg-type]
        return said[0] if said is not None and said[1] == grew else grew

    # history and layout -----------------------------------------------
    def undo(self) -> None:
        store = self.ctx.store
        self._history(store.undo, store.next_undo, "review.undone", "review.nothing_to_undo")

    def redo(self) -> None:
        store = self.ctx.store
        self._history(store.redo, store.next_redo, "review.redone", "review.nothing_to_redo")

    def _history(self, method: Callable[[str], Change | None], peek: Callable[[str], Change | None], done_key: str,
                 none_key: str) -> None:
        screen = self.screen
        screen.save_note()
        coming = peek(self.ctx.reviewer)
        if coming is not None and coming.reply_id != screen.reply_id and self._asked != (done_key, coming.seq):
            # An undo (redo) that reaches another reply, perhaps a confirmed assessment, is said before it is
            # made (QA: a second u in one reply silently took back another reply's whole assessment).
            self._asked = (done_key, coming.seq)
            self._say(done_key + "_elsewhere", what=self._what(coming), doc=reply_name(self.ctx.store, coming.reply_id))
            return
        self._asked = None
        saved = self.ctx.write(method, self.ctx.reviewer)
        if saved is None:
            return
        change = saved.value
        if change is None:
            self._say(none_key)
            return
        if change.action in ("merge", "split"):
            self.ctx.unsaved.relaid_here(change.reply_id)  # (before the box shows a kept note)
        self._changed(change.reply_id)
        what = self._what(change)
        if change.reply_id != screen.reply_id:
            screen.load_reply(change.reply_id, change.index)
        else:
            screen.reload(change.index)
        self._say(done_key, what=what)

    def _what(self, change: Change) -> str:
        return change_name(change.action, change.index, self.ctx.lang)

    def merge(self) -> None:
        """Merge the current suggestion with the next (the parser split one in two). Every
        reviewer's ratings and notes of the two go to the merged one (store/layout_writes.py);
        where someone rated the two differently, the reviewer is asked first, told who rated what."""
        screen = self.screen
        view = screen.view
        if view is None or view.index >= view.total:
            self._say("review.cannot_merge")
            return
        if self.ctx.store.readonly:  # refused at once: a question whose "yes" could not be carried out
            self.ctx.write.refused_readonly("readonly.layout")
            return
        screen.save_note()
        index, shown, lang = view.index, view.layout, self.ctx.lang
        differ = self.ctx.store.merge_disagreements(view.reply_id, index)
        if not differ:
            self._merge(index, shown)
            return
        who = "\n".join(t("review.merge_ask_who", lang, reviewer=display_text(d.reviewer, single_line=True), i=index,
                           j=index + 1, a=enum_label(d.first, lang), b=enum_label(d.second, lang)) for d in differ)

        def answered(yes: bool | None) -> None:
            if yes:
                self._merge(index, shown)

        screen.app.push_screen(ConfirmScreen(self.ctx, t("review.merge_ask", lang, i=index, j=index + 1, who=who),
                                             t("review.merge_yes", lang), t("review.merge_no", lang)), answered)

    def _merge(self, index: int, shown: list[list[int]]) -> None:
        screen = self.screen
        view = screen.view
        if view is None:
            return
        store, lang = self.ctx.store, self.ctx.lang
        moved = store.merge_moves(view.reply_id, index)
        if self.ctx.write(store.merge_suggestion, view.reply_id, self.ctx.reviewer, index, shown=shown,
                          lang=lang) is None:
            self.follow_layout(refused="review.relaid_not_saved")
            return
        self.ctx.unsaved.relaid_here(view.reply_id)  # (before the box shows a kept note)
        self._changed(view.reply_id)
        screen.reload(index)
        if moved:
            names = ("、" if lang != "en" else ", ").join(display_text(n, single_line=True) for n in moved)
            self._say("review.merged_kept", i=index, j=index + 1, names=names)
        else:
            self._say("review.merged", i=index, j=index + 1)

    def split(self) -> None:
        """Split the current suggestion at a line the reviewer picks (the parser ran two together)."""
        screen = self.screen
        view = screen.view
        if view is None or view.suggestion is None:
            return
        candidates = view.split_lines()
        if not candidates:
            self._say("review.cannot_split")
            return
        index, shown = view.index, view.layout

        def chosen(at_line: int | None) -> None:
            if at_line is None:
                return
            screen.save_note()
            store = self.ctx.store
            if self.ctx.write(store.split_suggestion, view.reply_id, self.ctx.reviewer, index, at_line,
                              shown=shown) is None:
                self.follow_layout(refused="review.relaid_not_saved")
                return
            self.ctx.unsaved.relaid_here(view.reply_id)  # (before the box shows a kept note)
            self._changed(view.reply_id)
            screen.reload(index)
            self._say("review.split", i=index, line=at_line + 1)

        screen.app.push_screen(SplitPicker(self.ctx, view.reply.lines, candidates), chosen)
