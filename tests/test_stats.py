"""Statistics per unit / proposer / year, on plain rows and on a real database."""

from __future__ import annotations

import os

import pytest
import yaml

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Communication, Rating, Relevance, Satisfaction
from cppcc_review.store.stats import DISPUTED, GroupStats, ReplyRow, aggregate, compute_stats, stats_report, totals
from tests.helpers.replies import make_reply
from tests.test_ratings_io import cli

A, P, E = Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED
DONE = "2025-07-30T10:00:00+08:00"


def row(rid, handler, verdicts, result=None, proposers=("九三学社界别",), year="2025", communication=None, done=None):
    assessment = Assessment(result=result, communication=communication, completed_at=DONE) if result else None
    return ReplyRow(rid, handler, tuple(proposers), year, list(verdicts), assessment, done=bool(result) if done is None else done)


def test_aggregate_counts_shares_and_satisfaction_rates():
    rows = [
        row("r1", "市科委", [A, A, P], Satisfaction.SATISFIED, communication=Communication.PHONE),
        row("r2", "市科委", [E, None], Satisfaction.BASICALLY_SATISFIED, communication=Communication.NONE),
        row("r3", "市科委", [A, DISPUTED], Satisfaction.UNSATISFIED),
        row("r4", "市科委", [None, None]),
        row("r5", "市教委", [E], Satisfaction.SATISFIED, proposers=("马青", "周丽"), year="2024"),
        row("r6", None, [P], proposers=(), year=None),
    ]
    rows[2].disputed = 1  # the reviewers rated r3's second suggestion differently, with no majority
    groups = aggregate(rows, "handler")
    assert [g.group for g in groups] == ["市科委", "市教委", None]  # largest first, unknown last
    sci = groups[0]
    assert (sci.replies, sci.suggestions, sci.rated) == (4, 9, 5)
    assert (sci.adopted, sci.partially_adopted, sci.explained, sci.disputed) == (3, 1, 1, 1)
    assert (sci.disputed_majority, sci.disputed_none) == (0, 1)
    # shares of all the group's suggestions, as the app's bars show them
    assert sci.adopted_share == pytest.approx(3 / 9) and sci.explained_share == pytest.approx(1 / 9)
    assert (sci.assessed, sci.satisfied, sci.basically_satisfied, sci.unsatisfied) == (3, 1, 1, 1)
    assert sci.satisfaction_rate == pytest.approx(1 / 3)  # 满意率
    assert sci.satisfied_or_basic_rate == pytest.approx(2 / 3)  # 满意和基本满意率
    assert sci.communication_rate == pytest.approx(1 / 3)  # 未联系 and unset do not count
    assert (sci.done, sci.to_review) == (3, 1)
    unknown = groups[2]
    assert unknown.satisfaction_rate is None and unknown.adopted_share == 0.0
    d = sci.to_dict()
    assert d["satisfaction_rate"] == pytest.approx(0.3333) and "reply_ids" not in d


def test_grouping_by_proposer_and_year_and_totals():
    rows = [
        row("r1", "市科委", [A], proposers=("马青", "周丽")),
        row("r2", "市科委", [E], proposers=("马青", "马青")),  # a name twice counts once
        row("r3", "市教委", [P], proposers=(), year="2024"),
    ]
    by_proposer = {g.group: g for g in aggregate(rows, "proposer")}
    assert by_proposer["马青"].replies == 2 and by_proposer["周丽"].replies == 1 and by_proposer[None].replies == 1
    assert [g.group for g in aggregate(rows, "year")] == ["2024", "2025"]
    total = totals(rows)
    assert (total.group, total.replies, total.rated) == ("合计", 3, 3)  # each reply once
    with pytest.raises(ValueError):
        aggregate(rows, "colour")


def _db(path):
    store = ReviewStore(path)
    store.add_replies(
        [
            make_reply("沪科提复〔2025〕56号", n=3, handler="上海市科学技术委员会"),
            make_reply("沪科提复〔2024〕9号", n=2, variant="二〇二四", handler="上海市科学技术委员会"),
            make_reply("沪教提复〔2025〕12号", n=2, variant="教育", handler="上海市教育委员会"),
        ]
    )
    rid = {s.doc_no: s.id for s in store.summaries()}
    sci, edu = rid["沪科提复〔2025〕56号"], rid["沪教提复〔2025〕12号"]
    for i, r in enumerate([A, P, E], start=1):
        store.set_rating(sci, "alice", i, r)
    store.set_rating(sci, "bob", 1, A)
    store.set_rating(sci, "bob", 2, E)  # disputed with alice: no majority of two
    store.set_assessment(sci, "alice", Assessment(result=Satisfaction.SATISFIED, attitude=Satisfaction.SATISFIED, relevance=Relevance.TARGETED, completed_at=DONE))
    store.set_rating(edu, "bob", 1, E)
    store.set_assessment(edu, "bob", Assessment(result=Satisfaction.BASICALLY_SATISFIED, attitude=Satisfaction.SATISFIED, relevance=Relevance.TARGETED, completed_at=DONE))
    return store


def test_compute_stats_on_a_database(tmp_path):
    with _db(tmp_path / "db") as store:
        everyone = {g.group: g for g in compute_stats(store)}
        sci = everyone["上海市科学技术委员会"]
        assert (sci.replies, sci.suggestions, sci.adopted, sci.explained, sci.disputed) == (2, 5, 1, 1, 1)
        assert (sci.assessed, sci.satisfied, sci.to_review) == (1, 1, 1)
        alice = {g.group: g for g in compute_stats(store, reviewer="alice")}
        assert (alice["上海市科学技术委员会"].adopted, alice["上海市科学技术委员会"].partially_adopted) == (1, 1)
        assert alice["上海市教育委员会"].rated == 0 and alice["上海市教育委员会"].to_review == 1
        years = [g.group for g in compute_stats(store, by="year")]
        assert years == ["2025"]  # make_reply dates every reply 2025-07-10
        groups, total = stats_report(store)
        assert total.replies == 3 and total.satisfied_or_basic_rate == pytest.approx(1.0)


def test_stats_cli_yaml_and_table(tmp_path):
    db = tmp_path / "db"
    with _db(db) as store:
        store.add_replies([make_reply("[bold red]x[/]", n=1, variant="m", handler="[link=file:///etc]单位[/link]")])
    out = cli("stats", "--db", str(db), "--format", "yaml", home=tmp_path)
    assert out.returncode == 0, out.stderr
    doc = yaml.safe_load(out.stdout)
    assert doc["by"] == "handler" and doc["total"]["replies"] == 4
    assert doc["groups"][0]["group"] == "上海市科学技术委员会"
    assert doc["agreement"]["overall"]["method"] == "cohen"
    table = cli("stats", "--db", str(db), "--format", "table", "--by", "handler", home=tmp_path, COLUMNS="200")
    assert table.returncode == 0, table.stderr
    assert "[link=file:///etc]单位[/link]" in table.stdout  # shown as written, not interpreted
    assert "满意率" in table.stdout and "合计" in table.stdout
    alice = cli("stats", "--db", str(db), "--format", "yaml", "--reviewer", "alice", home=tmp_path)
    assert yaml.safe_load(alice.stdout)["reviewer"] == "alice"


@pytest.mark.slow
def test_stats_of_many_reviewed_replies_on_a_reopened_database(tmp_path):
    """Built through the store's API, counted on a reopened read-only database. How fast
    this is at 10,000 and 100,000 replies is a benchmark figure (benchmarks/), not a test."""
    db = tmp_path / "db"
    n = int(os.environ.get("CPPCC_STATS_BENCH_N", "1200"))
    with ReviewStore(db) as store:
        store.add_replies(
            [make_reply(f"沪科提复〔2025〕{i}号", n=3, variant=str(i), handler=f"单位{i % 40}") for i in range(n)]
        )
        for k, summary in enumerate(store.summaries()):
            store.set_rating(summary.id, "alice", 1 + k % 3, [A, P, E][k % 3])
            store.set_assessment(summary.id, "alice", Assessment(result=Satisfaction.SATISFIED, attitude=Satisfaction.SATISFIED, relevance=Relevance.TARGETED, completed_at=DONE))
    with ReviewStore(db, readonly=True) as store:
        groups, total = stats_report(store, by="handler")
    assert total.replies == n and total.assessed == n and len(groups) == 40
    # 40 units in turn, and one rating per reply, the three in turn
    assert {g.group: g.replies for g in groups} == {f"单位{j}": n // 40 for j in range(40)}
    assert (total.adopted, total.partially_adopted, total.explained) == (n // 3, n // 3, n // 3)


def test_group_stats_empty():
    g = GroupStats("x")
    assert g.adopted_share is None and g.satisfaction_rate is None and g.to_dict()["replies"] == 0
