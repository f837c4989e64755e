"""Merging three reviewers' exports with known disagreements; disputes and resolutions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jsonschema
import pytest
import yaml

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import InputError
from cppcc_review.store.model import Rating
from cppcc_review.store.ratings.agreement import agreement_by_group
from cppcc_review.store.ratings.merge import (
    CONSENSUS,
    classify,
    disputes,
    majority,
    merge_exports,
    resolve_dispute,
    store_agreement,
)
from cppcc_review.store.ratings.ratings_io import export_ratings, load_ratings_file, load_schema, write_ratings
from cppcc_review.store.stats import compute_stats
from tests.helpers.replies import make_reply
from tests.test_ratings_io import cli

A, P, E = Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED
NOW = datetime(2025, 8, 1, 9, 30, tzinfo=UTC)

# Six suggestions (two replies of three). The disagreements, by hand:
#   item  alice bob carol   counts (A,P,E)  P_i
#   1.1   A     A   A       3,0,0           1
#   1.2   A     A   P       2,1,0           1/3
#   1.3   P     P   P       0,3,0           1
#   2.1   E     E   P       0,1,2           1/3
#   2.2   E     E   E       0,0,3           1
#   2.3   A     P   E       1,1,1           0
# P_bar = 11/18; each category holds 6 of the 18 ratings, P_e = 1/3;
# Fleiss' kappa = (11/18 - 1/3) / (2/3) = 5/12 = 0.41667; all agree on 3 of 6 = 50 %.
# alice/bob differ on 2.3 only: p_o = 5/6; alice A3 P1 E2, bob A2 P2 E2; p_e = 12/36;
# Cohen's kappa = (5/6 - 1/3) / (2/3) = 0.75.
# Per unit: 市科委 (reply 1) P_bar = 7/9, p = (5/9, 4/9, 0), P_e = 41/81, kappa = 22/40 = 0.55;
#           市教委 (reply 2) P_bar = 4/9, p = (1/9, 2/9, 6/9), P_e = 41/81, kappa = -5/40 = -0.125.
RATINGS = {
    "alice": [A, A, P, E, E, A],
    "bob": [A, A, P, E, E, P],
    "carol": [A, P, P, P, E, E],
}
SCI = "上海市科学技术委员会"
EDU = "上海市教育委员会"


def three_reviewers(path) -> ReviewStore:
    store = ReviewStore(path)
    store.add_replies(
        [
            make_reply("沪科提复〔2025〕56号", n=3, handler=SCI),
            make_reply("沪教提复〔2025〕12号", n=3, variant="教育", handler=EDU),
        ]
    )
    by_doc = {s.doc_no: s.id for s in store.summaries()}
    order = [(by_doc["沪科提复〔2025〕56号"], i) for i in (1, 2, 3)] + [(by_doc["沪教提复〔2025〕12号"], i) for i in (1, 2, 3)]
    for reviewer, ratings in RATINGS.items():
        for (rid, index), rating in zip(order, ratings):
            store.set_rating(rid, reviewer, index, rating)
    store.set_note(order[5][0], "carol", 3, "只是说明了原因")
    return store


@pytest.fixture
def files(tmp_path):
    """Three exports, one per reviewer, as three laptops would send them."""
    paths = []
    with three_reviewers(tmp_path / "db") as store:
        for k, reviewer in enumerate(RATINGS):
            path = tmp_path / f"{reviewer}.yaml"
            write_ratings(export_ratings(store, reviewer=reviewer, now=NOW + timedelta(minutes=k)), path)
            paths.append(path)
    return paths


def _merge(files, **kw):
    docs = [load_ratings_file(p)[0] for p in files]
    return merge_exports(docs, names=[p.name for p in files], now=NOW, **kw)


def test_three_reviewers_give_the_hand_computed_kappa(files):
    merged = _merge(files)
    jsonschema.validate(merged, load_schema("merged"))
    overall = merged["agreement"]["overall"]
    assert overall["method"] == "fleiss" and overall["items"] == 6
    assert overall["kappa"] == pytest.approx(5 / 12, abs=1e-4)
    assert overall["percent_agreement"] == pytest.approx(0.5)
    pair = next(p for p in overall["pairs"] if (p["a"], p["b"]) == ("alice", "bob"))
    assert pair["cohen_kappa"] == pytest.approx(0.75)
    units = merged["agreement"]["by_handler"]
    # three shared suggestions a unit: too few for a kappa (MIN_ITEMS), the counts stay
    assert (units[SCI]["items"], units[SCI]["agreed"], units[SCI]["kappa"]) == (3, 2, None)
    assert (units[EDU]["items"], units[EDU]["agreed"], units[EDU]["kappa"]) == (3, 1, None)
    assert units[SCI]["interpretation"] == "too few"
    # the arithmetic of the per-unit kappa itself, when the minimum is lifted
    by_item = {(unit, i): {r: RATINGS[r][k * 3 + i].value for r in RATINGS} for k, unit in enumerate((SCI, EDU)) for i in range(3)}
    lifted = agreement_by_group(by_item, {item: item[0] for item in by_item}, min_items=1)
    assert lifted[SCI].kappa == pytest.approx(0.55) and lifted[EDU].kappa == pytest.approx(-0.125)
    assert merged["summary"] == {
        "replies": 2, "suggestions": 6, "agreed": 3, "disputed": 3, "disputed_majority": 2, "disputed_none": 1,
        "single": 0, "unrated": 0, "consensus_proposed": 0,
    }


def test_majority_resolution_proposes_a_consensus_only_with_a_strict_majority(files):
    merged = _merge(files, resolve="majority")
    jsonschema.validate(merged, load_schema("merged"))
    by_item = {(r["doc_no"], s["index"]): s for r in merged["replies"] for s in r["suggestions"]}
    s = by_item[("沪科提复〔2025〕56号", 2)]
    assert s["status"] == "disputed" and s["ratings"] == {"alice": "adopted", "bob": "adopted", "carol": "partially_adopted"}
    assert (s["consensus"], s["consensus_zh"], s["consensus_by"]) == ("adopted", "采纳", "majority")
    assert by_item[("沪教提复〔2025〕12号", 1)]["consensus"] == "explained"
    tie = by_item[("沪教提复〔2025〕12号", 3)]
    assert tie["status"] == "disputed" and tie["consensus"] is None and tie["notes"] == {"carol": "只是说明了原因"}
    agreed = by_item[("沪科提复〔2025〕56号", 1)]
    assert (agreed["status"], agreed["consensus"], agreed["consensus_by"]) == ("agreed", "adopted", "agreed")
    assert merged["summary"]["consensus_proposed"] == 2


def test_merge_cli_prints_report_and_writes_the_file(tmp_path, files):
    out = tmp_path / "merged.yaml"
    result = cli("--lang", "en", "merge", *map(str, files), "-o", str(out), "--resolve", "majority", home=tmp_path)
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert "3 reviewers (alice, bob, carol), 2 replies, 6 suggestions" in report
    assert "agreed 3, disputed 3" in report
    assert "Fleiss' kappa 0.417 (moderate)" in report and "50.0% agree" in report
    assert "alice / bob: 6 suggestions, 83.3% agree, Cohen's kappa 0.750" in report
    assert "-> majority: adopted" in report
    assert "no majority; a lead reviewer should settle it" in report
    assert "note (carol): 只是说明了原因" in report
    merged = yaml.safe_load(out.read_text("utf-8"))
    jsonschema.validate(merged, load_schema("merged"))
    assert "\\u" not in out.read_text("utf-8")


def test_merge_cli_refuses_a_bad_file_and_writes_nothing(tmp_path, files):
    bad = tmp_path / "bad.yaml"
    bad.write_text(files[0].read_text("utf-8").replace("rating: adopted", "rating: maybe", 1), "utf-8")
    out = tmp_path / "merged.yaml"
    result = cli("merge", str(files[1]), str(bad), "-o", str(out), home=tmp_path)
    assert result.returncode == 1
    assert "bad.yaml：第 38 行" in result.stderr and "'maybe' 不是允许的值" in result.stderr  # (Chinese by default)
    assert not out.exists()
    result = cli("merge", str(files[1]), str(bad), "-o", str(out), "--lang", "en", home=tmp_path)
    assert result.returncode == 1
    assert "bad.yaml: line 38" in result.stderr and "'maybe' is not allowed" in result.stderr
    assert not out.exists()


def test_two_reviewers_use_cohen(files):
    merged = _merge(files[:2])
    overall = merged["agreement"]["overall"]
    assert overall["method"] == "cohen" and overall["kappa"] == pytest.approx(0.75)


def test_a_reviewers_newer_file_wins(tmp_path, files):
    doc = load_ratings_file(files[2])[0]
    newer = yaml.safe_load(yaml.safe_dump(doc))
    newer["exported_at"] = "2030-01-01T00:00:00+00:00"
    for entry in newer["replies"]:
        for s in entry["suggestions"]:
            s["rating"], s["rating_zh"] = "adopted", "采纳"
    merged = merge_exports([doc, newer, load_ratings_file(files[0])[0]], names=["old", "new", "alice"])
    assert any("newer file's ratings are kept" in w for w in merged["warnings"])
    assert all(s["ratings"]["carol"] == "adopted" for r in merged["replies"] for s in r["suggestions"])


def test_classify_and_majority():
    assert classify([None, None]) == "unrated"
    assert classify(["adopted", None]) == "single"
    assert classify(["adopted", "adopted"]) == "agreed"
    assert classify(["adopted", "explained"]) == "disputed"
    assert majority(["adopted", "explained"]) is None
    assert majority(["adopted", "adopted", "explained"]) == "adopted"
    assert majority(["adopted", "adopted", "explained", "explained"]) is None
    with pytest.raises(InputError):
        merge_exports([], resolve="loudest")


# ---------------------------------------------------------------------------- in the database
def test_disputes_and_durable_resolution(tmp_path):
    db = tmp_path / "db"
    with three_reviewers(db) as store:
        found = disputes(store)
        # In inbox order: by handling unit (上海市教育… sorts before 上海市科学…), then 文号.
        assert [(d.doc_no, d.index) for d in found] == [
            ("沪教提复〔2025〕12号", 1), ("沪教提复〔2025〕12号", 3), ("沪科提复〔2025〕56号", 2),
        ]
        tie = found[1]
        assert tie.ratings == {"alice": A, "bob": P, "carol": E} and tie.majority is None and not tie.resolved
        assert tie.heading and tie.notes == {"carol": "只是说明了原因"}
        settled = resolve_dispute(store, tie.reply_id, 3, E, "组长", comment="以说明为准", now=NOW)
        assert settled.resolution is E and settled.resolved_by == "组长"
        assert settled.resolved_at == "2025-08-01T09:30:00+00:00" and settled.comment == "以说明为准"
        with pytest.raises(InputError):
            resolve_dispute(store, tie.reply_id, 3, A, CONSENSUS)
    with ReviewStore(db, readonly=True) as store:  # durable: visible after reopening
        found = disputes(store)
        assert [d.resolved for d in found] == [False, True, False]
        assert found[1].resolved_by == "组长"
        assert [(d.doc_no, d.index) for d in disputes(store, include_resolved=False)] == [
            ("沪教提复〔2025〕12号", 1), ("沪科提复〔2025〕56号", 2),
        ]
        # The resolution counts as the verdict; the consensus reviewer is not a rater.
        stats = {g.group: g for g in compute_stats(store)}
        # 2.1 E E P -> majority E; 2.2 E; 2.3 resolved E.  1.1 A; 1.2 A A P -> A; 1.3 P.
        # the disagreements are still counted, as merge counts them: 2.1 by majority, 2.3 with none (resolved)
        assert (stats[EDU].explained, stats[EDU].disputed, stats[EDU].disputed_majority) == (3, 2, 1)
        assert (stats[SCI].adopted, stats[SCI].partially_adopted, stats[SCI].disputed) == (2, 1, 1)
        overall, _ = store_agreement(store)
        assert overall.raters == ["alice", "bob", "carol"] and overall.kappa == pytest.approx(5 / 12)
        exported = export_ratings(store, all_reviewers=True)
    # An export with the resolution carries it into a merge.
    path = tmp_path / "all.yaml"
    write_ratings(exported, path)
    merged = merge_exports([load_ratings_file(path)[0]])
    tie = next(s for r in merged["replies"] if r["doc_no"] == "沪教提复〔2025〕12号" for s in r["suggestions"] if s["index"] == 3)
    assert (tie["consensus"], tie["consensus_by"]) == ("explained", "resolution")
    assert CONSENSUS not in merged["reviewers"] and CONSENSUS not in tie["ratings"]
    with ReviewStore(db) as store:  # taking a resolution back
        rid = store.resolve("沪教提复〔2025〕12号")
        assert resolve_dispute(store, rid, 3, None, "组长").resolved is False
        assert [d.resolved for d in disputes(store)] == [False, False, False]
