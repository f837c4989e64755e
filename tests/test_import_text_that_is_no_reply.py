"""A file with words that is not a reply is refused as "不像一份答复", not as "no text left".

QA: `import hello.txt` ("Hello this is a test page") and a one-page text PDF of it said
去掉网页栏目和分隔线后没有正文 although the file has text: its one line read as a page's
furniture. A notice already got the clearer line; a file of separators still has no text.
"""

from __future__ import annotations

from tests.helpers.hostile import _pdf
from tests.test_ratings_io import cli, db_hashes


def _one_page_pdf(text: str) -> bytes:
    content = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET\n".encode("ascii")
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
    ], broken_xref=False)


def _stored(db):
    return {name: digest for name, digest in db_hashes(db).items() if name != "lock"}  # (the lock holds the last writer's pid)


def test_a_text_file_and_a_pdf_with_words_that_are_no_reply_say_so(tmp_path):
    (tmp_path / "hello.txt").write_text("Hello this is a test page\n", encoding="utf-8")
    (tmp_path / "hello.pdf").write_bytes(_one_page_pdf("Hello this is a test page"))
    (tmp_path / "notice.txt").write_text("关于召开年度工作会议的通知\n各单位：\n定于下周一召开年度工作会议，请准时参加。\n办公室\n",
                                         encoding="utf-8")
    db = tmp_path / "db"
    made = cli("import", str(tmp_path / "notice.txt"), "--db", str(db), home=tmp_path, CPPCC_REVIEW_LANG="zh")
    assert made.returncode == 1
    before = _stored(db)
    for name in ("hello.txt", "hello.pdf", "notice.txt"):
        out = cli("import", str(tmp_path / name), "--db", str(db), home=tmp_path, CPPCC_REVIEW_LANG="zh")
        assert out.returncode == 1
        assert f"{name}：不像一份答复：没有对委员的称呼" in out.stderr, out.stderr
        assert "没有正文" not in out.stderr
    assert _stored(db) == before  # nothing stored
    english = cli("import", str(tmp_path / "hello.txt"), "--db", str(db), home=tmp_path, CPPCC_REVIEW_LANG="en")
    assert "hello.txt: no reply found: no salutation to a member" in english.stderr, english.stderr


def test_a_file_of_separators_only_still_has_no_text_left(tmp_path):
    (tmp_path / "lines.txt").write_text("-----\n=====\n", encoding="utf-8")
    out = cli("import", str(tmp_path / "lines.txt"), "--db", str(tmp_path / "db"), home=tmp_path, CPPCC_REVIEW_LANG="zh")
    assert out.returncode == 1 and "lines.txt：去掉网页栏目和分隔线后没有正文" in out.stderr, out.stderr


def test_imported_anyway_when_asked_it_is_marked_not_a_reply(tmp_path):
    (tmp_path / "hello.txt").write_text("Hello this is a test page\n", encoding="utf-8")
    out = cli("import", "--allow-non-reply", str(tmp_path / "hello.txt"), "--db", str(tmp_path / "db"),
              home=tmp_path, CPPCC_REVIEW_LANG="en")
    assert out.returncode == 0 and "imported 1" in out.stdout, out.stderr
