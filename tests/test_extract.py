"""cppcc_review.store.reading.extract: encodings, size limit, binary and empty files, odd paths.

Every test works on real bytes on disk (tmp_path) or real encoded text.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from cppcc_review.store.errors import InputError
from cppcc_review.store.reading.extract import MAX_BYTES, SUPPORTED_SUFFIXES, extract_bytes, extract_file

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "000_c6de6327335c32eb.txt"

SIMPLIFIED = (
    "马青、周丽等委员:\n"
    "你们提出的“关于加强社区养老服务的提案”收悉,经研究,现将办理情况答复如下:\n"
    "一、关于完善社区养老设施布局\n"
    "近年来,我局会同市民政局推进社区嵌入式养老服务设施建设,已建成综合为老服务中心216家。\n"
    "感谢对民政工作的关心和支持!\n"
    "上海市民政局\n"
    "2025年7月10日\n"
)
TRADITIONAL = (
    "馬青、周麗等委員：\n"
    "你們提出的「關於加強社區養老服務的提案」收悉，經研究，現將辦理情況答覆如下：\n"
    "一、關於完善社區養老設施佈局\n"
    "近年來，我局會同市民政局推進社區嵌入式養老服務設施建設，已建成綜合為老服務中心216家。\n"
    "感謝對民政工作的關心和支持！\n"
    "臺北市政府社會局\n"
    "2025年7月10日\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def one_line_naming(exc: pytest.ExceptionInfo, path: Path | str) -> str:
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith(str(path)), message
    return message


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        (SIMPLIFIED.encode("gbk"), "gbk"),
        (SIMPLIFIED.encode("utf-16"), "utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "utf16-bom"],
)
def test_simplified_text_in_each_encoding(tmp_path, data, encoding):
    text, info = extract_file(write(tmp_path, "reply.txt", data))
    assert text == SIMPLIFIED
    assert info.encoding == encoding
    assert not text.startswith("\ufeff")


def test_big5_traditional_text(tmp_path):
    text, info = extract_file(write(tmp_path, "reply.txt", TRADITIONAL.encode("big5")))
    assert text == TRADITIONAL
    assert info.encoding == "big5"


def test_traditional_text_in_gbk_is_not_taken_for_big5(tmp_path):
    text, info = extract_file(write(tmp_path, "reply.txt", TRADITIONAL.encode("gbk")))
    assert text == TRADITIONAL
    assert info.encoding == "gbk"


def test_gb18030_only_characters(tmp_path):
    # 𠀀 (U+20000) and 㐀 (U+3400) exist in GB18030 but not in GBK.
    source = SIMPLIFIED.replace("马青", "𠀀青").replace("周丽", "㐀丽")
    data = source.encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        source.encode("gbk")
    text, info = extract_file(write(tmp_path, "reply.md", data))
    assert text == source
    assert info.encoding == "gb18030"
    assert info.format == "md"


def test_seed_in_gbk_equals_seed_in_utf8(tmp_path):
    utf8 = SEED.read_text(encoding="utf-8")
    text, info = extract_file(write(tmp_path, "seed.txt", utf8.encode("gbk")))
    assert text == utf8.replace("\r\n", "\n")
    assert info.encoding == "gbk"


def test_short_gbk_text_that_is_also_valid_utf8(tmp_path):
    # b"\xce\xaf\xd4\xb1" is 委员 in GBK and also valid UTF-8 (Greek and Armenian letters).
    text, info = extract_file(write(tmp_path, "x.txt", "委员:".encode("gbk")))
    assert text == "委员:"
    assert info.encoding == "gbk"


def test_gbk_page_that_declares_utf8(tmp_path):
    page = f'<html><head><meta charset="utf-8"></head><body><p>{SIMPLIFIED}</p></body></html>'
    text, info = extract_file(write(tmp_path, "page.html", page.encode("gbk")))
    assert "我局会同市民政局推进社区嵌入式养老服务设施建设" in text
    assert info.encoding == "gbk"


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_line_ends_become_lf(tmp_path, newline):
    data = SIMPLIFIED.encode("gbk").replace(b"\n", newline)
    text, _ = extract_file(write(tmp_path, "reply.txt", data))
    assert text == SIMPLIFIED
    assert "\r" not in text


def test_source_info(tmp_path):
    data = b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8")
    path = write(tmp_path, "reply.txt", data)
    _, info = extract_file(path)
    assert info.name == "reply.txt"
    assert info.format == "txt"
    assert info.size == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()


def test_extract_bytes_matches_extract_file(tmp_path):
    data = SIMPLIFIED.encode("gbk")
    assert extract_bytes(data, "reply.txt") == extract_file(write(tmp_path, "reply.txt", data))


# ---------------------------------------------------------------- text kept as written


def test_ansi_escapes_and_controls_are_kept_for_the_parser(tmp_path):
    source = SIMPLIFIED.replace("一、关于", "\x1b[31m一、关于\x1b[0m").replace("近年来", "近年来\x07\x0c")
    text, _ = extract_file(write(tmp_path, "ansi.txt", source.encode("utf-8")))
    assert text == source


def test_markup_like_text_is_kept(tmp_path):
    source = SIMPLIFIED.replace("马青", "[bold]马青[/] [@click=app.quit]x[/]")
    text, _ = extract_file(write(tmp_path, "markup.txt", source.encode("utf-8")))
    assert text == source


def test_path_with_spaces_and_chinese(tmp_path):
    folder = tmp_path / "提案 答复 2025"
    folder.mkdir()
    path = write(folder, "关于 科技 创新.txt", SIMPLIFIED.encode("gbk"))
    text, info = extract_file(path)
    assert text == SIMPLIFIED
    assert info.name == "关于 科技 创新.txt"


# ---------------------------------------------------------------- refused input


def test_empty_file(tmp_path):
    path = write(tmp_path, "empty.txt", b"")
    with pytest.raises(InputError) as exc:
        extract_file(path)
    assert "empty file" in one_line_naming(exc, path)


def test_blank_file(tmp_path):
    path = write(tmp_path, "blank.md", b" \r\n\n\t\n")
    with pytest.raises(InputError) as exc:
        extract_file(path)
    assert "empty file" in one_line_naming(exc, path)


def test_nul_bytes_mean_binary(tmp_path):
    path = write(tmp_path, "nul.txt", SIMPLIFIED.encode("utf-8") + b"\x00" + SIMPLIFIED.encode("utf-8"))
    with pytest.raises(InputError) as exc:
        extract_file(path)
    assert "not a text document (binary data)" in one_line_naming(exc, path)


def test_control_bytes_dominating_mean_binary(tmp_path):
    data = bytes(range(1, 32)) * 200 + SIMPLIFIED.encode("utf-8")
    path = write(tmp_path, "controls.txt", data)
    with pytest.raises(InputError) as exc:
        extract_file(path)
    assert "binary" in one_line_naming(exc, path)


@pytest.mark.parametrize("name", ["random.txt", "random.html", "random.md"])
def test_random_bytes(tmp_path, name):
    import random

    data = random.Random(6).randbytes(4096)
    path = write(tmp_path, name, data)
    with pytest.raises(InputError) as exc:
        extract_file(path)
    assert "binary" in one_line_naming(exc, path)


def test_undecodable_text(tmp_path):
    # Latin-1 prose without NULs: neither UTF-8 nor GB18030 nor Big5.
    path = write(tmp_path, "latin1.txt", ("Réponse à la proposition n° 12, été 2025. " * 20).encode("latin-1"))
    with pytest.raises(InputError) as exc:
        extract_file(path)
    assert "cannot decode text" in one_line_naming(exc, path)


@pytest.mark.parametrize("name", ["reply.doc", "reply.rtf", "reply", "reply.TXT.exe"])
def test_unsupported_suffix(tmp_path, name):
    path = write(tmp_path, name, SIMPLIFIED.encode("utf-8"))
    with pytest.raises(InputError) as exc:
        extract_file(path)
    message = one_line_naming(exc, path)
    assert "unsupported file type" in message and ".docx" in message


def test_upper_case_suffix_is_supported(tmp_path):
    text, info = extract_file(write(tmp_path, "REPLY.TXT", SIMPLIFIED.encode("utf-8")))
    assert text == SIMPLIFIED and info.format == "txt"


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError) as exc:
        extract_file(tmp_path / "nothing.txt")
    assert "no such file" in one_line_naming(exc, tmp_path / "nothing.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(InputError) as exc:
        extract_file(folder)
    assert "folder" in one_line_naming(exc, folder)


def test_50_mb_file_is_refused_quickly_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:  # sparse: no 50 MB written to disk
        f.seek(50 * 1024 * 1024 - 1)
        f.write(b"\n")
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    with pytest.raises(InputError) as exc:
        extract_file(path)
    assert "file too large (50 MB > 20 MB limit)" in one_line_naming(exc, path)
    assert opened == []  # refused from its size alone, without reading it


def test_bytes_over_the_limit_are_refused():
    with pytest.raises(InputError) as exc:
        extract_bytes(b"a" * (MAX_BYTES + 1), "big.txt")
    assert str(exc.value).startswith("big.txt: file too large")


def test_supported_suffixes():
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".docx", ".html", ".htm", ".shtml", ".pdf"}


def test_a_folder_or_a_missing_file_is_said_as_such_whatever_its_suffix(tmp_path):
    """QA 2026-12-04: `check f.txt --proposal files` (a folder) said "unsupported file type (files
    without a suffix)"; a missing `x.dat` said its type was unsupported instead of that it is missing."""
    (tmp_path / "files").mkdir()
    with pytest.raises(InputError, match="is a folder, not a file") as folder:
        extract_file(tmp_path / "files")
    assert folder.value.code == "folder"
    with pytest.raises(InputError, match="no such file"):
        extract_file(tmp_path / "x.dat")
    (tmp_path / "x.dat").write_bytes(b"data")
    with pytest.raises(InputError, match="unsupported"):  # a real file of another type: its type is the problem
        extract_file(tmp_path / "x.dat")
