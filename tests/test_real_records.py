"""scripts/real_records.py: a collection's first measure kept as numbers (no text), and pooled later.

The private texts of the real collections have been lost with the machine three times; a record is what a later
session can still ask questions of (the blend's weight, a confident band, a branch's first-run record)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from cppcc_review.samples import FIXTURES_DIR

ROOT = Path(__file__).resolve().parent.parent
MEASURE = ROOT / "scripts" / "measure_real_aids.py"
RECORDS = ROOT / "scripts" / "real_records.py"


def run(script: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(script), *map(str, args)], capture_output=True, text=True)


def collection(tmp_path: Path) -> tuple[Path, Path]:
    """Two of our own fixtures as a 'collection': a whole letter and a page marked cut, with hand ratings
    written here from the fixtures' own hand ratings (003: adopted, adopted; 013: partially x3, which the
    strict rubric makes explained)."""
    folder = tmp_path / "fresh99"
    folder.mkdir()
    shutil.copy(FIXTURES_DIR / "003_flood_resolved_adopted.txt", folder / "a001.txt")
    shutil.copy(FIXTURES_DIR / "013_vague_only_no_next_steps.txt", folder / "a002.txt")
    (folder / "a001.expected.yaml").write_text("is_reply: true\ncut: false\n", encoding="utf-8")
    (folder / "a002.expected.yaml").write_text("is_reply: true\ncut: true\n", encoding="utf-8")
    ratings = tmp_path / "real-fresh-99.yaml"
    ratings.write_text(
        "collection: real-fresh-99\n"
        "default:\n  a001: {1: adopted, 2: adopted}\n  a002: {1: partially_adopted, 2: partially_adopted, 3: partially_adopted}\n"
        "strict:\n  a002: {1: explained, 2: explained, 3: explained}\n"
        "whole:\n  a001: adopted\n  a002: partially_adopted\n",
        encoding="utf-8")
    return folder, ratings


def test_a_first_measure_writes_a_record_of_numbers_and_labels_without_the_letters_text(tmp_path: Path) -> None:
    folder, ratings = collection(tmp_path)
    out = tmp_path / "records" / "real-fresh-99.yaml"
    out.parent.mkdir()
    done = run(MEASURE, "hints", folder, ratings, "--held-out-from", "0", "--base", "all", "--parse-rule",
               "--record", out)
    assert done.returncode == 0, done.stderr
    assert "record: 5 suggestions" in done.stdout
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["collection"] == "real-fresh-99"
    assert re.fullmatch(r"[0-9a-f]{64}", doc["base_model_sha256"])
    assert re.fullmatch(r"[0-9a-f]{64}", doc["combiner_sha256"])  # the combiner whose hints it records (h70)
    first, second = doc["replies"]["a001"], doc["replies"]["a002"]
    assert [r["hand"] for r in first] == ["adopted", "adopted"]
    assert [(r["hand"], r["hand_strict"], r["cut"]) for r in second] == [("partially_adopted", "explained", True)] * 3
    for r in first + second:
        assert set(r["model"]) == {"adopted", "partially_adopted", "explained"}
        assert abs(sum(r["model"].values()) - 1) < 1e-3
        assert r["hint"] in {"adopted", "partially_adopted", "explained"}
        assert all(isinstance(v, int) and v > 0 for v in r["signals"].values())
    again = run(MEASURE, "hints", folder, ratings, "--held-out-from", "0", "--parse-rule", "--record", out)
    assert again.returncode == 1 and "already there" in again.stderr  # a first measure is written once
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == doc
    # no text of the letters: no run of four Chinese characters from either letter is in the file
    record_text = out.read_text(encoding="utf-8")
    for letter in (folder / "a001.txt", folder / "a002.txt"):
        body = letter.read_text(encoding="utf-8")
        runs = set(re.findall(r"[\u4e00-\u9fff]{4}", body))
        assert not [chunk for chunk in runs if chunk in record_text]


def record(hand: str, rules: str, path: str, model: tuple[float, float, float], hint: str, score: float,
           cut: bool = False) -> dict:
    return {"index": 1, "cut": cut, "hand": hand, "hand_strict": None, "rules": rules, "path": path,
            "rules_strict": rules, "path_strict": path,
            "model": dict(zip(("adopted", "partially_adopted", "explained"), model, strict=True)),
            "hint": hint, "score": score, "source": "rules", "declared": None, "signals": {}}


def test_pooled_records_give_each_reading_its_share_right_and_replay_the_blend(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import real_records

    sha = real_records.model_sha256()
    # Four suggestions worked out by hand:
    #  x001: hand A, rules A (done), model A 0.8: hint A, right everywhere; agreeing at 0.86.
    #  x002: hand E, rules A (done), model E 0.7: the shipped blend (0.30) gives E 0.7*0.7 = 0.49 against A 0.30+0.7*0.2 = 0.44: hint E.
    #  x003: hand P, rules E (refused), model P 0.6: explained weight 0.45: E 0.45+0.55*0.2 = 0.56 against P 0.55*0.6 = 0.33: hint E.
    #  x004: hand P, rules P (vague_only), model A 0.5: blend P 0.30+0.7*0.4 = 0.58 against A 0.35: hint P, cut page.
    doc = {"collection": "real-fresh-98", "measured_at": "abc1234", "base_model_sha256": sha, "replies": {
        "x001": [record("adopted", "adopted", "done", (0.8, 0.15, 0.05), "adopted", 0.86)],
        "x002": [record("explained", "adopted", "done", (0.2, 0.1, 0.7), "explained", 0.49)],
        "x003": [record("partially_adopted", "explained", "refused", (0.2, 0.6, 0.2), "explained", 0.56)],
        "x004": [record("partially_adopted", "partially_adopted", "vague_only", (0.5, 0.4, 0.1), "partially_adopted",
                        0.58, cut=True)],
    }}
    path = tmp_path / "real-fresh-98.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    done = run(RECORDS, "pool", path, "--weights", "0.3/0.45,0/0,1/1")
    assert done.returncode == 0, done.stderr
    lines = {line.split("  ")[0].strip(): line for line in done.stdout.splitlines()}
    # as measured: x001, x002, x004 right; rules alone: x001, x004; the model alone: x001, x002, x003
    assert "3/4" in lines["shipped hint (as measured)"] and "whole letters 2/3" in lines["shipped hint (as measured)"]
    assert "2/4" in lines["rules alone"]
    assert "3/4" in lines["bundled model alone"]
    # replayed: the shipped weights give back what was measured (3); the model alone (0/0) 3; the rules alone (1/1) 2
    assert "3/4" in lines["rules 0.30 / explained 0.45"]
    assert "3/4" in lines["rules 0.00 / explained 0.00"]
    assert "2/4" in lines["rules 1.00 / explained 1.00"]
    # a band counts only hints where rules, model and blend agree: x001 (0.86, right) alone reaches 0.8
    assert "1/1" in lines["score >= 0.80"]
    assert "1/1" in lines["score >= 0.50"]  # x004's model says A, the rules P: not agreeing
    # by branch: done 1 right of 2 by the rules, 2 by the hint; hand A 1, E 1
    done_line = next(line for line in done.stdout.splitlines() if line.startswith("done "))
    assert done_line.split()[1:] == ["1", "2", "2", "1", "0", "1"]


def test_records_of_another_model_are_not_replayed_and_bad_weights_are_refused(tmp_path: Path) -> None:
    doc = {"collection": "real-fresh-97", "measured_at": "abc1234", "base_model_sha256": "0" * 64, "replies": {
        "x001": [record("adopted", "adopted", "done", (0.8, 0.15, 0.05), "adopted", 0.86)]}}
    path = tmp_path / "real-fresh-97.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    done = run(RECORDS, "pool", path)
    assert done.returncode == 0, done.stderr
    assert "0 records of the shipped model; 1 of another model left out" in done.stdout
    bad = run(RECORDS, "pool", path, "--weights", "0.3")
    assert bad.returncode == 2 and "--weights" in bad.stderr
