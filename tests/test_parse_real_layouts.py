"""Issue 12: reading replies as they are published (page metadata and chrome, one-line
letters, proposal pages), the parse warnings, and where a reviewer sees them.

The layouts themselves are covered by fixtures 030-076 (tests/test_fixtures.py); these
tests cover what those cannot: refusals, the --allow-non-reply flag of `parse` and
`import`, warnings in the JSON / YAML output, in the stored reply and in the review
screen, and the measuring script."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cppcc_review.samples import FIXTURES_DIR, fixture_files, fixture_text
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import NotAReplyError, ParseError
from cppcc_review.store.importer import import_paths
from cppcc_review.store.labels import PARSE_WARNINGS, parse_warning_label
from cppcc_review.store.reading.parser import PARSE_WARNING_ORDER, parse_reply
from tests.helpers.cli import run_cli


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

NOT_REPLIES = sorted((FIXTURES_DIR / "not_replies").glob("*.txt"))
ROOT = Path(__file__).resolve().parent.parent


def fixture(prefix: str) -> Path:
    return next(p for p in fixture_files() if p.name.startswith(prefix))


def test_every_warning_has_both_labels_with_chinese_punctuation() -> None:
    assert set(PARSE_WARNINGS) == set(PARSE_WARNING_ORDER)
    for code, (zh, en) in PARSE_WARNINGS.items():
        assert zh and en, code
        assert not re.search(r"[,:;()]", zh), f"{code}: half-width punctuation in {zh}"
        assert parse_warning_label(code, "en") == en and parse_warning_label(code) == zh
    assert parse_warning_label("no_such_code") == "no_such_code"


def test_warnings_are_listed_in_their_documented_order() -> None:
    for path in fixture_files():
        codes = parse_reply(fixture_text(path)).parse_warnings
        assert codes == sorted(codes, key=PARSE_WARNING_ORDER.index), path.name


@pytest.mark.parametrize("path", NOT_REPLIES, ids=[p.stem for p in NOT_REPLIES])
def test_pages_that_are_not_replies_are_refused_with_one_line(path: Path) -> None:
    with pytest.raises(NotAReplyError) as refused:
        parse_reply(path.read_text(encoding="utf-8"))
    message = str(refused.value)
    assert "\n" not in message and len(message) < 200
    if "proposal" in path.name:
        assert "proposal" in message


@pytest.mark.parametrize("path", NOT_REPLIES, ids=[p.stem for p in NOT_REPLIES])
def test_a_non_reply_is_read_when_allowed_and_says_so(path: Path) -> None:
    reply = parse_reply(path.read_text(encoding="utf-8"), allow_non_reply=True)
    assert reply.parse_warnings[0] == "not_a_reply"
    assert reply.suggestions


def test_a_one_line_letter_is_read_not_refused() -> None:
    reply = parse_reply(fixture_text(fixture("061")))
    assert (reply.handler, reply.date, len(reply.suggestions)) == ("宁禾市住房和城乡建设局", "2024-07-03", 1)
    assert "one_line_letter" in reply.parse_warnings


def test_a_short_letter_without_structure_or_signer_is_read() -> None:
    text = "您提出的关于在步行街增设休息座椅的提案收悉,现答复如下:\n我局已在步行街增设座椅40组。\n感谢您的关心!"
    reply = parse_reply(text)
    assert len(reply.suggestions) == 1 and reply.suggestions[0].text == "我局已在步行街增设座椅40组。"
    assert {"no_salutation", "no_signer", "no_handler", "no_date"} <= set(reply.parse_warnings)


def test_random_prose_is_still_no_reply() -> None:
    with pytest.raises(ParseError, match="no reply found"):
        parse_reply("今天天气很好,我们去公园散步。\n晚上吃了饺子。")


def test_an_impossible_signature_date_stays_out_of_the_last_suggestion() -> None:
    reply = parse_reply(fixture_text(fixture("060")))
    last = reply.suggestions[-1]
    assert "2024年6月31日" not in reply.lines[last.start : last.end]
    assert "江城市民政局" not in reply.lines[last.start : last.end]
    assert reply.date is None and "date_impossible" in reply.parse_warnings


def test_warnings_survive_the_store_round_trip(tmp_path: Path) -> None:
    with ReviewStore(tmp_path / "db") as store:
        summary = import_paths(store, [fixture("030")])
        reply = store.get_reply(summary.ids[0])
    assert reply.parse_warnings == ["no_signer", "handler_from_metadata", "date_from_metadata"]


def test_parse_command_prints_the_warnings_in_yaml_and_json(capsys) -> None:
    code, out, _ = run_cli(capsys, "parse", fixture("045"))
    assert code == 0 and yaml.safe_load(out)["warnings"] == ["split_by_paragraphs"]
    code, out, _ = run_cli(capsys, "parse", fixture("032"), "--format", "json")
    assert code == 0 and json.loads(out)["warnings"] == []


def test_parse_command_refuses_a_proposal_page_unless_allowed(capsys) -> None:
    page = FIXTURES_DIR / "not_replies" / "073_proposal_page.txt"
    code, out, err = run_cli(capsys, "parse", page)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and str(page) in err and "proposal" in err
    code, out, _ = run_cli(capsys, "parse", page, "--allow-non-reply")
    assert code == 0 and yaml.safe_load(out)["warnings"][0] == "not_a_reply"


def test_import_skips_a_proposal_page_unless_allowed(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "reply.txt").write_bytes(fixture("031").read_bytes())
    (folder / "proposal.txt").write_bytes((FIXTURES_DIR / "not_replies" / "073_proposal_page.txt").read_bytes())
    code, out, err = run_cli(capsys, "import", folder, "--db", tmp_path / "db")
    assert code == 1 and "imported 1" in out and "failed 1" in out
    assert "proposal.txt" in err and "proposal" in err
    code, out, _ = run_cli(capsys, "import", folder, "--db", tmp_path / "db", "--allow-non-reply")
    assert code == 0 and "imported 1" in out and "unchanged 1" in out
    with ReviewStore(tmp_path / "db", readonly=True) as store:
        flagged = [s for s in store.summaries() if "not_a_reply" in store.get_reply(s.id).parse_warnings]
    assert len(flagged) == 1


async def test_the_review_screen_shows_the_parse_warnings(tmp_path: Path) -> None:
    from cppcc_review.tui.app import ReviewApp
    from cppcc_review.tui.screens.review import ReviewScreen

    db = tmp_path / "db"
    with ReviewStore(db) as store:
        assert import_paths(store, [fixture("030")]).imported == 1
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        visual = app.screen.query_one("#findings").render()
        shown = getattr(visual, "plain", str(visual))
        assert parse_warning_label("handler_from_metadata") in shown


def test_a_reply_without_warnings_adds_no_notes() -> None:
    from cppcc_review.tui.parse_notes import parse_notes

    assert parse_notes(parse_reply(fixture_text(fixture("032")))) == []
    notes = parse_notes(parse_reply(fixture_text(fixture("045"))), "en")
    assert [n.message for n in notes] == ["parse: " + parse_warning_label("split_by_paragraphs", "en")]
    assert notes[0].suggestion is None and notes[0].severity == "info"


def write_expected(path: Path, expected: dict) -> None:
    path.write_text(yaml.safe_dump(expected, allow_unicode=True), encoding="utf-8")


def measure(folder: Path, *, split: int) -> str:
    """What scripts/measure_real_replies.py prints for `folder` (it must exit 0)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "measure_real_replies.py"), str(folder), "--split", str(split)],
        capture_output=True, text=True, check=True,
    ).stdout


def test_the_measuring_script_reads_a_folder(tmp_path: Path) -> None:
    (tmp_path / "r001.txt").write_bytes(fixture("031").read_bytes())
    expected = {
        "is_reply": True, "complete": True, "kind": "reply", "doc_no": "渝城管函〔2024〕57号",
        "proposal_no": "第108号", "title": "关于规范共享单车停放的提案", "proposers": ["林晓东"],
        "handler": "重庆市渝城区城市管理局", "handler_named": True, "co_handlers": [], "date": "2024-07-09",
        "declared_result": None, "contacts": {}, "suggestions": {"count": 2, "headings": None},
        "body": {"first": "一、关于划设停放区", "last": "我局已约谈3家运营企业"},
    }  # fmt: skip
    write_expected(tmp_path / "r001.expected.yaml", expected)
    (tmp_path / "r002.txt").write_bytes((FIXTURES_DIR / "not_replies" / "075_work_report.txt").read_bytes())
    (tmp_path / "r002.expected.yaml").write_text("is_reply: false\n", encoding="utf-8")
    out = measure(tmp_path, split=1)
    assert "header fields right           10/10 = 100.0%" in out
    assert "suggestion count right (complete) 1/1 = 100.0%" in out
    assert "non-replies refused           1/1 = 100.0%" in out
    assert "inside suggestions: 0" in out


def test_a_reply_to_a_citizens_message_is_refused_saying_so() -> None:
    page = FIXTURES_DIR / "not_replies" / "173_reply_to_a_citizen_message.txt"
    with pytest.raises(NotAReplyError) as refused:
        parse_reply(page.read_text(encoding="utf-8"))
    assert "citizen" in str(refused.value)
    # The same answer addressed to a deputy is a reply.
    deputy = page.read_text(encoding="utf-8").replace("张先生:", "张立代表:").replace("您所反映的问题", "您提出的建议")
    assert parse_reply(deputy).proposers == ["张立"]


def test_the_measuring_script_reads_a_second_collection_named_fnnn(tmp_path: Path) -> None:
    (tmp_path / "f001.txt").write_bytes(fixture("162").read_bytes())
    expected = {
        "is_reply": True, "complete": True, "kind": "reply", "doc_no": None, "proposal_no": "第45号",
        "title": "关于修复西干渠渡槽", "proposers": ["方建国", "鲁小燕"], "handler": "宁县水利局",
        "handler_named": True, "co_handlers": [], "date": "2024-02-28", "declared_result": None, "contacts": {},
        "suggestions": {"count": 1, "headings": None}, "body": {"first": "西干渠渡槽修复", "last": "西干渠渡槽修复"},
    }  # fmt: skip
    write_expected(tmp_path / "f001.expected.yaml", expected)
    (tmp_path / "notes.txt").write_text("not a collected text", encoding="utf-8")
    out = measure(tmp_path, split=0)
    assert "== held-out: 1 texts (1 replies, 0 not replies)" in out
    assert "header fields right           10/10 = 100.0%" in out


def test_a_missing_salutation_is_listed_once_not_as_a_finding_and_a_parse_note(tmp_path: Path) -> None:
    """The checks say a part is missing when the text bears out the parser's "not found"
    (since the ninth round's checks): the review screen's findings then say it once."""
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.tui.aids import ReadingAids
    from cppcc_review.tui.config import Settings

    reply = parse_reply(fixture_text(fixture("070")))  # a letter that quotes the proposal, no salutation
    assert "no_salutation" in reply.parse_warnings
    with ReviewStore(tmp_path / "db") as store:
        shown = ReadingAids("zh", Settings(), store, "审阅人").findings(reply)
    kinds = [f.kind for f in shown]
    assert "missing_salutation" in kinds and "parse:no_salutation" not in kinds
    assert sum("称" in f.message and "委员" in f.message for f in shown) == 1
