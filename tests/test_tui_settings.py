"""Settings, logging, themes and the app's wiring (issue 15): what a reviewer or whoever
installs the tool notices when a setting is wrong, when something fails, when the theme
changes; and text from documents shown literally on the original-text and split screens."""

from __future__ import annotations

import logging

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import InputError
from cppcc_review.store.model import Rating, ReviewState
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.cli.words import error_text
from cppcc_review.tui.config import Settings, load_settings
from cppcc_review.tui.logs import log_path, stop_logging
from cppcc_review.tui.navigation import next_needing_work
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.styles import MUTED
from tests.helpers.cli import run_cli
from tests.test_tui import EVIL, SIZE, make_reply, open_first, seed_id


@pytest.fixture(autouse=True)
def fresh_log(tmp_path, monkeypatch):
    """Each test its own log folder (XDG_STATE_HOME) and a log file attached anew."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    stop_logging()
    yield
    stop_logging()


# --- settings ---------------------------------------------------------------------
def test_settings_come_from_defaults_then_file_then_environment_then_command_line(isolated_config, monkeypatch):
    assert load_settings().backups == 5 and load_settings().lang == "zh"
    isolated_config.write_text('lang = "en"\nbackups = 2\nreviewer = "文件"\nauto_advance = false\n', encoding="utf-8")
    settings = load_settings()
    assert (settings.lang, settings.backups, settings.reviewer, settings.auto_advance) == ("en", 2, "文件", False)
    monkeypatch.setenv("CPPCC_REVIEW_BACKUPS", "7")
    monkeypatch.setenv("CPPCC_REVIEW_REVIEWER", "环境")
    monkeypatch.setenv("CPPCC_REVIEW_AUTO_ADVANCE", "yes")
    settings = load_settings()
    assert (settings.backups, settings.reviewer, settings.auto_advance) == (7, "环境", True)
    settings = load_settings({"reviewer": "命令行", "lang": None})
    assert (settings.reviewer, settings.lang) == ("命令行", "en")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("backups = true", "backups should be a whole number"),  # bool is not a number
        ("backups = -1", "backups should be a whole number"),
        ("auto_advance = 1", "auto_advance should be true or false"),  # a number is not a bool
        ('result_scheme = "shanghia"', "unknown result_scheme 'shanghia'; known: default, shanghai"),
        ('lang = "fr"', "lang must be zh or en"),
        ("colour = 3", "unknown setting 'colour'"),
        ('keymap = "1,a"', "[keymap] must be a table"),
    ],
)
def test_a_wrong_setting_is_refused_in_one_line_naming_the_file(isolated_config, capsys, seed_db, line, problem):
    isolated_config.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=str(isolated_config)):
        load_settings()
    code, _out, err = run_cli(capsys, "stats", "--db", seed_db, "--lang", "en")  # (Chinese: test_cli_last_english)
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and problem in err and str(isolated_config) in err, err


def test_a_wrong_environment_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("CPPCC_REVIEW_BACKUPS", "many")
    with pytest.raises(InputError, match=r"\$CPPCC_REVIEW_BACKUPS: backups should be a whole number"):
        load_settings()


def test_an_unknown_result_scheme_stops_the_app_at_start_in_one_line(seed_db, isolated_config, capsys):
    """A typo in result_scheme used to turn off every hint in the app without a word."""
    isolated_config.write_text('result_scheme = "shanghia"\n', encoding="utf-8")
    code, _out, err = run_cli(capsys, "--db", seed_db)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "shanghia" in err, err
    with pytest.raises(InputError, match="shanghia") as refused:
        ReviewApp(db_path=seed_db, reviewer="tester", settings=Settings(result_scheme="shanghia"))
    # (a program's Settings, which no config check met: said in Chinese too, as the command line words it)
    assert error_text(refused.value, "zh").startswith("未知的 result_scheme 'shanghia'；可用的：default, shanghai")
    assert error_text(refused.value, "en").startswith("unknown result_scheme 'shanghia'; known: default, shanghai")


def test_an_unknown_theme_is_refused_at_start(seed_db):
    with pytest.raises(InputError, match="theme 'nord-ish' is not known"):
        ReviewApp(db_path=seed_db, reviewer="tester", settings=Settings(theme="nord-ish"))


async def test_the_app_reads_declared_results_through_the_configured_scheme(tmp_path):
    """办理结果：C means "kept for reference" (explained) in most places, "already in the
    plan" (partially adopted) where c_positive is configured: the hint follows the setting."""
    db = tmp_path / "db"
    reply = make_reply("沪提复〔2025〕9号", "关于某事的提案", "市某局", [("一、关于甲", "我们认真研究了这一建议。")])
    reply.declared_result = "C"
    with ReviewStore(db) as store:
        store.add_reply(reply)
    hints = {}
    for scheme in ("default", "c_positive"):
        app = ReviewApp(db_path=db, reviewer="tester", settings=Settings(result_scheme=scheme), remember_place=False)
        async with app.run_test(size=SIZE) as pilot:
            review = await open_first(pilot)
            hints[scheme] = review.hint_for(1)
            bar = review.query_one("#rating-bar").text.plain
    assert hints["default"].declared_rating == Rating.EXPLAINED
    assert hints["c_positive"].declared_rating == Rating.PARTIALLY_ADOPTED
    assert "部分采纳" in bar  # what the reviewer reads under the c_positive scheme


# --- logging ----------------------------------------------------------------------
def test_every_command_writes_the_log_file_and_debug_raises_its_level(seed_db, capsys):
    code, _out, _err = run_cli(capsys, "stats", "--db", seed_db, "--format", "yaml")
    assert code == 0
    text = log_path().read_text(encoding="utf-8")
    assert "INFO cppcc_review.tui.cli: command: stats" in text and "DEBUG" not in text
    stop_logging()
    code, _out, _err = run_cli(capsys, "--debug", "stats", "--db", seed_db, "--format", "yaml")
    assert logging.getLogger("cppcc_review").level == logging.DEBUG


def test_a_refused_command_leaves_its_traceback_in_the_log(tmp_path, capsys):
    code, _out, err = run_cli(capsys, "stats", "--db", tmp_path / "nowhere")
    assert code == 1 and "Traceback" not in err
    text = log_path().read_text(encoding="utf-8")
    assert "refused" in text and "Traceback (most recent call last)" in text and "nowhere" in text


async def test_a_failing_check_is_logged_with_its_traceback_and_the_review_goes_on(seed_db, monkeypatch):
    import cppcc_review.tui.aids

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("a bug in a check")

    monkeypatch.setattr(cppcc_review.tui.aids, "check_reply", broken)
    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        review = await open_first(pilot)
        await pilot.press("1")
        assert review.reply is not None
    assert app.context.store.get_review(seed_id(seed_db), "tester").suggestions[0].rating == Rating.ADOPTED
    text = log_path().read_text(encoding="utf-8")
    assert "check_reply failed" in text and "ZeroDivisionError: a bug in a check" in text and "Traceback" in text


# --- themes -----------------------------------------------------------------------
async def test_the_theme_setting_and_the_palette_theme_recolour_the_text(seed_db):
    """Colours come from the theme: the muted labels of the review screen change with it,
    and the high-contrast theme is offered with Textual's own."""
    app = ReviewApp(db_path=seed_db, reviewer="tester", settings=Settings(theme="textual-light"))
    async with app.run_test(size=SIZE) as pilot:
        review = await open_first(pilot)
        assert app.theme == "textual-light"
        assert "cppcc-high-contrast" in app.available_themes
        light = review.span_style(MUTED).color
        header = review.query_one("#review-header")
        app.theme = "cppcc-high-contrast"
        await pilot.pause()
        contrast = review.span_style(MUTED).color
        assert light != contrast
        drawn = {segment.style.color for strip in [header.render_line(1)] for segment in strip if segment.text.strip()}
        assert contrast in drawn  # the header's labels are drawn in the new theme's muted colour
        app.theme = "textual-dark"
        await pilot.pause()
        assert review.span_style(MUTED).color not in (light, contrast)


# --- documents' text shown literally -----------------------------------------------
async def test_markup_shows_literally_in_the_original_text_and_the_split_picker(tmp_path):
    """A reply's lines are text: `[bold]` and `[@click=app.quit]` in them are shown as they
    are, on the original-text screen and in the list of lines to split at."""
    from textual.widgets import OptionList

    from cppcc_review.tui.screens.original import OriginalScreen
    from cppcc_review.tui.screens.split_picker import SplitPicker
    from cppcc_review.tui.widgets.original_text import OriginalText

    db = tmp_path / "db"
    text = "正文" + EVIL + "\n下一步将[@click=app.quit]继续[/]。\n再[b]一段[/b]。"
    with ReviewStore(db) as store:
        store.add_reply(make_reply("沪提复〔2025〕1号", "关于某事的提案", "市某局", [("一、关于甲", text)]))
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OriginalScreen)
        view = app.screen.query_one(OriginalText)
        shown = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert "正文[bold]粗[/ [@click=app.quit]x[/] ␛[31m红" in shown
        assert "下一步将[@click=app.quit]继续[/]。" in shown and "再[b]一段[/b]。" in shown
        await pilot.press("q", "S")
        await pilot.pause()
        assert isinstance(app.screen, SplitPicker)
        choices = app.screen.query_one(OptionList)
        shown = "\n".join(choices.render_line(y).text for y in range(choices.size.height))
        assert "下一步将[@click=app.quit]继续[/]。" in shown and "再[b]一段[/b]。" in shown
        await pilot.press("enter")  # split at the first line offered; the app is still there
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ReviewScreen)
        assert len(app.screen.reply.suggestions) == 2


# --- the one rule for "next reply needing work" ------------------------------------
def test_next_needing_work_goes_round_from_the_given_reply_and_looks_at_it_last():
    states = {"a": ReviewState.DONE, "b": ReviewState.IN_PROGRESS, "c": ReviewState.DONE, "d": ReviewState.UNREVIEWED}
    order = ["a", "b", "c", "d"]
    assert next_needing_work(order, states.__getitem__, "b") == "d"
    assert next_needing_work(order, states.__getitem__, "d") == "b"
    assert next_needing_work(order, states.__getitem__, "b", unreviewed_only=True) == "d"
    assert next_needing_work(order, states.__getitem__, None) == "b"  # from the top
    assert next_needing_work(["b"], states.__getitem__, "b") == "b"  # itself, last
    assert next_needing_work(["a", "c"], states.__getitem__, "a") is None
    assert next_needing_work([], states.__getitem__, None) is None


async def test_a_rating_reaches_the_inbox_row_through_a_message(seed_db):
    """The inbox no longer polls a flag: the review screen's RatingSaved updates its row."""
    from cppcc_review.tui.screens.inbox import InboxScreen
    from cppcc_review.tui.widgets.reply_list import ReplyList

    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("1", "q")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        row = app.screen.query_one(ReplyList).current
        assert (row.rated, row.state) == (1, ReviewState.IN_PROGRESS)
