"""Behaviour kept by the inbox's cold-start work (issue 7): lazy rows, one-string sort
keys, summary_values / progress_of, and the garbage collector left as found.
No timing assertions: benchmarks/ measures the time."""

from __future__ import annotations

import gc
import random

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.index_storage import gc_paused
from cppcc_review.store.model import Assessment, Rating, Relevance, ReviewState, Satisfaction
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.inbox import CHANGED, INBOX_FIELDS, sort_key
from cppcc_review.tui.widgets.reply_list import InboxRow, ReplyList, natural, natural_text
from tests.test_tui import SIZE, make_reply


def _old_default_key(row):
    return (row.doc_no == "", natural(row.doc_no), row.title)


def test_natural_text_sorts_like_the_natural_tuple():
    parts = ["a", "b", "第", "号", "〔", "〕", "0", "1", "2", "9", "10", "007", "٣", "２", "", " ", "Z", "0000", "1" * 70]
    rng = random.Random(3)
    words = ["".join(rng.choice(parts) for _ in range(rng.randint(0, 6))) for _ in range(3000)]
    titles = [rng.choice(["x", "y", "", "xx", "第2号"]) for _ in words]
    rows = [InboxRow(str(i), w, None, t, None, (), None, None) for i, (w, t) in enumerate(zip(words, titles))]
    for reverse in (False, True):
        expected = [r.id for r in sorted(rows, key=_old_default_key, reverse=reverse)]
        assert [r.id for r in sorted(rows, key=sort_key("doc_no"), reverse=reverse)] == expected
    assert natural_text("第2号") < natural_text("第10号") < natural_text("第10号a")


def test_row_texts_are_made_safe_when_read():
    row = InboxRow("r1", "沪\x1b[31m提复〔2025〕1号", None, "标题\n第二行", None, ("张三", "李\t四"), "局\u202e", None, 3)
    assert row.doc_no == "沪␛[31m提复〔2025〕1号"
    assert row.title == "标题⏎第二行"
    assert row.proposers == "张三、李 四"
    assert row.handler == "局⍰"
    assert row.date == "" and row.total == 3 and row.rated == 0 and row.state is ReviewState.UNREVIEWED
    assert "李 四" in row.haystack and row.haystack == row.haystack.lower()
    # No 文号: none is shown as one (the list marks the proposal number, cppcc_review.tui.doc_no_text),
    # and the file name stands in for a missing title.
    no_doc_no = InboxRow("r2", None, "第0123号", None, "a.txt", (), None, None)
    assert (no_doc_no.doc_no, no_doc_no.proposal_no) == ("", "第0123号")
    assert InboxRow("r2", None, "第0123号", None, "a.txt", (), None, None).title == "a.txt"


def test_row_progress_is_looked_up_once_and_only_when_needed():
    from cppcc_review.store.model import Progress

    calls = []

    def lookup(rid):
        calls.append(rid)
        return Progress(2, 5, ReviewState.IN_PROGRESS)

    row = InboxRow("r1", "A", None, "t", None, (), None, None, 5, None, lookup)
    assert row.doc_no == "A" and calls == [] and not row.progress_known
    assert (row.rated, row.total, row.state) == (2, 5, ReviewState.IN_PROGRESS)
    assert row.state is ReviewState.IN_PROGRESS and calls == ["r1"] and row.progress_known
    filled = InboxRow("r2", "B", None, "t", None, (), None, None, 5, None, lookup)
    filled.set_progress(Progress(5, 5, ReviewState.DONE))
    assert filled.state is ReviewState.DONE and calls == ["r1"]


def _db_with_reviews(tmp_path):
    db = tmp_path / "db"
    replies = [
        make_reply(f"甲提复〔2025〕{n}号", f"关于第{n}件事的提案", "市某局",
                   [("一、关于甲", "甲。"), ("二、关于乙", "乙。\n乙续。"), ("三、关于丙", "丙。")])
        for n in (10, 2, 1, 33)
    ]
    with ReviewStore(db) as store:
        ids = [store.add_reply(r)[0] for r in replies]
        store.set_rating(ids[0], "tester", 1, Rating.ADOPTED)
        store.set_note(ids[1], "tester", 2, "再看")
        store.set_rating(ids[2], "tester", 1, Rating.ADOPTED)
        store.set_assessment(ids[2], "tester", Assessment(result=Satisfaction.SATISFIED, attitude=Satisfaction.SATISFIED,
                                                        relevance=Relevance.TARGETED, completed_at="2025-08-01T10:00:00+08:00"))
        store.set_rating(ids[3], "other", 1, Rating.ADOPTED)
        store.split_suggestion(ids[3], "other", 2, store.get_reply(ids[3]).suggestions[1].start + 1)
    return db, ids


def test_summary_values_and_progress_of_agree_with_the_full_reads(tmp_path):
    db, ids = _db_with_reviews(tmp_path)
    with ReviewStore(db, readonly=True) as store:
        summaries = store.summaries()
        fields = ("id", "doc_no", "proposal_no", "kind", "title", "proposers", "handler", "date",
                  "declared_result", "n_suggestions", "content_hash", "source_name", "headings")
        assert store.summary_values(fields) == [tuple(getattr(s, f) for f in fields) for s in summaries]
        assert store.summary_values(("id",)) == [(s.id,) for s in summaries]
        for reviewer in ("tester", "other", "nobody"):
            full = store.progress(reviewer)
            assert list(full) == [s.id for s in summaries]
            assert {rid: store.progress_of(reviewer, rid) for rid in ids} == full
        p = store.progress("tester")
        assert [p[rid].state for rid in ids] == [ReviewState.IN_PROGRESS, ReviewState.IN_PROGRESS,
                                                 ReviewState.DONE, ReviewState.UNREVIEWED]
        assert p[ids[3]].total == 4  # the split (by another reviewer) counts for everyone
        assert store.progress("other")[ids[3]] == store.progress_of("other", ids[3])
        assert store.progress("other")[ids[3]].rated == 1


async def test_inbox_rows_states_filters_and_order_from_the_start(tmp_path):
    db, ids = _db_with_reviews(tmp_path)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reply_list = app.screen.query_one(ReplyList)
        # Natural order of the 文号: 1, 2, 10, 33.
        assert [r.id for r in reply_list.rows] == [ids[2], ids[1], ids[0], ids[3]]
        assert app.context.order.ids == [ids[2], ids[1], ids[0], ids[3]]
        # Filter at once (before the deferred fill of progress has run, or after: the same).
        inbox = app.screen
        inbox.set_filter(ReviewState.UNREVIEWED)  # (what `f` picks from its list)
        assert [r.id for r in reply_list.rows] == [ids[3]]
        inbox.set_filter(ReviewState.IN_PROGRESS)
        assert [r.id for r in reply_list.rows] == [ids[1], ids[0]]
        inbox.set_filter(ReviewState.DONE)
        assert [r.id for r in reply_list.rows] == [ids[2]]
        inbox.set_filter(CHANGED)  # text changed after rating: none here
        assert reply_list.rows == []
        inbox.set_filter(None)
        await pilot.pause(0.3)  # the fill has run
        assert all(r.progress_known for r in app.screen.all_rows)
        by_id = {r.id: r for r in reply_list.rows}
        assert (by_id[ids[0]].rated, by_id[ids[0]].total) == (1, 3)
        assert (by_id[ids[3]].rated, by_id[ids[3]].total, by_id[ids[3]].state) == (0, 4, ReviewState.UNREVIEWED)
        await pilot.press("r")  # reversed
        assert [r.id for r in reply_list.rows] == [ids[3], ids[0], ids[1], ids[2]]
        for name in ("date", "handler", "progress", "state"):
            app.screen.set_sort(name, reverse=False)
            assert sorted(r.id for r in reply_list.rows) == sorted(ids)
        app.screen.set_sort("state", reverse=False)
        assert [r.state for r in reply_list.rows][-1] is ReviewState.DONE
        app.screen.set_sort("doc_no", reverse=False)
        await pilot.press("N")  # the first row after the cursor that is not done
        await pilot.pause()
        assert app.screen.reply_id == ids[1]
    assert gc.get_freeze_count() == 0  # the app handed its frozen objects back at exit


def test_inbox_fields_are_summary_fields():
    from dataclasses import fields

    from cppcc_review.store.model import ReplySummary

    names = {f.name for f in fields(ReplySummary)}
    assert set(INBOX_FIELDS) <= names


def test_gc_paused_restores_the_collector():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_summary_values_read_once_agree_with_the_rows_kept_in_memory(tmp_path):
    """`stats` reads the summary once, without the compact rows the app keeps: from folded
    summary files and from journal entries not yet folded, the same values in the same order."""
    db, ids = _db_with_reviews(tmp_path)
    with ReviewStore(db) as store:
        store.backup()  # folds the journal: these rows now come from the summary files
        store.add_reply(make_reply("甲提复〔2025〕5号", "关于第5件事的提案", "市另一局", [("一、关于丁", "丁。")]))
    fields = ("id", "doc_no", "proposal_no", "kind", "title", "proposers", "handler", "date",
              "declared_result", "n_suggestions", "content_hash", "source_name", "ranges")
    with ReviewStore(db, readonly=True) as store:
        read_once = store.summary_values(fields)  # nothing kept in memory yet
    with ReviewStore(db, readonly=True) as store:
        store.summaries(headings=False)  # the app's path: the rows kept, compact
        kept = store.summary_values(fields)
    assert read_once == kept
    assert [v[0] for v in read_once][:1] and len(read_once) == 5
    assert {v[6] for v in read_once} == {"市某局", "市另一局"}
    assert all(v[9] == len(v[12]) for v in read_once)
