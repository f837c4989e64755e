"""Rich formats: the generated fixtures against their plain-text twins, the negative
samples, and the rules of each format on small real documents built here."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml

from cppcc_review.store.errors import InputError, ParseError
from cppcc_review.store.reading.extract import extract_bytes, extract_file
from cppcc_review.store.reading.parser import parse_reply

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
FORMATS = FIXTURES / "formats"
BAD = Path(__file__).resolve().parent / "data" / "bad_inputs"
POSITIVE = sorted(p for p in FORMATS.iterdir() if p.suffix in (".docx", ".html", ".pdf"))


def twin_of(path: Path) -> Path:
    return FIXTURES / (path.name.split(".")[0] + ".txt")


def cleaned_lines(text: str) -> list[str]:
    """Lines as a reader compares them: no blank or "|"-only lines, no whitespace, one colon."""
    return [re.sub(r"\s+", "", line).replace(":", "：") for line in text.splitlines() if line.strip(" |\t\u3000")]


def test_every_format_has_a_fixture():
    assert {p.suffix for p in POSITIVE} == {".docx", ".html", ".pdf"}
    for path in POSITIVE:
        assert twin_of(path).exists(), path
        assert path.stat().st_size < 200 * 1024


@pytest.mark.parametrize("path", POSITIVE, ids=lambda p: p.name)
def test_fixture_extracts_to_the_lines_of_its_twin(path):
    text, info = extract_file(path)
    twin, _ = extract_file(twin_of(path))
    assert cleaned_lines(text) == cleaned_lines(twin)
    assert info.format == path.suffix[1:]
    assert info.name == path.name


@pytest.mark.parametrize("path", POSITIVE, ids=lambda p: p.name)
def test_fixture_parses_like_its_twin_and_as_stored(path):
    text, _ = extract_file(path)
    view = parse_reply(text).parse_view()
    twin_view = parse_reply(extract_file(twin_of(path))[0]).parse_view()
    assert view == twin_view
    expected = yaml.safe_load(path.with_name(path.name + ".expected.yaml").read_text(encoding="utf-8"))
    if "warnings" not in expected:  # stored before parse warnings existed
        view.pop("warnings")
    assert view == expected
    assert view["suggestions"], "the fixture must have suggestions"
    # The twin's own expected parse (the parser's spec) has extra keys: compare ours.
    spec_path = twin_of(path).with_suffix(".expected.yaml")
    if spec_path.exists():
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        spec = {key: spec[key] for key in view if key in spec}
        assert len(spec["suggestions"]) == len(view["suggestions"])
        spec["suggestions"] = [{k: s[k] for k in ours} for s, ours in zip(spec["suggestions"], view["suggestions"])]
        assert view == spec


def test_html_fixture_is_gbk_with_chrome():
    path = next(p for p in POSITIVE if p.suffix == ".html")
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert b'charset="gbk"' in raw
    text, info = extract_file(path)
    assert info.encoding == "gbk"
    for chrome in ("首页", "索引号", "打印", "关闭", "分享", "字体", "版权所有", "doZoom", "政务公开"):
        assert chrome not in text, chrome


def test_docx_fixture_uses_word_numbering():
    import docx

    path = next(p for p in POSITIVE if p.suffix == ".docx")
    document = docx.Document(str(path))
    raw = "\n".join(p.text for p in document.paragraphs)
    assert not re.search(r"^[一二三]、", raw, re.M)  # the numbers are not typed in …
    text, _ = extract_file(path)
    assert re.search(r"^一、", text, re.M) and re.search(r"^三、", text, re.M)  # … Word shows them


def test_pdf_fixture_has_pages_headers_and_numbers():
    from pypdf import PdfReader

    path = next(p for p in POSITIVE if p.suffix == ".pdf")
    reader = PdfReader(str(path))
    assert len(reader.pages) >= 3
    raw = reader.pages[1].extract_text()
    assert "提案答复" in raw and "- 2 -" in raw
    text, _ = extract_file(path)
    assert "- 2 -" not in text and "提案答复\n" not in text


# ---------------------------------------------------------------- negative samples


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("scanned_no_text.pdf", "scanned PDF: no text layer; OCR it first"),
        ("empty.docx", "empty file"),
        ("photo_renamed.txt", "not a text document (binary data)"),
    ],
)
def test_negative_samples(name, problem):
    path = BAD / name
    with pytest.raises(InputError) as exc:
        extract_file(path)
    message = str(exc.value)
    assert "\n" not in message and message.startswith(str(path)) and problem in message


def test_portal_page_has_text_but_no_reply():
    path = BAD / "portal_no_reply.html"
    text, _ = extract_file(path)
    assert "通知公告" in text and "首页" not in text
    with pytest.raises(ParseError) as exc:
        parse_reply(text)
    assert "\n" not in str(exc.value)


# ---------------------------------------------------------------- .docx rules


def _docx_bytes(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _numbering(document, levels: list[tuple[str, str]], num_id: int = 70, start_override: dict | None = None):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    root = document.part.numbering_part.element
    root.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">{lvls}</w:abstractNum>'))
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
        for lvl, v in (start_override or {}).items()
    )
    root.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/>{overrides}</w:num>')
    )


def _numbered(document, text: str, level: int, num_id: int = 70):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_docx_numbering_levels_and_restarts():
    def build(document):
        _numbering(
            document,
            [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."), ("decimalEnclosedParen", "%4")],
        )
        _numbered(document, "关于甲", 0)
        _numbered(document, "近年来", 1)
        _numbered(document, "下一步", 1)
        _numbered(document, "加强", 2)
        _numbered(document, "完善", 2)
        _numbered(document, "关于乙", 0)
        _numbered(document, "重新开始", 1)
        _numbered(document, "第一项", 2)
        _numbered(document, "子项", 3)
        for _ in range(8):
            _numbered(document, "占位", 0)
        _numbered(document, "第十一节", 0)

    text, info = extract_bytes(_docx_bytes(build), "n.docx")
    lines = text.splitlines()
    assert lines[:9] == [
        "一、关于甲",
        "（一）近年来",
        "（二）下一步",
        "1. 加强",
        "2. 完善",
        "二、关于乙",
        "（一）重新开始",
        "1. 第一项",
        "⑴ 子项",
    ]
    assert lines[-1] == "十一、第十一节"
    assert info.format == "docx" and info.encoding is None


def test_docx_ideographic_formats_and_start_override():
    def build(document):
        _numbering(document, [("ideographTraditional", "%1．")], num_id=71)
        _numbering(document, [("decimal", "%1、")], num_id=72, start_override={0: 5})
        _numbered(document, "甲项", 0, 71)
        _numbered(document, "乙项", 0, 71)
        _numbered(document, "第五", 0, 72)
        _numbered(document, "第六", 0, 72)

    text, _ = extract_bytes(_docx_bytes(build), "n.docx")
    assert text.splitlines() == ["甲．甲项", "乙．乙项", "5、第五", "6、第六"]


def test_docx_tables_in_order_with_form_rows_and_doc_no_in_header():
    def build(document):
        document.sections[0].header.paragraphs[0].text = "沪科提复〔2025〕56号"
        document.sections[0].footer.paragraphs[0].text = "第 1 页"
        table = document.add_table(rows=2, cols=4)
        cells = ["签发人", "张三", "联系人", "李四"], ["联系电话：", "021-12345678", "", ""]
        for row, values in zip(table.rows, cells):
            for cell, value in zip(row.cells, values):
                cell.text = value
        document.add_paragraph("九三学社界别:")
        layout = document.add_table(rows=1, cols=1)
        layout.rows[0].cells[0].text = "第一段。"
        layout.rows[0].cells[0].add_paragraph("第二段。")
        document.add_paragraph("上海市科学技术委员会")

    text, _ = extract_bytes(_docx_bytes(build), "t.docx")
    assert text.splitlines() == [
        "沪科提复〔2025〕56号",
        "签发人：张三 联系人：李四",
        "联系电话：021-12345678",
        "九三学社界别:",
        "第一段。",
        "第二段。",
        "上海市科学技术委员会",
    ]


def test_docx_skips_deleted_and_hidden_text_and_keeps_insertions():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(document):
        document.element.body.insert(
            0,
            parse_xml(
                f'<w:p {nsdecls("w")}><w:r><w:t>保留</w:t></w:r>'
                '<w:del w:id="1" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
                '<w:ins w:id="2" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'
                "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
                '<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>'
            ),
        )

    text, _ = extract_bytes(_docx_bytes(build), "t.docx")
    assert text == "保留插入链接\n"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"PK\x03\x04 truncated zip", "not a valid .docx (zip/XML error"),
        (b"just some text, not a zip", "not a valid .docx (zip/XML error"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Word .doc"),
    ],
    ids=["truncated", "text", "ole-doc"],
)
def test_corrupt_docx(tmp_path, data, problem):
    path = tmp_path / "坏 文件.docx"
    path.write_bytes(data)
    with pytest.raises(InputError) as exc:
        extract_file(path)
    assert str(exc.value).startswith(str(path)) and problem in str(exc.value)
    assert "\n" not in str(exc.value)


def test_zip_that_is_not_word(tmp_path):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(InputError) as exc:
        extract_bytes(buffer.getvalue(), "x.docx")
    assert "not a valid .docx" in str(exc.value)


# ---------------------------------------------------------------- .html rules


def test_html_charset_from_http_equiv_and_entities():
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
        "<div class='nav'>首页 政务公开</div>"
        "<div id='zoom'><p>&ldquo;关于&rdquo;提案&amp;答复&#x4E00;&#20108;</p>"
        "<p>第一行<br/>第二行</p><ul><li>甲<li>乙</ul></div></body></html>"
    ).encode("gbk")
    text, info = extract_bytes(page, "p.htm")
    assert text.splitlines() == ["“关于”提案&答复一二", "第一行", "第二行", "甲", "乙"]
    assert info.encoding == "gbk" and info.format == "html"


def test_html_chrome_lines_and_elements_dropped():
    page = """<html><body>
      <div class="crumbs">首页 &gt; 政务公开 &gt; 正文</div>
      <div class="content-main">
        <p>当前位置：首页 > 提案办理</p>
        <p>【字体：大 中 小】</p>
        <p>尊敬的委员：</p>
        <p>感谢您的提案，现答复如下。</p>
        <p>【打印】【关闭】</p>
        <p>分享到：</p>
        <script>var t = "答复正文";</script><style>p{}</style>
        <table><tr><td>索引号</td><td>1</td><td>发布机构</td><td>市科委</td></tr></table>
        <div class="share-box">微信 微博</div>
      </div>
      <div id="footer">版权所有</div></body></html>"""
    text, _ = extract_bytes(page.encode("utf-8"), "p.shtml")
    assert text.splitlines() == ["尊敬的委员：", "感谢您的提案，现答复如下。"]


def test_html_main_container_by_text_mass():
    sidebar = "".join(f"<li>链接{i}</li>" for i in range(5))
    body = "".join(f"<p>第{i}段答复正文内容较长的一句话。</p>" for i in range(10))
    page = f"<html><body><div><ul>{sidebar}</ul></div><div><div>{body}</div></div></body></html>"
    text, _ = extract_bytes(page.encode("utf-8"), "p.html")
    assert "链接" not in text and len(text.splitlines()) == 10


def test_html_deep_nesting_does_not_recurse():
    page = "<div>" * 5000 + "<p>深处的答复</p>" + "</div>" * 5000
    text, _ = extract_bytes(page.encode("utf-8"), "deep.html")
    assert "深处的答复" in text


def test_html_ordered_list_numbers_are_shown():
    page = '<div><ol><li>加强统筹</li><li>完善机制</li></ol><ol start="3" type="a"><li>持续推进基础研究工作</li></ol></div>'
    text, _ = extract_bytes(page.encode("utf-8"), "ol.html")
    assert text.splitlines() == ["1. 加强统筹", "2. 完善机制", "c. 持续推进基础研究工作"]


def test_html_without_text():
    with pytest.raises(InputError) as exc:
        extract_bytes(b"<html><head><script>x()</script></head><body><img src=a.png></body></html>", "e.html")
    assert str(exc.value) == "e.html: no text in the page"


def test_html_big5_page():
    page = '<html><head><meta charset="big5"></head><body><p>感謝對臺北市政府社會局工作的關心和支持！</p></body></html>'
    text, info = extract_bytes(page.encode("big5"), "tw.html")
    assert text == "感謝對臺北市政府社會局工作的關心和支持！\n"
    assert info.encoding == "big5"


# ---------------------------------------------------------------- .pdf rules


def test_pdf_line_joining_rules():
    from cppcc_review.store.reading.formats.pdf import _join_broken_lines, _Line

    full = "这是一行排满的正文文字内容这是一行排满的正文文字内容这是一行"  # 30 characters
    lines = [
        _Line("一、关于加快人工智能赋能"),
        _Line(full),
        _Line("继续的文字。"),
        _Line(full[:-1] + "。"),
        _Line("新的一段开始了。"),
        _Line(full),
        _Line("（一）不与上一行相连"),
        _Line("下一步，我委将继续推进。"),
    ]
    assert _join_broken_lines(lines) == [
        "一、关于加快人工智能赋能",
        full + "继续的文字。",
        full[:-1] + "。",
        "新的一段开始了。",
        full,
        "（一）不与上一行相连",
        "下一步，我委将继续推进。",
    ]


def test_pdf_indentation_decides_when_known():
    from cppcc_review.store.reading.formats.pdf import _join_broken_lines, _Line

    full = "这是一行排满的正文文字内容这是一行排满的正文文字内容这是一行。"
    lines = [
        _Line(full[2:], x=100 + 24, em=12),  # first line, indented two characters
        _Line(full, x=100, em=12),  # ends with 。 but the paragraph goes on
        _Line("结束。", x=100, em=12),
        _Line("另起一段。", x=124, em=12),
    ]
    assert _join_broken_lines(lines) == [full[2:] + full + "结束。", "另起一段。"]


def test_pdf_furniture_and_page_numbers():
    from cppcc_review.store.reading.formats.pdf import _drop_furniture, _Line

    pages = [
        [_Line("某某单位文件"), _Line(f"{word}的第一行。"), _Line(f"{word}的另一行。"), _Line(f"- {n} -")]
        for n, word in enumerate("甲乙丙", start=1)
    ] + [[_Line("某某单位文件"), _Line("最后一页。"), _Line("上海市科学技术委员会"), _Line("第 4 页 共 4 页")]]
    kept = [[line.text for line in page] for page in _drop_furniture(pages)]
    assert kept == [
        ["甲的第一行。", "甲的另一行。"],
        ["乙的第一行。", "乙的另一行。"],
        ["丙的第一行。", "丙的另一行。"],
        ["最后一页。", "上海市科学技术委员会"],
    ]


def test_pdf_kangxi_radicals_are_fixed():
    from cppcc_review.store.reading.formats.pdf import _fix_radicals

    assert _fix_radicals("⼀、关于⼯作") == "一、关于工作"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"%PDF-1.7\n1 0 obj garbage", "not a valid PDF"),
        (b"<html>not a pdf</html>", "not a valid PDF (no %PDF header)"),
    ],
)
def test_corrupt_pdf(data, problem):
    with pytest.raises(InputError) as exc:
        extract_bytes(data, "坏的 文件.pdf")
    assert str(exc.value).startswith("坏的 文件.pdf: ") and problem in str(exc.value)
    assert "\n" not in str(exc.value)


def test_truncated_fixture_pdf_is_refused_or_read(tmp_path):
    """A PDF cut in half either still yields text or gives one clean InputError."""
    source = next(p for p in POSITIVE if p.suffix == ".pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(source[: len(source) // 2])
    try:
        text, _ = extract_file(path)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(path))
    else:
        assert text.strip()
