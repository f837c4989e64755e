"""The review screen's one-line texts: the reply's header, the suggestion's title line and
the rating bar. Plain `rich.text.Text` with span names (cppcc_review.tui.styles), never markup."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from ..store.aids.hints import Hint
from ..store.model import Reply, ReplyKind, ReviewState
from ..store.reading.deputy import is_deputys_suggestion
from .doc_no_text import doc_no_text, number_text
from .hint_source import hint_source
from .i18n import enum_label, t
from .review_model import ReplyView
from .safe_text import display_text
from .styles import DONE, ERROR, MUTED, TITLE, WARNING
from .timefmt import local_time
from .widgets.suggestion_list import RATING_STYLE


def header_text(reply: Reply, lang: str) -> Text:
    """The kind when it is not a plain reply (会办意见, 再次答复), 文号, the proposal's number,
    date and title on the first line; proposer (a deputy for an NPC suggestion), handler (the
    co-handler of a 会办意见), declared result and co-handlers on the second. What is least
    needed to tell replies apart comes last, where a narrow screen cuts it."""
    out = Text(no_wrap=True, overflow="ellipsis")
    deputy = is_deputys_suggestion(reply)
    if reply.kind != ReplyKind.REPLY:  # first: a narrow screen never cuts it
        out.append(t(f"review.kind.{reply.kind.value}", lang), style=f"{WARNING} bold")
        out.append("  ")
    doc = display_text(doc_no_text(reply.doc_no, reply.proposal_no, lang) or t("none", lang), single_line=True)
    out.append(doc, style=f"{TITLE} bold")
    if reply.doc_no and reply.proposal_no:  # (without a 文号 the number stands in its place already)
        number = t("review.suggestion_no" if deputy else "review.proposal_no", lang, no=number_text(reply.proposal_no, lang))
        out.append("  " + display_text(number, single_line=True), style=TITLE)
    if reply.date:  # next to the 文号, so that a narrow screen keeps it
        out.append("  " + display_text(reply.date, single_line=True), style=MUTED)
    out.append("  ")
    out.append(display_text(reply.title or "", single_line=True), style="bold")
    out.append("\n")
    opinion = reply.kind == ReplyKind.CO_HANDLER_OPINION
    fields = [
        ("review.deputy" if deputy else "review.proposer", "、".join(reply.proposers)),
        ("review.co_handler" if opinion else "review.handler", reply.handler),
        ("review.declared", reply.declared_result),
    ]
    if reply.co_handlers:
        fields.append(("review.other_co_handlers" if opinion else "review.co_handlers", "、".join(reply.co_handlers)))
    for n, (key, value) in enumerate(fields):
        if n:
            out.append("  · ", style=MUTED)
        out.append(t(key, lang) + ("：" if lang != "en" else ": "), style=MUTED)
        out.append(display_text(value or t("none", lang), single_line=True))
    return out


def title_text(view: ReplyView, lang: str) -> Text:
    """"Suggestion 2/3", and when this reviewer has confirmed the assessment: that the
    reply is done (a changed rating then leaves the assessment to look at again)."""
    total = view.total
    title = Text(t("review.suggestion_n", lang, i=view.index if total else 0, n=total), no_wrap=True,
                 overflow="ellipsis")
    if view.state == ReviewState.DONE:
        when = local_time(view.review.assessment.completed_at)
        title.append("   ✓ " + t("review.done", lang, time=when), style=DONE)
    return title


def rating_bar_text(view: ReplyView, hint: Hint | None, lang: str, width: int = 0) -> Text:
    """The current suggestion's rating (or that it is not saved), and the suggested one,
    for a bar `width` cells wide (0: unknown), built once: its parts are measured first.
    As it is when it fits; else on one line if the suggestion's mark fits (then only
    "enter accepts" is left to be cut, after the mark); else the mark on a second line."""
    bar = Text(no_wrap=True, overflow="ellipsis")
    bar.append(t("review.rating", lang))
    current = view.current()
    if view.index in view.unsaved:
        rating = view.unsaved[view.index]
        bar.append(enum_label(rating, lang) or t("review.unrated", lang), style=f"{ERROR} bold")
        bar.append(" " + t("review.unsaved", lang), style=f"{ERROR} bold")
    elif current is not None and current.rating is not None:
        bar.append(enum_label(current.rating, lang), style=RATING_STYLE.get(current.rating, "bold"))
        if current.hint_accepted:
            bar.append(t("review.hint_accepted", lang), style=MUTED)  # (its brackets, full-width in Chinese, with it)
        if current.changed:
            bar.append(" ⚠ " + t("review.changed", lang), style=WARNING)
    else:
        bar.append(t("review.unrated", lang), style=MUTED)
    if hint is None:
        if view.checking_shown():  # a large reply: its findings or this hint are being read (cppcc_review.tui.aids)
            bar.append("   " + t("review.checking", lang), style=f"{MUTED} italic")
        return bar
    rated = view.index in view.unsaved or (current is not None and current.rating is not None)
    label = enum_label(hint.rating, lang)
    full = t("review.hint_rated" if rated else "review.hint", lang, rating=label)
    short = t("review.hint_rated", lang, rating=label)  # "enter accepts" left out
    origin = hint_origin(hint, lang)
    used = bar.cell_len + 3 + 1 + cell_len(origin)  # the rating, the gap, the mark after a space
    bar.append("   ")
    origin_style = MUTED if hint.confident else f"{MUTED} dim"
    if not width or used + cell_len(full) <= width:
        bar.append(full, style=f"{MUTED} italic")
        bar.append(" " + origin, style=origin_style)
        return bar
    bar.append(short, style=f"{MUTED} italic")
    bar.append(("\n" if used + cell_len(short) > width else " ") + origin, style=origin_style)
    if not rated:
        bar.append(("" if lang == "zh" else " ") + t("review.hint_enter", lang), style=f"{MUTED} italic")
    return bar


def fitted_rating_bar(view: ReplyView, hint: Hint | None, lang: str, width: int) -> Text:
    """The rating bar for `width` cells (0: unknown), as the screen shows it (one build). A large
    reply's findings still being read after the shown suggestion's hint came (it comes first:
    cppcc_review.tui.aids_child) are said at its end, until they are in."""
    bar = rating_bar_text(view, hint, lang, width)
    if hint is not None and view.findings_due:
        bar.append("   " + t("review.checking_findings", lang), style=f"{MUTED} italic")
    return bar


def hint_origin(hint: Hint, lang: str) -> str:
    """"[把握较大 · 依据规则]" / "[weak · learned from your 120 ratings]": how far to trust
    a suggested rating and where it comes from (cppcc_review.store.aids.hint_learner)."""
    strength = t("hint.confident" if hint.confident else "hint.weak", lang)
    return f"[{strength} · {hint_source(hint, lang)}]"


