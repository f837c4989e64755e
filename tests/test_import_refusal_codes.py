"""Why a file was refused, by code (fixd, problem 3): the reader gives each refusal a stable code and
the values its line holds; the command line prints the English line as before, byte for byte, and the
app words the code from its catalogue in both languages, reading no English. Each refusal keeps the
words the app showed when it translated the English line by patterns (the strings below are what that
translation gave). Files are written here, imported into a real database on disk."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.store.reading.refusals import Reason, Refusal
from cppcc_review.tui.i18n import MESSAGES
from cppcc_review.tui.import_reasons import reason_text

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "tests" / "data" / "qa106" / "notice.txt"

# code: (its values, the English line `import` prints, the Chinese words the app shows)
WORDS: dict[Refusal, tuple[dict[str, str], str, str]] = {
    Refusal.NO_REPLY: ({}, "no reply found: no salutation to a member, no opening that answers a proposal, no reply title",
                       "不像一份答复：没有对委员的称呼、没有答复提案的开头、没有答复标题"),
    Refusal.CITIZEN_LETTER: ({}, "the text answers a citizen's letter or online message, not a proposal or a deputy's "
                             "suggestion", "这是对群众来信或网上留言的答复，不是对提案或代表建议的答复"),
    Refusal.PROPOSAL: ({}, "the text is a proposal (案由 / 提案人 / 建议), not a reply to one",
                       "这是提案本身（案由／提案人／建议），不是对提案的答复"),
    Refusal.EMPTY_TEXT: ({}, "empty text", "没有正文"),
    Refusal.NO_TEXT_LEFT: ({}, "no text left after removing page chrome and separator lines", "去掉网页栏目和分隔线后没有正文"),
    Refusal.TOO_MANY_LINES: ({"n": "20001"}, "too many lines for one reply (20001); is this several documents?",
                             "行数过多（20001 行），不像一份答复；是否把几份文件合在了一起？"),
    Refusal.INTERNAL: ({"name": "IndexError"}, "could not parse the reply: internal error IndexError",
                       "无法解析该答复：内部错误 IndexError"),
    Refusal.FOLDER: ({}, "is a folder, not a file", "这是文件夹，不是文件"),
    Refusal.NO_FILE: ({}, "no such file", "文件不存在"),
    Refusal.SYMLINK_LOOP: ({}, "a symbolic link that loops (through links it leads back to itself); there is no file to read",
                           "这是一个循环的符号链接（经过几层链接又指回自己），没有可读的文件"),
    Refusal.SYMLINK_DANGLING: ({"target": "/mnt/old/a.docx"}, "a symbolic link to /mnt/old/a.docx, where there is no file",
                               "这是指向 /mnt/old/a.docx 的符号链接，但那里没有文件"),
    Refusal.NOT_REGULAR: ({"kind": "fifo"}, "is a named pipe (FIFO), not a regular file; only regular files are read",
                          "这是命名管道（FIFO），不是普通文件；只读取普通文件"),
    Refusal.PERMISSION: ({}, "permission denied", "没有读取权限"),
    Refusal.CANNOT_READ: ({"detail": "Input/output error"}, "cannot read (Input/output error)",
                           "无法读取（系统的原话：Input/output error）"),
    Refusal.EMPTY_FILE: ({}, "empty file", "空文件"),
    Refusal.EMPTY_BLANK: ({}, "empty file (only blank lines)", "空文件（只有空行）"),
    Refusal.CANNOT_READ_FORMAT: ({"fmt": "pdf", "detail": "KeyError: '/Root'"}, "cannot read this .pdf file (KeyError: '/Root')",
                                 "无法读取这个 .pdf 文件（读取库的原话：KeyError: '/Root'）"),
    Refusal.UNSUPPORTED: ({"suffix": ".doc", "supported": ".txt .md .docx .html .htm .shtml .pdf"},
                          "unsupported file type ('.doc' files); supported: .txt .md .docx .html .htm .shtml .pdf",
                          "不支持的文件类型（.doc 文件）；支持：.txt .md .docx .html .htm .shtml .pdf"),
    Refusal.TOO_LARGE: ({"size": "30 MB", "limit": "20 MB"}, "file too large (30 MB > 20 MB limit)",
                        "文件过大（30 MB，上限 20 MB）"),
    Refusal.TOO_LONG: ({"n": "2,000,000"}, "the text is too long (over 2,000,000 characters extracted; a reply has a few "
                       "thousand)", "文字过长（提取出超过 2,000,000 个字符；一份答复通常只有几千字）"),
    Refusal.BINARY: ({}, "not a text document (binary data)", "不是文本文件（二进制数据）"),
    Refusal.BAD_BOM: ({"codec": "UTF-16-LE"}, "cannot decode text: it starts with a UTF-16-LE byte order mark but is not "
                      "valid in that encoding", "无法解码：文件以 UTF-16-LE 字节顺序标记开头，内容却不符合该编码"),
    Refusal.UNDECODABLE: ({}, "cannot decode text (not UTF-8, GB18030/GBK or Big5); save it as UTF-8",
                          "无法解码（不是 UTF-8、GB18030/GBK 或 Big5）；请另存为 UTF-8"),
    Refusal.OLD_DOC: ({}, "an old Word .doc file renamed .docx; save it as .docx in Word first",
                      "这是改名为 .docx 的旧版 Word .doc 文件；请先在 Word 中另存为 .docx"),
    # (fixh) the reader's own details in Chinese; a library's words stay, marked as its own
    Refusal.BAD_DOCX: ({"detail": "KeyError: 'no style'"}, "not a valid .docx (KeyError: 'no style')",
                       "不是有效的 .docx 文件（python-docx 的原话：KeyError: 'no style'）"),
    Refusal.BAD_DOCX_XML: ({"detail": "There is no item named 'word/document.xml' in the archive"},
                           "not a valid .docx (zip/XML error: There is no item named 'word/document.xml' in the archive)",
                           "不是有效的 .docx 文件（zip/XML 错误，python-docx 的原话：There is no item named "
                           "'word/document.xml' in the archive）"),
    Refusal.BAD_DOCX_NOT_ZIP: ({}, "not a valid .docx (zip/XML error: not a zip archive)", "不是有效的 .docx 文件（不是 zip 压缩包）"),
    Refusal.BAD_DOCX_PARTS: ({"n": "2,000"}, "not a valid .docx (over 2,000 parts)", "不是有效的 .docx 文件（超过 2,000 个部件）"),
    Refusal.BAD_DOCX_UNPACKED: ({"mb": "200"}, "not a valid .docx (unpacks to more than 200 MB)",
                                "不是有效的 .docx 文件（解压后超过 200 MB）"),
    Refusal.BAD_DOCX_MARKUP: ({"n": "5,000,000"}, "not a valid .docx (over 5,000,000 XML elements and attributes: far more "
                              "than a reply; a zip bomb?)",
                              "不是有效的 .docx 文件（超过 5,000,000 个 XML 元素和属性，远多于一份答复；是压缩炸弹吗？）"),
    Refusal.NO_TEXT_DOCUMENT: ({}, "no text in the document", "文档里没有文字"),
    Refusal.NO_TEXT_PAGE: ({}, "no text in the page", "网页里没有文字"),
    Refusal.BAD_HTML: ({"detail": "ParserError"}, "not a readable HTML page (ParserError)",
                       "无法读取的 HTML 网页（lxml 的错误：ParserError）"),
    Refusal.SCANNED_PDF: ({}, "scanned PDF: no text layer; OCR it first", "扫描版 PDF，没有文字层；请先做文字识别（OCR）"),
    Refusal.BAD_PDF: ({"detail": "Stream has ended unexpectedly"}, "not a valid PDF (Stream has ended unexpectedly)",
                      "不是有效的 PDF 文件（pypdf 的原话：Stream has ended unexpectedly）"),
    Refusal.BAD_PDF_HEADER: ({}, "not a valid PDF (no %PDF header)", "不是有效的 PDF 文件（没有 %PDF 文件头）"),
    Refusal.PDF_OBJECTS: ({"n": "300,001", "limit": "300,000"}, "PDF has 300,001 objects, over the 300,000 limit for a reply",
                          "PDF 含 300,001 个对象，超过一份答复的上限 300,000"),
    Refusal.PDF_ENCRYPTED: ({}, "encrypted PDF: remove the password first", "PDF 已加密：请先去掉密码"),
    Refusal.PDF_PAGES: ({"n": "300"}, "PDF has over 300 pages, the limit for a reply", "PDF 超过 300 页，超出一份答复的上限"),
    Refusal.PDF_PAGE_DRAWING: ({"page": "3", "mb": "8"}, "page 3 of the PDF holds over 8 MB of drawing instructions: not a "
                               "reply's page", "PDF 第 3 页含超过 8 MB 的绘图指令，不像答复的一页"),
    Refusal.PDF_DRAWING: ({"mb": "64"}, "the PDF holds over 64 MB of drawing instructions: not a reply",
                          "PDF 含超过 64 MB 的绘图指令，不像一份答复"),
    Refusal.PDF_SLOW: ({"s": "30"}, "reading the PDF's text takes over 30 seconds: refused (a reply of a few pages takes well "
                       "under one)", "读取 PDF 的文字超过 30 秒，已放弃（几页的答复通常不到一秒）"),
    Refusal.NOT_SAVED: ({"detail": "disk full"}, "not saved: disk full", "未保存：disk full"),
    Refusal.COULD_NOT_READ: ({"detail": "RecursionError: maximum recursion depth exceeded"},
                             "could not read: RecursionError: maximum recursion depth exceeded",
                             "无法读取：RecursionError: maximum recursion depth exceeded"),
}


def test_every_code_has_its_words_in_both_languages():
    assert set(WORDS) == set(Refusal)
    assert {f"import.reason.{code.value}" for code in Refusal} <= set(MESSAGES)


@pytest.mark.parametrize("code", list(Refusal))
def test_each_refusal_keeps_its_words_in_both_languages(code):
    values, line, chinese = WORDS[code]
    reason = Reason(line, code, values)
    assert reason_text(reason, "zh") == chinese
    assert reason_text(reason, "en") == line  # the command line's words, from the catalogue


def test_a_refusal_the_reader_does_not_name_keeps_its_line():
    reason = Reason("is a FIFO, not a regular file; only regular files are read")
    assert reason_text(reason, "zh") == "无法导入（is a FIFO, not a regular file; only regular files are read）"
    assert reason_text(reason, "en") == reason


def _refused_files(folder: Path) -> dict[str, Refusal]:
    """Files the reader refuses, written here: name -> the code it must give."""
    import docx
    from pypdf import PdfWriter

    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"\n \n\t\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    with open(folder / "huge.txt", "wb") as huge:  # a sparse file: its size is what is refused
        huge.truncate(30 * 1024 * 1024)
    (folder / "bom.txt").write_bytes(b"\xff\xfe" + "答复".encode("utf-16-le") + b"\x00")
    (folder / "notice.txt").write_bytes(NOTICE.read_bytes())
    (folder / "proposal.txt").write_text("案由:关于增设夜间公交线路的提案\n提案人:张明\n建议:\n一、增设线路。\n二、延长运营时间。\n",
                                         encoding="utf-8")
    (folder / "citizen.txt").write_text("张先生:\n您好!您在网上反映的夜间公交问题收悉,现答复如下:\n我局将于六月底前调整线路。\n"
                                        "东河区交通运输局\n2024年5月20日\n", encoding="utf-8")
    (folder / "lines.txt").write_text("第一行文字\n" * 20_001, encoding="utf-8")
    (folder / "renamed.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    (folder / "broken.docx").write_bytes(b"this is no zip archive")
    docx.Document().save(str(folder / "blank.docx"))
    (folder / "blank.html").write_text("<html><body><p> </p></body></html>", encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"no header here")
    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)
    blank.write(str(folder / "scan.pdf"))
    locked = PdfWriter()
    locked.add_blank_page(width=595, height=842)
    locked.encrypt("secret")
    buffer = io.BytesIO()
    locked.write(buffer)
    (folder / "locked.pdf").write_bytes(buffer.getvalue())
    return {
        "empty.txt": Refusal.EMPTY_FILE, "blank.txt": Refusal.EMPTY_BLANK, "binary.txt": Refusal.BINARY,
        "old.doc": Refusal.UNSUPPORTED, "huge.txt": Refusal.TOO_LARGE, "bom.txt": Refusal.BAD_BOM,
        "notice.txt": Refusal.NO_REPLY, "proposal.txt": Refusal.PROPOSAL, "citizen.txt": Refusal.CITIZEN_LETTER,
        "lines.txt": Refusal.TOO_MANY_LINES, "renamed.docx": Refusal.OLD_DOC, "broken.docx": Refusal.BAD_DOCX_NOT_ZIP,
        "blank.docx": Refusal.NO_TEXT_DOCUMENT, "blank.html": Refusal.NO_TEXT_PAGE, "broken.pdf": Refusal.BAD_PDF_HEADER,
        "scan.pdf": Refusal.SCANNED_PDF, "locked.pdf": Refusal.PDF_ENCRYPTED,
    }


@pytest.mark.parametrize("workers", ["0", "2"])  # read in the importer, and on helper processes (pickled)
def test_importing_refused_files_gives_their_codes_and_the_apps_words(tmp_path, monkeypatch, workers):
    monkeypatch.setenv("CPPCC_IMPORT_WORKERS", workers)
    expected = _refused_files(tmp_path / "in")
    with ReviewStore(tmp_path / "db") as store:
        summary = import_paths(store, [tmp_path / "in", tmp_path / "in" / "old.doc"])  # (a folder's .doc is passed over)
    assert summary.imported == 0
    got = {Path(path).name: reason for path, reason in summary.failed}
    assert {name: reason.code for name, reason in got.items()} == expected
    for name, reason in got.items():
        values, line, chinese = WORDS[reason.code]
        if not values:  # (with values, the words hold this file's own: its size, its line count)
            assert (reason, reason_text(reason, "zh"), reason_text(reason, "en")) == (line, chinese, line), name
        assert reason_text(reason, "en") == reason, name
    assert reason_text(got["lines.txt"], "zh") == "行数过多（20001 行），不像一份答复；是否把几份文件合在了一起？"
    assert reason_text(got["huge.txt"], "zh") == "文件过大（30 MB，上限 20 MB）"
    assert reason_text(got["bom.txt"], "zh") == "无法解码：文件以 UTF-16-LE 字节顺序标记开头，内容却不符合该编码"
    assert reason_text(got["old.doc"], "zh") == "不支持的文件类型（.doc 文件）；支持：.txt .md .docx .html .htm .shtml .pdf"


def test_the_command_lines_lines_are_as_before(tmp_path):
    folder = tmp_path / "in"
    _refused_files(folder)
    env = {**os.environ, "HOME": str(tmp_path), "CPPCC_REVIEW_CONFIG": str(tmp_path / "none.toml")}
    done = subprocess.run([sys.executable, "-m", "cppcc_review.tui.cli", "--lang", "en", "import", "--db", str(tmp_path / "db"),
                           str(folder)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    lines = {line.split(": ", 3)[2].rsplit("/", 1)[-1]: line.split(": ", 3)[3] for line in done.stderr.splitlines()}
    assert lines["empty.txt"] == "empty file"
    assert lines["huge.txt"] == "file too large (30 MB > 20 MB limit)"
    assert lines["lines.txt"] == "too many lines for one reply (20001); is this several documents?"
    assert lines["broken.docx"] == "not a valid .docx (zip/XML error: not a zip archive)"
    assert lines["notice.txt"] == WORDS[Refusal.NO_REPLY][1]
    assert f"cppcc-review: error: {folder / 'bom.txt'}: {WORDS[Refusal.BAD_BOM][1]}" in done.stderr.splitlines()
