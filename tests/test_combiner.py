"""The combiner of the suggested ratings (store/aids/combiner.py, round h70): the shipped weights, the plain-Python
prediction against scikit-learn's, and where it is and is not asked."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cppcc_review.store.aids import combiner
from cppcc_review.store.aids.decide import PATHS, Decision
from cppcc_review.store.aids.hints import signals
from cppcc_review.store.model import Rating

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def test_the_shipped_weights_are_this_codes_and_hold_no_text():
    raw = combiner.WEIGHTS.read_text(encoding="utf-8")
    data = json.loads(raw)
    model = combiner.load()  # refuses a file whose features are not this code's
    assert model.classes == [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED]
    assert set(model.paths) == set(PATHS) | {combiner.NO_PATH}
    assert len(data["coef"]) == 3 and all(len(row) == len(data["features"]) for row in data["coef"])
    # what it was trained on: the fixtures and the ten real development collections, by count and digest only
    trained = data["trained_on"]["suggestions"]
    assert trained["fixtures"] >= 800 and sorted(k for k in trained if k != "fixtures") == [
        f"real-fresh-{n}" for n in range(60, 70)]
    assert re.fullmatch(r"[0-9a-f]{64}", data["trained_on"]["digest"])
    # numbers and feature names only: not one Chinese character in the file
    assert not re.search(r"[\u4e00-\u9fff]", raw)


def test_a_file_of_other_features_is_refused_in_one_line():
    data = json.loads(combiner.WEIGHTS.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1] + ["log1p_n_something_new"]
    with pytest.raises(ValueError) as err:
        combiner.Combiner(data)
    assert "combiner.json" in str(err.value) and "train_combiner" in str(err.value) and "\n" not in str(err.value)


def test_the_plain_python_prediction_is_scikit_learns():
    from train_combiner import PATH_NAMES, fit, fixture_rows, to_json

    rows = fixture_rows()[:300]
    model = fit(rows)
    mine = combiner.Combiner(to_json(model, rows))
    order = [list(model.classes_).index(c.value) for c in mine.classes]
    worst = 0.0
    for r in rows:
        expected = model.predict_proba([combiner.feature_vector(PATH_NAMES, r["decision"], r["sig"], r["model_p"])])[0]
        got = mine.probabilities(r["decision"], r["sig"], r["model_p"])
        worst = max(worst, *(abs(got[c] - expected[k]) for c, k in zip(mine.classes, order, strict=True)))
    assert worst < 1e-4, worst  # (the file's coefficients are rounded to six places)


def test_the_combiner_reads_the_branch_the_counts_and_the_model():
    model = combiner.load()
    sig = signals("该事项不属于我局职责范围,已将建议转送市交通运输局研究。")
    refused = Decision(Rating.EXPLAINED, "refused")
    sure = {Rating.ADOPTED: 0.02, Rating.PARTIALLY_ADOPTED: 0.03, Rating.EXPLAINED: 0.95}
    assert model.rating(refused, sig, sure)[0] == Rating.EXPLAINED
    # the same counts and model, another branch: the branch is a feature of its own
    p_refused = model.probabilities(refused, sig, sure)
    p_done = model.probabilities(Decision(Rating.ADOPTED, "done"), sig, sure)
    assert p_done[Rating.ADOPTED] > p_refused[Rating.ADOPTED]
    # probabilities, whatever the model says (a zero is floored, not a log error)
    zero = {Rating.ADOPTED: 0.0, Rating.PARTIALLY_ADOPTED: 0.0, Rating.EXPLAINED: 1.0}
    p = model.probabilities(Decision(None, "label_only"), sig, zero)
    assert abs(sum(p.values()) - 1.0) < 1e-9 and all(0.0 < v < 1.0 for v in p.values())


def test_it_is_not_asked_where_the_rules_reading_stands():
    assert not combiner.applies(Decision(Rating.EXPLAINED, "label_only"))
    assert not combiner.applies(Decision(Rating.EXPLAINED, "background"))
    assert not combiner.applies(Decision(Rating.EXPLAINED, "context_only"))  # the rubric's own reading
    stands = combiner.RULES_STAND | combiner.RUBRIC_STANDS
    assert all(combiner.applies(Decision(Rating.ADOPTED, p)) for p in PATHS if p not in stands)
    # trained on: every branch but the ones that read no wording (a label alone, a background heading)
    assert combiner.trained_on(Decision(Rating.EXPLAINED, "context_only"))
    assert not combiner.trained_on(Decision(Rating.EXPLAINED, "label_only"))


def test_the_weights_are_read_on_the_first_hint_not_at_start_up():
    code = """
import sys
import cppcc_review.tui.app, cppcc_review.store.aids.hints
from cppcc_review.store.aids import combiner
assert combiner.load.cache_info().currsize == 0, "weights read at start-up"
from cppcc_review.store.aids.hints import suggest_rating
from tests.test_checks_support import reply_with
reply = reply_with("下一步,我局将积极研究。")
suggest_rating(reply, reply.suggestions[0])
assert combiner.load.cache_info().currsize == 1 and "sklearn" not in sys.modules
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.startswith("ok"), out.stderr


def test_a_collection_whose_texts_are_lost_trains_from_its_first_measure_record(tmp_path, monkeypatch, capsys):
    import train_combiner
    import yaml

    # no /work/realdata here: real-fresh-70 is read from fixtures/real-records/real-fresh-70.yaml, in git
    monkeypatch.setattr(train_combiner, "REAL", tmp_path)
    rows = train_combiner.real_rows([70])
    record = yaml.safe_load((ROOT / "fixtures/real-records/real-fresh-70.yaml").read_text(encoding="utf-8"))
    assert len(rows) == sum(len(v) for v in record["replies"].values()) == 13
    assert "read from its first-measure record" in capsys.readouterr().err
    first_name, first = next(iter(record["replies"].items()))
    row = rows[0]
    assert row["key"] == f"{first_name}#{first[0]['index']}" and row["hand"] == Rating(first[0]["hand"])
    assert row["decision"].path == (first[0]["path"] or "") and row["cut"] == first[0]["cut"]
    for name, count in (first[0].get("signals") or {}).items():
        assert getattr(row["sig"], name) == count
    assert len(row["x"]) == len(combiner.feature_names(train_combiner.PATH_NAMES))
    # a collection with neither texts nor a record is an error naming both places (real-fresh-59: its texts were lost
    # before first-measure records were written)
    with pytest.raises(SystemExit, match="real-fresh-59 has no record"):
        train_combiner.real_rows([59])


def test_a_time_split_trains_on_the_older_collections_and_scores_only_the_newer(tmp_path, monkeypatch, capsys):
    import train_combiner
    import yaml

    # no /work/realdata here: every collection is read from its first-measure record (fixtures/real-records/)
    monkeypatch.setattr(train_combiner, "REAL", tmp_path)
    assert train_combiner.main(["--time-split", "80", "--through", "83"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("trained on the fixtures and 20 collections before real-fresh-80")
    scored = [line.split("|")[1].strip() for line in out.splitlines() if line.startswith("| real-fresh-")]
    assert scored == ["real-fresh-80", "real-fresh-81", "real-fresh-82", "real-fresh-83"]
    records = [yaml.safe_load((ROOT / f"fixtures/real-records/real-fresh-{n}.yaml").read_text(encoding="utf-8"))
               for n in range(80, 84)]
    pooled = next(line for line in out.splitlines() if line.startswith("| pooled |")).split("|")
    assert int(pooled[2]) == sum(len(v) for r in records for v in r["replies"].values()) == 109
    assert 0 < int(pooled[3]) <= 109 and 0 < int(pooled[4]) <= 109
    # a split with nothing before it to train on is refused in one line
    with pytest.raises(SystemExit, match="must lie after real-fresh-60"):
        train_combiner.main(["--time-split", "60", "--through", "83"])
