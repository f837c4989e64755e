"""Agreement when reviewers rate different amounts (the qa106 report, issues 1 and 2).

Two reviewers rate every suggestion of a reply and a third rates one: the headline used
to be Fleiss' kappa over the one suggestion all three rated (-0.500, "poor") while the
pair had 8 suggestions at 87.5%. Now the headline is Krippendorff's alpha over every
suggestion rated by two or more, and a unit with fewer than five shared suggestions shows
its counts instead of a kappa. The letters in tests/data/agreement are our own words.

Krippendorff's alpha (nominal) of the three reviewers below, by hand: suggestions 1-7
rated by 甲 and 乙 (agreeing), 8 by 甲 P, 乙 E, 丙 E. Pairable values n = 7*2 + 3 = 17:
A 6, P 5, E 6. Coincidences on the diagonal: 2 for each agreeing pair (7 * 2 = 14) and
2*1/(3-1) = 1 for the E-E pairs of suggestion 8: 15.
alpha = ((n-1)*15 - sum n_c(n_c-1)) / (n(n-1) - sum n_c(n_c-1))
      = (16*15 - (30 + 20 + 30)) / (17*16 - 80) = 160 / 192 = 0.833.
甲/乙 over 8: p_o = 7/8; 甲 A3 P3 E2, 乙 A3 P2 E3: p_e = (9 + 6 + 6) / 64; kappa = 35/43 = 0.814.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.store.ratings.ratings_io import load_schema
from tests.test_ratings_io import cli

A, P, E = Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED
DATA = Path(__file__).parent / "data" / "agreement"
TRAFFIC, PARKS = "某市交通运输局", "某市园林绿化局"
JIA = [A, A, P, E, E, P, A, P]
YI = [A, A, P, E, E, P, A, E]


def _imported(tmp_path: Path, *names: str) -> Path:
    db = tmp_path / "db"
    out = cli("import", *(str(DATA / n) for n in names), "--db", str(db), home=tmp_path)
    assert out.returncode == 0, out.stderr
    return db


def _ids(store: ReviewStore) -> dict[str, str]:
    return {s.handler: s.id for s in store.summaries()}


def _rate(db: Path, plan: dict[str, dict[str, dict[int, Rating]]]) -> None:
    """plan: unit -> reviewer -> suggestion -> rating, written to the database on disk."""
    with ReviewStore(db) as store:
        ids = _ids(store)
        for unit, by in plan.items():
            for reviewer, ratings in by.items():
                for index, rating in ratings.items():
                    store.set_rating(ids[unit], reviewer, index, rating)


def _third_rates_one(tmp_path: Path) -> Path:
    db = _imported(tmp_path, "traffic_eight.txt")
    _rate(db, {TRAFFIC: {
        "甲": dict(enumerate(JIA, start=1)),
        "乙": dict(enumerate(YI, start=1)),
        "丙": {8: E},
    }})
    return db


def test_stats_headline_uses_every_suggestion_rated_by_two_or_more(tmp_path):
    db = _third_rates_one(tmp_path)
    out = cli("--lang", "en", "stats", "--db", str(db), "--format", "table", home=tmp_path, COLUMNS="200")
    assert out.returncode == 0, out.stderr
    shown = out.stdout
    assert ("overall: 3 reviewers, 8 suggestions rated by two or more, 87.5% agree, "
            "Krippendorff's alpha 0.833 (reliable)") in shown
    assert "rated by all 3: 1 suggestion: 0 agree, 1 disagree; too few for Fleiss' kappa (fewer than 5)" in shown
    assert "乙 / 甲: 8 suggestions, 87.5% agree, Cohen's kappa 0.814" in shown
    assert "-0.500" not in shown and "poor" not in shown


def test_stats_speaks_chinese_by_default(tmp_path):
    db = _third_rates_one(tmp_path)
    out = cli("stats", "--db", str(db), "--format", "table", home=tmp_path, COLUMNS="200")
    assert out.returncode == 0, out.stderr
    assert "总体：3 位评审人，8 条建议有两人以上评定，一致 87.5%，Krippendorff's alpha 0.833（可靠）" in out.stdout
    assert "3 人都评定的：1 条，一致 0 条、不一致 1 条；样本太少（不足 5 条），不计算 Fleiss' kappa" in out.stdout


def test_stats_yaml_says_what_each_figure_is_over(tmp_path):
    db = _third_rates_one(tmp_path)
    out = cli("stats", "--db", str(db), "--format", "yaml", home=tmp_path)
    overall = yaml.safe_load(out.stdout)["agreement"]["overall"]
    assert overall["rated_by_two_or_more"] == {
        "items": 8, "agreed": 7, "percent_agreement": 0.875, "alpha": pytest.approx(0.8333, abs=1e-4),
        "interpretation": "reliable",
    }
    # Fleiss' kappa stays what it was promised to be, over the suggestions all three rated: too few here
    assert (overall["items"], overall["agreed"], overall["method"]) == (1, 0, "fleiss")
    assert overall["kappa"] is None and overall["interpretation"] == "too few" and overall["min_items"] == 5


def test_merge_of_three_exports_reports_the_same_headline(tmp_path):
    db = _third_rates_one(tmp_path)
    files = []
    for name in ("甲", "乙", "丙"):
        path = tmp_path / f"{name}.yaml"
        out = cli("export", "--db", str(db), "--reviewer", name, "-o", str(path), home=tmp_path)
        assert out.returncode == 0, out.stderr
        files.append(str(path))
    merged_path = tmp_path / "merged.yaml"
    out = cli("--lang", "en", "merge", *files, "-o", str(merged_path), home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "overall: 3 reviewers, 8 suggestions rated by two or more, 87.5% agree, Krippendorff's alpha 0.833" in out.stdout
    assert "Fleiss' kappa -0.500" not in out.stdout
    merged = yaml.safe_load(merged_path.read_text("utf-8"))
    jsonschema.validate(merged, load_schema("merged"))
    assert merged["agreement"]["overall"]["rated_by_two_or_more"]["alpha"] == pytest.approx(0.8333, abs=1e-4)


def test_a_unit_with_one_shared_suggestion_shows_counts_not_a_kappa(tmp_path):
    db = _imported(tmp_path, "traffic_eight.txt", "parks_six.txt")
    _rate(db, {
        TRAFFIC: {"甲": dict(enumerate(JIA, start=1)), "乙": dict(enumerate(YI, start=1))},
        PARKS: {"甲": {1: A}, "乙": {1: E}},
    })
    out = cli("--lang", "en", "stats", "--db", str(db), "--format", "table", home=tmp_path, COLUMNS="200")
    assert out.returncode == 0, out.stderr
    shown = out.stdout
    assert (f"{PARKS}: 2 reviewers, 1 suggestion rated by both: 0 agree, 1 disagree; "
            "too few for Cohen's kappa (fewer than 5)") in shown
    assert "Cohen's kappa 0.000" not in shown and "(slight)" not in shown
    assert f"{TRAFFIC}: 2 reviewers, 8 suggestions rated by both, 87.5% agree, Cohen's kappa 0.814 (almost perfect)" in shown
    zh = cli("stats", "--db", str(db), "--format", "table", home=tmp_path, COLUMNS="200").stdout
    assert f"{PARKS}：2 位评审人，1 条建议两人都评定：一致 0 条、不一致 1 条；样本太少（不足 5 条），不计算 Cohen's kappa" in zh


def test_one_agreeing_suggestion_is_too_few_not_na(tmp_path):
    db = _imported(tmp_path, "parks_six.txt")
    _rate(db, {PARKS: {"甲": {1: A}, "乙": {1: A}}})
    out = cli("--lang", "en", "stats", "--db", str(db), "--format", "table", home=tmp_path, COLUMNS="200")
    assert "overall: 2 reviewers, 1 suggestion rated by both: 1 agree, 0 disagree; too few for Cohen's kappa" in out.stdout
    assert "n/a" not in out.stdout
