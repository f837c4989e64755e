"""UTF-16 saved without a byte order mark (as some Windows tools save it) is read, in either
byte order, Chinese or mixed with English; real binary files stay refused as binary, and GBK,
Big5 and UTF-8 are read as before. Files are written to disk and imported into a real database."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import InputError
from cppcc_review.store.reading.extract import extract_file
from cppcc_review.store.reading.refusals import Refusal

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad_inputs"

LETTER = (
    "关于在老城区增设口袋公园的提案的答复\n"
    "林晓、赵一鸣委员:\n"
    "你们提出的《关于在老城区增设口袋公园的提案》收悉,经研究,现答复如下:\n"
    "一、关于利用边角地建设小游园\n"
    "今年我局梳理了老城区闲置地块12处,已建成口袋公园5个,其余正在设计。\n"
    "二、关于增加遮阴和座椅\n"
    "下一步我们将在新建游园中统一配置座椅和树荫,并听取周边居民意见。\n"
    "感谢你们对园林绿化工作的关心和支持!\n"
    "某市园林绿化局\n"
    "2025年6月3日\n"
)
# Mixed: an English line, a URL, numbers and ASCII punctuation beside the Chinese.
MIXED = LETTER.replace("感谢", "Contact: park-office@example.org, tel. 0571-8888 1234 (Mon-Fri)\n感谢")
# Chinese characters and Chinese punctuation only: no ASCII at all, not even a line end.
CJK_ONLY = "一、关于增设口袋公园:一是利用边角地,二是增加座椅。"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [LETTER, MIXED, LETTER.replace("\n", "\r\n"), CJK_ONLY], ids=["chinese", "mixed", "crlf", "cjk-only"])
def test_utf16_without_bom_is_read(tmp_path, codec, text):
    data = text.encode(codec)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    path = tmp_path / "答复.txt"
    path.write_bytes(data)
    got, info = extract_file(path)
    assert got == text.replace("\r\n", "\n")
    assert info.encoding == codec


def test_english_only_utf16_without_bom_is_read(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes("Reply to proposal 12: see the attached letter.\n".encode("utf-16-le"))
    assert extract_file(path)[0] == "Reply to proposal 12: see the attached letter.\n"


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")
    rng = random.Random(7)
    rows = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(3 * 64)) for _ in range(64))
    ihdr = (64).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("答复.txt", LETTER * 20)
        archive.writestr("答复16.txt", LETTER.encode("utf-16-le"))
    return buffer.getvalue()


def _pdf_stream() -> bytes:
    content = b"BT /F1 12 Tf 72 712 Td (Reply to proposal 12) Tj ET\n" * 200
    return b"4 0 obj\n<< /Length 0 /Filter /FlateDecode >>\nstream\n" + zlib.compress(content) + b"\nendstream\nendobj\n"


BINARIES = {
    "png": _png,
    "zip": _zip,
    "pdf-stream": _pdf_stream,
    "random": lambda: random.Random(11).randbytes(40_000),
    "random-short": lambda: random.Random(12).randbytes(64),
    "photo": lambda: (BAD / "photo_renamed.txt").read_bytes(),
    "scanned-pdf": lambda: (BAD / "scanned_no_text.pdf").read_bytes(),
}


@pytest.mark.parametrize("kind", list(BINARIES))
def test_binary_files_are_still_refused_as_binary(tmp_path, kind):
    data = BINARIES[kind]()
    for trim in (0, 1):  # even and odd lengths
        path = tmp_path / f"{kind}{trim}.txt"
        path.write_bytes(data[: len(data) - trim])
        with pytest.raises(InputError) as exc:
            extract_file(path)
        assert exc.value.code == Refusal.BINARY, (kind, str(exc.value))


def test_many_random_files_are_refused(tmp_path):
    rng = random.Random(3)
    path = tmp_path / "r.txt"
    for _ in range(200):
        path.write_bytes(rng.randbytes(rng.choice([2, 4, 6, 10, 100, 1000, 8000])) + b"\x00\x00")
        with pytest.raises(InputError) as exc:
            extract_file(path)
        assert exc.value.code == Refusal.BINARY


@pytest.mark.parametrize("codec, name", [("gbk", "gbk"), ("gb18030", "gbk"), ("big5", "big5"), ("utf-8", "utf-8")])
def test_other_encodings_read_as_before(tmp_path, codec, name):
    text = LETTER if codec != "big5" else "關於增設口袋公園的提案的答覆\n林曉委員:\n你們提出的提案收悉,現答覆如下:\n"
    path = tmp_path / "x.txt"
    path.write_bytes(text.encode(codec))
    assert extract_file(path) == (text, extract_file(path)[1])
    assert extract_file(path)[1].encoding == name


def test_import_of_a_utf16_file_without_bom_stores_the_reply(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "le.txt").write_bytes(LETTER.encode("utf-16-le"))
    (folder / "be.txt").write_bytes(MIXED.encode("utf-16-be"))
    env = {**os.environ, "HOME": str(tmp_path), "CPPCC_REVIEW_CONFIG": str(tmp_path / "none.toml")}
    done = subprocess.run([sys.executable, "-m", "cppcc_review.tui.cli", "import", str(folder), "--db", str(tmp_path / "db")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "binary" not in done.stdout + done.stderr
    with ReviewStore(tmp_path / "db", readonly=True) as store:
        replies = [store.get_reply(s.id) for s in store.summaries()]
    assert sorted(r.source.encoding for r in replies) == ["utf-16-be", "utf-16-le"]
    for reply in replies:
        assert reply.title and "口袋公园" in reply.title
        assert [s.heading for s in reply.suggestions][:2] == ["关于利用边角地建设小游园", "关于增加遮阴和座椅"]
