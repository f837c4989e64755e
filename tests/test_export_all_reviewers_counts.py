"""`export --all-reviewers` says what it wrote (qa14 item 4): with three reviewers it said
"exported 5 replies" for 5 (reply, reviewer) entries of 3 replies, and nothing of the replies
nobody reviewed, which it leaves out (an empty entry would be a reviewer's word that they rated
nothing: imported into their own database it would clear their ratings there). The summary now
counts reviews and replies apart and names how many replies are left out, so a merge of the
file counting 3 replies where the database holds 5 is no surprise. Failed before the fix."""

from __future__ import annotations

from pathlib import Path

import yaml

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Relevance, Satisfaction
from tests.helpers.cli import run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FILES = ["001_parking_label_a.txt", "002_elderly_care_b_class.txt", "003_flood_resolved_adopted.txt",
         "004_heritage_reference.txt", "005_greenway_cohandler_opinion.txt"]


def _db(tmp_path, capsys) -> tuple[Path, list[str]]:
    """Five replies; 王 rated the first two, 李 the second and third, 张 the third: three
    replies reviewed (five reviews), two by nobody."""
    db = tmp_path / "db"
    code, _out, err = run_cli(capsys, "import", *[FIXTURES / name for name in FILES], "--db", db)
    assert code == 0, err
    code, out, _err = run_cli(capsys, "list", "--db", db, "--format", "yaml")
    ids = [reply["id"] for reply in yaml.safe_load(out)["replies"]]
    assert len(ids) == 5
    for reviewer, which in (("王审阅", (0, 1)), ("李审阅", (1, 2)), ("张审阅", (2,))):
        for i in which:
            assert run_cli(capsys, "rate", ids[i], "1", "采纳", "--reviewer", reviewer, "--db", db)[0] == 0
    return db, ids


def test_the_summary_counts_reviews_and_replies_and_names_those_left_out(tmp_path, capsys):
    db, _ids = _db(tmp_path, capsys)
    everyone = tmp_path / "all.yaml"
    code, _out, err = run_cli(capsys, "export", "--all-reviewers", "--db", db, "-o", everyone)
    assert code == 0
    assert err.strip() == (f"已导出 3 份答复的 5 份评审（5 条评定，评审人 张审阅, 李审阅, 王审阅）到 {everyone}"
                           "；没有人评审过的 2 份答复不在其中")
    doc = yaml.safe_load(everyone.read_text("utf-8"))
    assert doc["count"] == 5 and len({entry["reply_id"] for entry in doc["replies"]}) == 3
    code, _out, err = run_cli(capsys, "--lang", "en", "export", "--all-reviewers", "--db", db, "-o", everyone)
    assert code == 0
    assert err.strip() == (f"exported 5 reviews of 3 replies (5 ratings) by 张审阅, 李审阅, 王审阅 to {everyone}, "
                           "replacing the earlier file; 2 replies that nobody has reviewed are left out")
    # what a merge of it reports is what the summary said: 3 replies
    code, out, _err = run_cli(capsys, "--lang", "en", "merge", everyone)
    assert code == 0 and "3 reviewers (张审阅, 李审阅, 王审阅), 3 replies" in out


def test_with_status_done_the_summary_says_none_was_completed(tmp_path, capsys):
    db, _ids = _db(tmp_path, capsys)
    done = tmp_path / "done.yaml"
    code, _out, err = run_cli(capsys, "--lang", "en", "export", "--all-reviewers", "--status", "done",
                              "--db", db, "-o", done)
    assert code == 0
    assert err.strip() == (f"exported 0 reviews of 0 replies (0 ratings) by nobody to {done}; "
                           "5 replies with no completed review are left out")


def test_one_reviewers_export_still_counts_every_reply(tmp_path, capsys):
    db, _ids = _db(tmp_path, capsys)
    wang = tmp_path / "wang.yaml"
    code, _out, err = run_cli(capsys, "export", "--reviewer", "王审阅", "--db", db, "-o", wang)
    assert code == 0 and err.strip() == f"已导出 5 份答复（2 条评定，评审人 王审阅）到 {wang}"


def test_one_reviewers_export_of_done_reviews_says_how_many_it_leaves_out(tmp_path, capsys):
    """mn15: `export --status done` of one reviewer said only what it held (the all-reviewers export
    named the replies it leaves out): it says how many replies that reviewer has not completed."""
    db, ids = _db(tmp_path, capsys)
    with ReviewStore(db) as store:  # 王 confirms the first reply's assessment: that reply is done
        S = Satisfaction.SATISFIED
        store.set_assessment(ids[0], "王审阅", Assessment(result=S, attitude=S, relevance=Relevance.TARGETED,
                                                       completed_at="2025-07-01T10:00:00+08:00"))
    wang = tmp_path / "wang-done.yaml"
    code, _out, err = run_cli(capsys, "export", "--reviewer", "王审阅", "--status", "done", "--db", db, "-o", wang)
    assert code == 0
    assert err.strip() == f"已导出 1 份答复（1 条评定，评审人 王审阅）到 {wang}；王审阅 尚未完成评审的 4 份答复不在其中"
    assert [entry["reply_id"] for entry in yaml.safe_load(wang.read_text("utf-8"))["replies"]] == [ids[0]]
    code, _out, err = run_cli(capsys, "--lang", "en", "export", "--reviewer", "王审阅", "--status", "done",
                              "--db", db, "-o", wang)
    assert code == 0
    assert err.strip() == (f"exported 1 reply (1 rating) by 王审阅 to {wang}, replacing the earlier file; "
                           "4 replies that 王审阅 has not completed are left out")
