"""The ratings export says what kind of reply each entry is and which units co-handled it (QA
round b, 5): it carried neither, so a supervision office merging exports could not tell a
co-handler's 会办意见 from the lead unit's reply, nor a follow-up from the first reply. Now
`kind` and `co_handlers` are export fields, carried into merged files, read back by
import-ratings and merge; a file exported before them still imports and merges. `stats --by
handler` says how many of a unit's replies are co-handlers' opinions."""

from __future__ import annotations

import shutil

import yaml

from cppcc_review.store.db import ReviewStore
from tests.helpers.cli import run_cli

FIXTURES = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures"
OPINION, FOLLOW_UP = "京园林会〔2024〕12号", "渝住建提复〔2024〕8号"


def _db(tmp_path, capsys, name="db"):
    folder = tmp_path / f"{name}-replies"
    folder.mkdir()
    for fixture in ("005_greenway_cohandler_opinion.txt", "012_follow_up_chinese_date.txt"):
        shutil.copy(FIXTURES / fixture, folder / fixture)
    db = tmp_path / name
    code, _out, err = run_cli(capsys, "import", folder, "--db", db)
    assert code == 0, err
    return db


def _export(capsys, db, reviewer, rating, out):
    for doc in (OPINION, FOLLOW_UP):
        code, _out, err = run_cli(capsys, "rate", doc, "1", rating, "--reviewer", reviewer, "--db", db)
        assert code == 0, err
    code, _out, err = run_cli(capsys, "export", "--reviewer", reviewer, "-o", out, "--db", db)
    assert code == 0, err
    return {e["doc_no"]: e for e in yaml.safe_load(out.read_text(encoding="utf-8"))["replies"]}


def _without_kinds(path, out):
    """The file as a cppcc-review of before this change wrote it: no kind, no co_handlers."""
    lines, skip = [], False
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if skip and line.startswith("  - "):
            continue
        skip = line.startswith("  co_handlers:")
        if not skip and not line.startswith("  kind:"):
            lines.append(line)
    out.write_text("".join(lines), encoding="utf-8")
    return out


def test_an_export_says_each_replys_kind_and_co_handlers(tmp_path, capsys):
    db = _db(tmp_path, capsys)
    entries = _export(capsys, db, "甲", "采纳", tmp_path / "jia.yaml")
    assert entries[OPINION]["kind"] == "co_handler_opinion" and entries[OPINION]["co_handlers"] == []
    assert entries[FOLLOW_UP]["kind"] == "follow_up"
    assert entries[FOLLOW_UP]["co_handlers"] == ["市财政局", "市市场监管局"]
    assert list(entries[OPINION])[:7] == ["doc_no", "proposal_no", "kind", "title", "proposers", "handler", "co_handlers"]


def test_import_ratings_and_merge_read_them_back_and_files_without_them_still_work(tmp_path, capsys):
    db = _db(tmp_path, capsys)
    jia, yi = tmp_path / "jia.yaml", tmp_path / "yi.yaml"
    _export(capsys, db, "甲", "采纳", jia)
    _export(capsys, db, "乙", "解释说明", yi)
    old_yi = _without_kinds(yi, tmp_path / "yi-old.yaml")
    assert "kind:" not in old_yi.read_text(encoding="utf-8")
    fresh = _db(tmp_path, capsys, "fresh")
    for path in (jia, old_yi):
        code, out, err = run_cli(capsys, "import-ratings", path, "--db", fresh)
        assert code == 0 and "2 条评定" in out, err
    with ReviewStore(fresh, readonly=True) as store:
        assert sorted(store.reviewers()) == ["乙", "甲"]
    merged = tmp_path / "merged.yaml"
    code, out, err = run_cli(capsys, "merge", old_yi, jia, "-o", merged)  # (the older file first)
    assert code == 0, err
    replies = {r["doc_no"]: r for r in yaml.safe_load(merged.read_text(encoding="utf-8"))["replies"]}
    assert replies[OPINION]["kind"] == "co_handler_opinion"
    assert replies[FOLLOW_UP]["kind"] == "follow_up" and replies[FOLLOW_UP]["co_handlers"] == ["市财政局", "市市场监管局"]
    code, _out, err = run_cli(capsys, "merge", old_yi, _without_kinds(jia, tmp_path / "jia-old.yaml"))
    assert code == 0, err


def test_stats_by_handler_says_which_replies_are_co_handlers_opinions(tmp_path, capsys):
    db = _db(tmp_path, capsys)
    code, out, err = run_cli(capsys, "stats", "--db", db, "--format", "yaml")
    assert code == 0, err
    groups = {g["group"]: g for g in yaml.safe_load(out)["groups"]}
    assert groups["北京市园林绿化局"]["co_handler_opinions"] == 1
    assert groups["重庆市住房和城乡建设委员会"]["co_handler_opinions"] == 0
    assert yaml.safe_load(out)["total"]["co_handler_opinions"] == 1
    code, out, err = run_cli(capsys, "stats", "--db", db, "--format", "table")
    assert code == 0, err
    assert ("其中1份是会办意见（会办单位写给主办单位的意见，不是给提案人的答复），计入写它的单位所在的组："
            "北京市园林绿化局1") in "".join(out.split())  # (wrapped at the terminal's width)
