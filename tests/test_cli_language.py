"""The command line speaks the interface's language (fixh): Chinese by default, English with
--lang en or `lang = "en"` in the config file, never a mix of both within one command's output.

Machine formats (YAML, exit codes) stay as they are. Names, titles and notes come from the
documents and stay as written; everything the tool itself says follows the language. The
letters are our own words, imported into a real database on disk.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import InputError
from cppcc_review.store.importer import import_paths
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.config import Settings
from cppcc_review.tui.screens.stats import StatsScreen
from cppcc_review.tui.widgets.table_view import TableView
from tests.helpers.cli import run_cli

LIGHTS = """关于改善社区夜间照明的提案的答复
李华委员：
您提出的关于改善社区夜间照明的提案收悉，现答复如下：
一、增设路灯。我局已在三个社区新装路灯四十盏。
二、定期检修。我局将每季度巡查一次路灯。
三、节能改造。我局正在研究更换节能灯具，资金尚在筹措。
感谢您对城市照明工作的关心和支持！
东河区城市管理局
2024年7月1日
"""

# No signature: no document names the answering unit.
BENCHES = """关于增加公园座椅的提案的答复
王芳委员：
您提出的关于增加公园座椅的提案收悉，现答复如下：
一、增设座椅。今年已在两处公园新增座椅三十张。
二、遮阳设施。部分座椅旁将加装遮阳棚。
感谢您的关心和支持！
2024年8月2日
"""

UNIT = "东河区城市管理局"
# What the documents themselves hold (names, titles, headings): stays as written in either language.
DOCUMENT_WORDS = (UNIT, "关于改善社区夜间照明的提案", "关于增加公园座椅的提案", "增设路灯", "定期检修", "节能改造",
                  "增设座椅", "遮阳设施", "路灯坏了要先修", "甲", "乙", "丙")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
ENGLISH_WORD = re.compile(r"\b(?!kappa\b|alpha\b|Cohen|Fleiss|Krippendorff|cppcc|review|rate|list|ID|N|id|yaml|db|MB)"
                          r"[A-Za-z]{3,}\b")


def _letters(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    (folder / "lights.txt").write_text(LIGHTS, encoding="utf-8")
    (folder / "benches.txt").write_text(BENCHES, encoding="utf-8")
    return [folder / "lights.txt", folder / "benches.txt"]


@pytest.fixture
def rated(tmp_path: Path) -> Path:
    """A database of the two letters, rated by 甲, 乙 and 丙, who disagree on the lights' first suggestion."""
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, _letters(tmp_path / "in"))
        ids = {s.handler: s.id for s in store.summaries()}
        lights, benches = ids[UNIT], ids[None]
        for reviewer, first in (("甲", Rating.ADOPTED), ("乙", Rating.EXPLAINED), ("丙", Rating.PARTIALLY_ADOPTED)):
            store.set_rating(lights, reviewer, 1, first)
            store.set_rating(lights, reviewer, 2, Rating.ADOPTED)
            store.set_rating(benches, reviewer, 1, Rating.ADOPTED)
        store.set_note(lights, "甲", 1, "路灯坏了要先修")
    return db


def _tool_words(text: str) -> str:
    """`text` without what the documents hold and without file paths: the words the tool itself said."""
    for word in DOCUMENT_WORDS:
        text = text.replace(word, "")
    return re.sub(r"\S*/\S*", "", text)


def _chinese_only(text: str) -> None:
    """No English word of the tool's own in `text` (the measures' names and commands aside)."""
    assert text.strip()
    found = ENGLISH_WORD.findall(_tool_words(text))
    assert not found, (found, text)


def _english_only(text: str) -> None:
    assert text.strip()
    found = CJK.findall(_tool_words(text))
    assert not found, (found, text)


def _exports(capsys, db: Path, folder: Path, *options: str) -> list[Path]:
    files = []
    for reviewer in ("甲", "乙", "丙"):
        path = folder / f"{reviewer}.yaml"
        code, _out, err = run_cli(capsys, *options, "export", "--reviewer", reviewer, "-o", path, "--db", db)
        assert code == 0, err
        files.append(path)
    return files


def test_merge_speaks_chinese_by_default_and_english_with_lang_en(rated, tmp_path, capsys):
    files = _exports(capsys, rated, tmp_path)
    code, out, err = run_cli(capsys, "merge", *files)
    assert code == 0, err
    assert "已合并 3 个文件：3 位评审人（丙, 乙, 甲），2 份答复，5 条建议" in out
    assert "有分歧的建议：1 条" in out and "没有多数意见，需由主审裁定" in out
    assert "丙: 部分采纳; 乙: 解释说明; 甲: 采纳" in out and "备注（甲）：路灯坏了要先修" in out
    assert "一致性" in out and "Agreement" not in out
    _chinese_only(out)
    code, out, err = run_cli(capsys, "--lang", "en", "merge", *files)
    assert code == 0, err
    assert "Merged 3 files: 3 reviewers (丙, 乙, 甲), 2 replies, 5 suggestions" in out
    assert "丙: partially adopted; 乙: explained; 甲: adopted" in out and "-> no majority" in out
    assert out.splitlines()[3] == "Agreement"
    _english_only(out)


def test_merges_errors_follow_the_language(rated, tmp_path, capsys):
    files = _exports(capsys, rated, tmp_path)
    missing = tmp_path / "nonexist.yaml"
    code, out, err = run_cli(capsys, "merge", *files, missing)
    assert code == 1 and out == ""
    assert err.splitlines() == [f"cppcc-review：错误：{missing}：文件不存在",
                                "cppcc-review：错误：1/4 个文件无法合并；未写入任何文件"]
    code, out, err = run_cli(capsys, "merge", *files, missing, "--lang", "en")
    assert err.splitlines() == [f"cppcc-review: error: {missing}: no such file",
                                "cppcc-review: error: 1 of 4 files cannot be merged; nothing was written"]
    code, out, err = run_cli(capsys, "merge", files[0], files[0])
    assert code == 1 and "是同一份导出" in err
    _chinese_only(err.replace("cppcc-review: error:", ""))


def test_stats_table_headers_groups_and_agreement_in_one_language(rated, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    code, out, err = run_cli(capsys, "stats", "--db", rated, "--format", "table")
    assert code == 0, err
    header = out.splitlines()[2]
    assert "承办单位" in header and "答复" in header and "待评" in out
    assert "（未注明）" in out and "合计" in out and "\n一致性\n" in out
    _chinese_only(out)
    code, out, err = run_cli(capsys, "--lang", "en", "stats", "--db", rated, "--format", "table")
    assert code == 0, err
    assert "Unit" in out and "Repl." in out and "Total" in out
    assert "(unknown)" in out and "\nAgreement\n" in out
    _english_only(out)
    # (--lang also after the command name, as `list` and `rate` take it)
    assert run_cli(capsys, "stats", "--lang", "en", "--db", rated, "--format", "table")[1] == out


def test_the_config_files_language_is_the_command_lines_too(rated, capsys, monkeypatch, isolated_config):
    monkeypatch.setenv("COLUMNS", "160")
    isolated_config.write_text('lang = "en"\n', encoding="utf-8")
    code, out, err = run_cli(capsys, "list", "--db", rated, "--format", "table", "--reviewer", "甲")
    assert code == 0, err
    assert "Rated" in out and "State" in out and "Doc no." in out and "in progress" in out
    assert "2 replies; reviewer 甲." in out
    _english_only(out)


def test_list_in_chinese_by_default(rated, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    code, out, err = run_cli(capsys, "list", "--db", rated, "--format", "table", "--reviewer", "丁")
    assert code == 0, err
    assert "已评" in out and "未评" in out and "共 2 份答复；评审人 丁。" in out
    _chinese_only(out)
    code, out, _err = run_cli(capsys, "list", "--db", rated, "--format", "table", "--reviewer", "丁", "--status", "done")
    assert out.strip() == "评审人 丁 没有处于“已完成”状态的答复"
    code, out, _err = run_cli(capsys, "list", "--db", rated, "--format", "yaml", "--reviewer", "丁")
    assert "state: unreviewed" in out  # machine formats keep their English values


def test_rate_speaks_the_language_it_is_given(rated, capsys):
    lights = _id_of(rated, UNIT)
    code, out, err = run_cli(capsys, "rate", lights, "3", "采纳", "--reviewer", "丁", "--db", rated, "--lang", "zh")
    assert code == 0, err
    assert out.strip() == f"{lights} [{lights}] 建议 3/3，评审人 丁：采纳"
    code, out, err = run_cli(capsys, "rate", lights, "3", "explained", "--reviewer", "丁", "--db", rated, "--lang", "en",
                             "--note", "资金未落实")
    assert out.strip() == f"{lights} [{lights}] suggestion 3/3 by 丁: explained; note: 资金未落实"
    code, out, err = run_cli(capsys, "rate", lights, "9", "采纳", "--reviewer", "丁", "--db", rated)
    assert code == 1 and err.strip() == f"cppcc-review：错误：{lights}：没有建议 9；这份答复有 3 条（编号 1-3）"
    code, out, err = run_cli(capsys, "rate", lights, "1", "很好", "--reviewer", "丁", "--db", rated)
    assert code == 1 and "不是评定" in err


def test_export_and_import_ratings_say_what_they_did_in_chinese(rated, tmp_path, capsys):
    path = tmp_path / "jia.yaml"
    code, _out, err = run_cli(capsys, "export", "--reviewer", "甲", "-o", path, "--db", rated)
    assert code == 0 and err.strip() == f"已导出 2 份答复（3 条评定，评审人 甲）到 {path}"
    code, _out, err = run_cli(capsys, "export", "--reviewer", "戊", "-o", tmp_path / "wu.yaml", "--db", rated)
    assert code == 1 and "没有 戊 的评定" in err and "那里的评审人：丙, 乙, 甲" in err
    other = tmp_path / "other"
    with ReviewStore(other) as store:
        import_paths(store, _letters(tmp_path / "in2"))
    code, out, err = run_cli(capsys, "import-ratings", path, "--db", other)
    assert code == 0, err
    assert out.strip() == f"{path}：已导入评审人 甲 的 3 条评定、1 条备注、0 份测评（2 份答复，3 处修改）"
    code, out, err = run_cli(capsys, "import-ratings", path, "--db", other, "--dry-run", "--lang", "en")
    assert out.startswith(f"{path}: would import 3 ratings")
    missing = tmp_path / "nonexist.yaml"
    code, out, err = run_cli(capsys, "import-ratings", missing, "--db", other)
    assert code == 1 and err.strip() == f"cppcc-review：错误：{missing}：文件不存在；未导入任何内容"


def test_import_says_its_summary_and_refusals_in_chinese(tmp_path, capsys):
    letters = _letters(tmp_path / "in")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 no zip archive after all")
    (tmp_path / "broken.pdf").write_bytes(b"no header here")
    db = tmp_path / "db"
    code, out, err = run_cli(capsys, "import", *letters, tmp_path / "broken.docx", tmp_path / "broken.pdf",
                             tmp_path / "gone.txt", "--db", db)
    assert code == 1
    assert out.strip() == f"新导入 2，更新 0，未变 0，失败 3（{db}）"
    assert err.splitlines() == [
        f"cppcc-review：错误：{tmp_path / 'broken.docx'}：不是有效的 .docx 文件（不是 zip 压缩包）",
        f"cppcc-review：错误：{tmp_path / 'broken.pdf'}：不是有效的 PDF 文件（没有 %PDF 文件头）",
        f"cppcc-review：错误：{tmp_path / 'gone.txt'}：文件不存在",
    ]
    code, out, err = run_cli(capsys, "import", *letters, "--db", db, "--lang", "en")
    assert out.strip() == f"imported 0, updated 0, unchanged 2, failed 0  ({db})"


def test_errors_before_any_work_follow_the_language(tmp_path, capsys):
    code, _out, err = run_cli(capsys, "list", "--db", tmp_path / "nowhere")
    assert code == 1 and err.startswith(f"cppcc-review：错误：{tmp_path / 'nowhere'}：这里没有数据库")
    code, _out, err = run_cli(capsys, "--lang", "en", "list", "--db", tmp_path / "nowhere")
    assert err.startswith(f"cppcc-review: error: {tmp_path / 'nowhere'}: no database here")
    (tmp_path / "empty.txt").write_bytes(b"")
    code, _out, err = run_cli(capsys, "parse", tmp_path / "empty.txt")
    assert code == 1 and err.strip() == f"cppcc-review：错误：{tmp_path / 'empty.txt'}：空文件"
    code, _out, err = run_cli(capsys, "parse", tmp_path / "gone.txt")
    assert err.strip() == f"cppcc-review：错误：{tmp_path / 'gone.txt'}：文件不存在"


def test_keymap_refusals_are_worded_in_the_interfaces_language(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, _letters(tmp_path / "in"))
    cases = [({"nonsense": "z"}, "按键设置：没有 id 为 'nonsense' 的功能（帮助界面 `?` 列出所有 id）"),
             ({"rate_adopted": " , "}, "按键设置：'rate_adopted' 没有给出按键"),
             ({"rate_adopted": "ctrl+q"}, "键 ctrl+q 同时分给了 退出(quit)和采纳(rate_adopted)")]
    for keymap, words in cases:
        with pytest.raises(InputError) as refused:
            ReviewApp(db_path=db, reviewer="tester", settings=Settings(keymap=keymap))
        assert words in str(refused.value)
        _chinese_only(str(refused.value).replace("ctrl+q", "").replace("quit", "").replace("rate_adopted", "")
                      .replace("nonsense", "").replace("keymap", ""))
    with pytest.raises(InputError, match="keymap: unknown binding id 'nonsense'"):
        ReviewApp(db_path=db, reviewer="tester", settings=Settings(keymap={"nonsense": "z"}, lang="en"))


async def test_the_apps_statistics_name_the_unit_no_letter_names_as_stats_does(rated):
    for lang, word in (("zh", "（未注明）"), ("en", "(unknown)")):
        app = ReviewApp(db_path=rated, reviewer="甲", lang=lang, offer_demo=False)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, StatsScreen)
            rows = [line.split()[0] for line in app.screen.query_one(TableView).plain.splitlines() if line.strip()]
            assert word in rows and "—" not in rows


def _id_of(db: Path, handler: str | None) -> str:
    with ReviewStore(db, readonly=True) as store:
        return next(s.id for s in store.summaries() if s.handler == handler)


async def test_the_apps_import_dialog_words_the_readers_details_in_chinese(tmp_path):
    """A broken .docx and a file that is no PDF: the reader's own details in Chinese, no English inside."""
    from tests.helpers.tui_import import import_in_app

    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, _letters(tmp_path / "in"))
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "a.docx").write_bytes(b"PK\x03\x04 no zip archive after all")
    (folder / "b.pdf").write_bytes(b"no header here")
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        result = await import_in_app(app, pilot, folder)
    assert "不是有效的 .docx 文件（不是 zip 压缩包）" in result and "不是有效的 PDF 文件（没有 %PDF 文件头）" in result
    assert "zip/XML error" not in result and "no %PDF header" not in result
