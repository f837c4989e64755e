"""The assessment opened from the review screen (`s`), and what the review screen shows when it closes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..refusal_words import read_or_say

if TYPE_CHECKING:
    from .review import ReviewScreen


def open_assessment(screen: ReviewScreen) -> None:
    """The shown reply's assessment form (the note being typed saved first); closed, the review screen shows
    the review as stored, and after ctrl+n the next reply that needs work. The form reads the reply: its text
    gone or damaged since it was opened, a toast says so and the review screen stays."""
    from .assessment import AssessmentScreen

    view, ctx = screen.view, screen.ctx
    if view is None:
        return
    screen.save_note()

    def closed(result: str | bool | None) -> None:
        view.review = ctx.store.get_review(view.reply_id, ctx.reviewer)
        screen.note.show(view)  # (a draft from last time shown in the closed box is marked again)
        screen.show_ratings()
        if result == "next":  # confirmed with ctrl+n: on to the next reply that needs work
            screen.action_next_work()

    assessment = read_or_say(screen, ctx.store, view.reply_id, lambda: AssessmentScreen(ctx, view.reply_id), screen.lang)
    if assessment is not None:
        screen.app.push_screen(assessment, closed)
