"""`cppcc-review rate REPLY SUGGESTION RATING`: rate one suggestion from a script.

The same store calls the TUI makes (set_rating, set_note), so a rating given here is
exactly one given in the app. The database's writer lock is honoured: when the app
(or another command) holds it, this waits a few seconds, then stops with a one-line
error naming the holder; nothing is changed.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from typing import TYPE_CHECKING

# The store is loaded with the command (main() loads it with the garbage collector paused),
# not at its first use in run(): `rate` always opens the database.
from ...store import db as _db  # noqa: F401
from ...store.errors import InputError, NotFoundError
from ...store.labels import label
from ...store.model import Rating
from ..safe_text import display_text
from . import common
from .help_words import help_text
from .words import error_text, say

if TYPE_CHECKING:
    from ...store.db import ReviewStore

# Every spelling a script or a person might use for each rating; "clear" removes it.
RATING_WORDS = {
    "adopted": "adopted",
    "采纳": "adopted",
    "1": "adopted",
    "partially_adopted": "partially_adopted",
    "partially-adopted": "partially_adopted",
    "partial": "partially_adopted",
    "部分采纳": "partially_adopted",
    "2": "partially_adopted",
    "explained": "explained",
    "解释说明": "explained",
    "说明解释": "explained",
    "3": "explained",
    "clear": None,
    "none": None,
    "清除": None,
    "0": None,
}


def parse_rating(word: str, lang: str = "en") -> Rating | None:
    """The Rating (or None for clear) a word names; StoreError (in `lang`) for anything else."""
    key = (word or "").strip()
    key = key if key in RATING_WORDS else key.lower()
    if key not in RATING_WORDS:
        raise InputError(say("rate.not_a_rating", lang, word=repr(word)))
    value = RATING_WORDS[key]
    return Rating(value) if value else None


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("rate", help=help_text("rate", lang), description=help_text("rate.about", lang))
    p.add_argument("reply", metavar="REPLY", help=help_text("rate.reply", lang))
    p.add_argument("suggestion", metavar="SUGGESTION", type=int, help=help_text("rate.suggestion", lang))
    p.add_argument("rating", metavar="RATING", help=help_text("rate.rating", lang))
    p.add_argument("--note", metavar="TEXT", default=None, help=help_text("rate.note", lang))
    common.add_review_options(p, lang)
    p.set_defaults(func=run)


# A proposal's number as the inbox shows it or as people type it: 第88号, 88号, 提案第88号（无文号）.
_PROPOSAL_NUMBER = re.compile(r"(?:提案)?第?\s*(\d+)\s*号?\s*(?:[(（]无文号[)）])?")


def _proposal_number_named(store: ReviewStore, ref: str, lang: str) -> str | None:
    """When `ref` is not a 文号 but the proposal number of replies that have none (the inbox
    shows it as 提案第88号（无文号）): which ids name them, as one line; else None."""
    found = _PROPOSAL_NUMBER.fullmatch(unicodedata.normalize("NFKC", ref).strip())
    if found is None:
        return None
    wanted = int(found.group(1))
    ids = []
    for s in store.summaries(headings=False):
        number = _PROPOSAL_NUMBER.fullmatch(unicodedata.normalize("NFKC", s.proposal_no or "").strip())
        if not s.doc_no and number is not None and int(number.group(1)) == wanted:
            ids.append(s.id)
    if not ids:
        return None
    shown = ", ".join(ids[:5]) + (say("rate.more", lang, n=len(ids) - 5) if len(ids) > 5 else "")
    whose = say("rate.whose_one", lang, n=wanted) if len(ids) == 1 else say("rate.whose_many", lang, n=wanted, count=len(ids))
    return say("rate.proposal_number", lang, ref=ref, whose=whose, shown=shown)


def run(args: argparse.Namespace) -> int:
    lang = common.lang(args)
    rating = parse_rating(args.rating, lang)
    reviewer = common.reviewer_name(args)
    with common.open_store(args) as store:
        try:
            rid = store.resolve(args.reply)
        except NotFoundError as exc:  # (a reply without a 文号 is named by its id: say where to find it)
            raise NotFoundError(_proposal_number_named(store, args.reply, lang)
                                or say("rate.not_found", lang, error=error_text(exc, lang))) from None
        total = len(store.get_review(rid, reviewer).suggestions)
        if not 1 <= args.suggestion <= total:
            raise NotFoundError(say("rate.no_suggestion", lang, reply=args.reply, i=args.suggestion, total=total))
        # A damaged database is refused by every command, nothing written: the inbox's rows
        # (the summary shards) are the one part a rating does not read otherwise (its reply's
        # own shards are read above); `list`, `stats` and the app refuse on them.
        store.verify_shards(("summary",))
        # One call, one journal line: a kill cannot leave the rating without its note.
        review = store.set_rating(rid, reviewer, args.suggestion, rating, note=args.note)
        summary = store.summary(rid)  # this reply's index entry only
    stored = review.suggestions[args.suggestion - 1]
    if stored.rating is None:
        shown = say("rate.none", lang)
    else:  # the word `rate` takes for it: the English key, the Chinese label
        shown = stored.rating.value if lang == "en" else label(stored.rating, lang)
    name = summary.doc_no or rid
    line = say("rate.done", lang, name=name, rid=rid, i=args.suggestion, total=total, reviewer=reviewer, shown=shown)
    if stored.note:
        line += say("rate.note", lang, note=" ".join(stored.note.split()))
    print(display_text(line, single_line=True))
    return 0
