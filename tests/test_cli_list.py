"""`cppcc-review list`: where a script finds the id of a reply that has no 文号."""

from __future__ import annotations

import os

import pytest
import yaml
from rich.cells import cell_len

from tests.test_ratings_io import ROOT, SEED, SEED_DOC_NO, cli, db_hashes


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

NO_DOC_NO = ROOT / "fixtures" / "039_proposers_deng_n_wei_weiyuan.txt"  # a reply without a 文号


def _db(tmp_path):
    db = tmp_path / "db"
    made = cli("import", str(SEED), str(NO_DOC_NO), "--db", str(db), home=tmp_path)
    assert made.returncode == 0, made.stderr
    return db


def _listed(db, *args, home):
    out = cli("list", "--db", str(db), "--format", "yaml", *args, home=home)
    assert out.returncode == 0, out.stderr
    return yaml.safe_load(out.stdout)


def test_the_listed_id_of_a_reply_without_doc_no_is_what_rate_takes(tmp_path):
    db = _db(tmp_path)
    doc = _listed(db, "--reviewer", "王审阅", home=tmp_path)
    by_title = {r["title"]: r for r in doc["replies"]}
    plain = by_title["关于加快建设区域医疗中心的提案"]
    assert plain["doc_no"] is None and plain["suggestions"] == 2 and plain["state"] == "unreviewed"
    assert plain["source"] == NO_DOC_NO.name
    assert {r["doc_no"] for r in doc["replies"]} == {None, SEED_DOC_NO}

    rated = cli("rate", plain["id"], "1", "采纳", "--db", str(db), "--reviewer", "王审阅", home=tmp_path)
    assert rated.returncode == 0, rated.stderr

    after = {r["id"]: r for r in _listed(db, "--reviewer", "王审阅", home=tmp_path)["replies"]}
    assert (after[plain["id"]]["rated"], after[plain["id"]]["state"]) == (1, "in_progress")
    # Another reviewer's list shows their own progress, not 王审阅's.
    other = {r["id"]: r for r in _listed(db, "--reviewer", "李", home=tmp_path)["replies"]}
    assert other[plain["id"]]["rated"] == 0
    # --status keeps only the replies in that state.
    started = _listed(db, "--reviewer", "王审阅", "--status", "in_progress", home=tmp_path)["replies"]
    assert [r["id"] for r in started] == [plain["id"]]
    assert len(_listed(db, "--reviewer", "王审阅", "--status", "unreviewed", home=tmp_path)["replies"]) == 1


def test_the_table_shows_document_text_as_it_is_not_as_markup(tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "关于[bold]整治[/bold]河道的建议的答复\n张明代表:\n您提出的关于[red]整治河道的建议收悉,现答复如下:\n"
        "我局已于2024年5月完成河道清淤,共清理河段3公里。\n感谢您的关心和支持!\n东河区水务局\n2024年6月1日\n",
        encoding="utf-8",
    )
    db = tmp_path / "db"
    assert cli("import", str(letter), "--db", str(db), home=tmp_path).returncode == 0
    out = cli("list", "--db", str(db), "--format", "table", home=tmp_path, COLUMNS="200")
    assert out.returncode == 0, out.stderr
    # The title is read from the opening line here; its "[red]" is text, not a colour.
    assert "关于[red]整治河道的建议" in out.stdout and "\x1b" not in out.stdout
    assert "1 replies" in out.stdout


def test_list_without_a_database_is_one_line_and_makes_nothing(tmp_path):
    missing = tmp_path / "nowhere"
    out = cli("list", "--db", str(missing), home=tmp_path)
    assert out.returncode == 1 and out.stderr.startswith("cppcc-review: error: ")
    assert len(out.stderr.strip().splitlines()) == 1 and "no database here" in out.stderr
    assert not missing.exists()


def test_list_changes_no_stored_byte(tmp_path):
    db = _db(tmp_path)
    before = db_hashes(db)
    _listed(db, home=tmp_path)
    assert db_hashes(db) == before


def test_rate_of_an_unknown_reply_points_to_list(tmp_path):
    db = _db(tmp_path)
    out = cli("rate", "关于加快建设区域医疗中心的提案", "1", "采纳", "--db", str(db), home=tmp_path)
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1
    assert "no reply with this id or 文号" in out.stderr and "`cppcc-review list` shows every reply's id" in out.stderr


LONG_DOC_NO = ROOT / "fixtures" / "519_city_management_greening_number_with_year_in_brackets.txt"  # 提案第B(2020)118号（无文号）
WATER = ROOT / "fixtures" / "003_flood_resolved_adopted.txt"  # 沪水务提复〔2021〕112号


def _on_a_terminal(db, width, home):
    """What `list` prints on a terminal `width` cells wide (its stdout a pseudo-terminal)."""
    import fcntl
    import pty
    import re
    import struct
    import subprocess
    import sys
    import termios

    from tests.test_ratings_io import ROOT as root

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPPCC_REVIEW") and k not in ("COLUMNS", "LINES")}
    env.update(PYTHONPATH=str(root), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               TERM="xterm", CPPCC_REVIEW_LANG="zh")
    proc = subprocess.Popen([sys.executable, "-m", "cppcc_review.tui.cli", "list", "--db", str(db)],
                            cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.decode("utf-8"))
    return [line.rstrip() for line in text.replace("\r", "").splitlines()]


@pytest.mark.parametrize("width", [200, 120, 80])
def test_the_doc_no_is_never_cut_on_a_terminal_with_room_the_title_is(tmp_path, width):
    # The 文号 is what `rate` takes: the QA tester saw 沪水务提复〔2021〕112… at 200 columns.
    db = tmp_path / "db"
    assert cli("import", str(WATER), str(LONG_DOC_NO), str(NO_DOC_NO), "--db", str(db), home=tmp_path).returncode == 0
    lines = _on_a_terminal(db, width, tmp_path)
    text = "\n".join(lines)
    assert "沪水务提复〔2021〕112号" in text and "提案第B(2020)118号（无文号）" in text
    assert max(cell_len(line) for line in lines) <= width
    title = "关于提升中心城区排水防涝能力的提案"
    if width >= 120:
        assert title in text and "上海市水务局" in text  # room for everything
    else:
        assert title not in text and "关于提升" in text  # the title gives way first


def test_a_table_to_a_pipe_cuts_nothing_whatever_the_terminal(tmp_path):
    db = tmp_path / "db"
    assert cli("import", str(WATER), str(LONG_DOC_NO), "--db", str(db), home=tmp_path).returncode == 0
    out = cli("list", "--db", str(db), "--format", "table", home=tmp_path, COLUMNS="")
    assert out.returncode == 0, out.stderr
    assert "沪水务提复〔2021〕112号" in out.stdout and "关于提升中心城区排水防涝能力的提案" in out.stdout
    assert "…" not in out.stdout
