"""Generate fixtures/formats/ from the project's own plain-text fixtures.

    .venv/bin/python scripts/make_format_fixtures.py

Each positive sample is named after its plain-text twin (fixtures/<stem>.txt):
  <stem>.docx   Word, with real auto-numbering (numbering.xml, chineseCounting "%1、"
                and "（%1）"), the 文号 in the page header, 签发人/联系人 lines as a table
  <stem>.html   a GBK-encoded government page (<meta charset="gbk">) with navigation,
                breadcrumb, 索引号 table, font-size / print / close links, share
                buttons, scripts and styles around the reply
  <stem>.pdf    a text-layer PDF (WenQuanYi Micro Hei embedded as a subset), several
                pages with a running header and "- n -" page numbers, first-line indents
and <name>.expected.yaml beside each: the parse of the extracted text, which the tests
require to equal the parse of the twin.
Negative samples go to tests/data/bad_inputs/: a scanned-style PDF (an image, no text
layer), a zero-byte .docx, a portal navigation page, and a PNG renamed .txt.

Needs python-docx (a dependency) and, for the PDF, fpdf2 (dev only) and a CJK TrueType
font (Debian: apt-get install fonts-wqy-microhei). Output is deterministic: fixed
timestamps in the zip and the PDF.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import random
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cppcc_review.store.reading.extract import extract_file  # noqa: E402

FIXTURES = ROOT / "fixtures"
OUT = FIXTURES / "formats"
BAD = ROOT / "tests" / "data" / "bad_inputs"  # kept out of fixtures/ so a folder import of fixtures/ succeeds
SEED = "000_c6de6327335c32eb"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FIXED_TIME = (2025, 7, 10, 9, 0, 0)

SECTION = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")
SUBSECTION = re.compile(r"^([（(])([一二三四五六七八九十]+)([）)])(.*)$")
CONTACT = re.compile(r"^(签发人|签 发 人|领导署名|联系人|联系电话|经办人|办理结果|办复类别)([:：])(.*)$")
DATE_LINE = re.compile(r"^(\d{4}年\d{1,2}月\d{1,2}日|[〇零一二三四五六七八九○O]{4}年.{1,3}月.{1,3}日|\d{4}-\d{1,2}-\d{1,2})$")
CN_NUMS = "一二三四五六七八九十"


def twin_text(stem: str) -> list[str]:
    text, _ = extract_file(FIXTURES / f"{stem}.txt")
    return text.splitlines()


def pick_twins() -> dict[str, str]:
    """Which plain-text fixture each format is made from (the seed when none fits)."""
    texts = {}
    for path in sorted(FIXTURES.glob("*.txt")):
        try:
            texts[path.stem] = extract_file(path)[0]
        except Exception:
            continue

    def first(pred, default=SEED, exclude=()):
        for stem, text in texts.items():
            try:
                text.encode("gbk")  # the page is written in GBK
            except UnicodeEncodeError:
                continue
            if stem not in exclude and pred(text):
                return stem
        return default

    def has_sections(t: str) -> bool:
        return bool(re.search(r"^一、", t, re.M) and re.search(r"^二、", t, re.M))

    # The docx wants sections for Word's numbering and a 签发人/联系人 block for a table;
    # the page another reply (numbered items, contacts), so that more texts are covered.
    docx = first(lambda t: has_sections(t) and re.search(r"^(签发人|联系人)[:：]", t, re.M))
    page = first(
        lambda t: re.search(r"^(1[.．、]|[（(]一[）)])", t, re.M) and re.search(r"^联系人[:：]", t, re.M),
        default=docx,
        exclude=(docx,),
    )
    return {"docx": docx, "html": page, "pdf": SEED}


def salutation_index(lines: list[str]) -> int:
    for i, line in enumerate(lines[:15]):
        if re.search(r"[:：]\s*$", line) and len(line) <= 40 and not CONTACT.match(line):
            return i
    return -1


# ------------------------------------------------------------------------------ docx


def make_docx(stem: str) -> Path:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    lines = twin_text(stem)
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(12)

    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f"""<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
              <w:multiLevelType w:val="multilevel"/>
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
                <w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
                <w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
                <w:suff w:val="nothing"/><w:lvlText w:val="(%3)"/><w:lvlJc w:val="left"/></w:lvl>
            </w:abstractNum>"""
        )
    )
    # w:num must follow every w:abstractNum in numbering.xml.
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(paragraph, level: int) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    # The 文号 goes to the page header when only "|" junk precedes it in the twin.
    start = 0
    while start < len(lines) and not lines[start].strip(" |"):
        start += 1
    header_doc_no = None
    if start < len(lines) and re.search(r"〔\d{4}〕\d+号$", lines[start]):
        header_doc_no = lines[start]
        document.sections[0].header.paragraphs[0].text = header_doc_no
        document.sections[0].header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        lines = lines[start + 1 :]

    expected_section = 1
    expected_sub = {"(": 1, "（": 1}
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip(" |"):
            i += 1
            continue
        if CONTACT.match(line):
            # A run of label:value lines becomes a two-column table, as units lay them out.
            run = []
            while i < len(lines) and CONTACT.match(lines[i]):
                run.append(CONTACT.match(lines[i]))
                i += 1
            table = document.add_table(rows=len(run), cols=2)
            table.style = "Table Grid"
            for row, m in zip(table.rows, run, strict=True):
                row.cells[0].text = m.group(1) + m.group(2)
                row.cells[1].text = m.group(3)
            continue
        sec = SECTION.match(line)
        sub = SUBSECTION.match(line)
        if sec and sec.group(1) == _cn(expected_section):
            paragraph = document.add_paragraph(sec.group(2))
            numbered(paragraph, 0)
            expected_section += 1
            expected_sub = {"(": 1, "（": 1}
        elif sub and sub.group(1) + sub.group(3) in ("（）", "()") and sub.group(2) == _cn(expected_sub[sub.group(1)]):
            paragraph = document.add_paragraph(sub.group(4))
            numbered(paragraph, 1 if sub.group(1) == "（" else 2)
            expected_sub[sub.group(1)] += 1
        else:
            paragraph = document.add_paragraph(line)
            if DATE_LINE.match(line) or (i + 1 < len(lines) and DATE_LINE.match(lines[i + 1])):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                paragraph.paragraph_format.first_line_indent = Pt(24)
        i += 1

    props = document.core_properties
    props.created = props.modified = dt.datetime(*FIXED_TIME)
    props.last_modified_by = props.author = "cppcc-review fixtures"
    buffer = io.BytesIO()
    document.save(buffer)
    path = OUT / f"{stem}.docx"
    path.write_bytes(_fixed_zip(buffer.getvalue()))
    return path


def _cn(n: int) -> str:
    if n <= 10:
        return CN_NUMS[n - 1]
    return "十" + CN_NUMS[n - 11] if n < 20 else str(n)


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps, so that regenerating gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# ------------------------------------------------------------------------------ html

PAGE_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="gbk">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{title}_提案办理_政务公开</title>
<link rel="stylesheet" href="/css/main.css">
<style type="text/css">
  body {{ font-family: "宋体"; }} .nav li {{ float: left; }} /* 首页 > 正文 */
  #zoom p {{ text-indent: 2em; line-height: 2; }}
</style>
<script type="text/javascript">
  var _hmt = _hmt || []; function doZoom(size) {{ document.getElementById("zoom").style.fontSize = size + "px"; }}
  document.write("<div>打印 关闭</div>");
</script>
</head>
<body>
<div class="header">
  <div class="top-bar"><span>欢迎访问上海市人民政府网站</span> <a href="/">无障碍</a> <a href="/en/">English</a></div>
  <div class="logo"><img src="/images/logo.png" alt="上海市科学技术委员会"></div>
  <form class="search" action="/search"><input type="text" name="q" value="请输入关键字"><button>搜索</button></form>
</div>
<div class="nav" id="mainNav">
  <ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li>
  <li><a href="/hdjl/">互动交流</a></li><li><a href="/kjzx/">科技资讯</a></li></ul>
</div>
<div class="container">
  <div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/tabl/">提案办理</a> &gt; 正文</div>
  <table class="xxgk-table" width="100%">
    <tr><td>索引号：</td><td>SHSKW-2025-0000056</td><td>发布机构：</td><td>上海市科学技术委员会</td></tr>
    <tr><td>主题分类：</td><td>科技、教育\\科技</td><td>成文日期：</td><td>2025-07-10</td></tr>
    <tr><td>文　　号：</td><td>{doc_no}</td><td>公开方式：</td><td>主动公开</td></tr>
  </table>
  <div class="article">
    <h1 class="article-title">{title}</h1>
    <div class="article-info">发布时间：2025-07-15 来源：上海市科学技术委员会 【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
    <div id="zoom" class="TRS_Editor">
"""

PAGE_TAIL = """    </div>
    <div class="article-tools">
      <p>【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】【<a href="#">加大字体</a>】</p>
      <div class="bdsharebuttonbox">分享到：<a class="bds_weixin" title="分享到微信">微信</a> <a class="bds_tsina">微博</a></div>
    </div>
  </div>
</div>
<div class="footer" id="footer">
  <p>主办单位：上海市科学技术委员会　地址：上海市徐汇区钦州路100号　邮编：200235</p>
  <p>版权所有 &copy; 上海市科学技术委员会　沪ICP备00000000号</p>
</div>
<script>(function(){{var s=document.createElement("script");s.src="/js/stat.js";}})();</script>
</body>
</html>
"""


def _entities(text: str) -> str:
    """Escape the text, and write some characters as entities, as page editors do."""
    text = html.escape(text, quote=False)
    return text.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("—", "&mdash;")


def make_html(stem: str) -> Path:
    lines = twin_text(stem)
    doc_no = next((ln for ln in lines[:6] if re.search(r"〔\d{4}〕\d+号", ln)), "")
    title = next((ln for ln in lines if ln.startswith("关于") and ln.endswith(("答复", "复函"))), None)
    if title is None:
        m = re.search(r"[“\"《](关于[^”\"》]+)[”\"》]", "\n".join(lines))
        title = f"对{m.group(1)}的答复" if m else "提案答复"
    body = []
    last = len(lines) - 1
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if i == last - 1 and DATE_LINE.match(lines[last]):
            # Signer and date as one right-aligned block split by <br>.
            body.append(f'      <p style="text-align:right">{_entities(line)}<br>{_entities(lines[last])}</p>')
            break
        if CONTACT.match(line):
            m = CONTACT.match(line)
            body.append(
                f"      <table class=\"sign\"><tr><td>{_entities(m.group(1) + m.group(2))}</td>"
                f"<td>{_entities(m.group(3))}</td></tr></table>"
            )
            continue
        indent = "&nbsp;&nbsp;&nbsp;&nbsp;" if len(line) > 30 else ""
        body.append(f"      <p>{indent}{_entities(line)}</p>")
    page = PAGE_HEAD.format(title=html.escape(title), doc_no=html.escape(doc_no)) + "\n".join(body) + "\n" + PAGE_TAIL.format()
    path = OUT / f"{stem}.html"
    path.write_bytes(page.encode("gbk"))
    return path


PORTAL = """<!DOCTYPE html>
<html><head><meta charset="gbk"><title>上海市科学技术委员会</title>
<script>var nav = ["首页", "政务公开"];</script></head>
<body>
<div class="header"><img src="/logo.png" alt="logo"></div>
<ul class="menu"><li>首页</li><li>机构概况</li><li>政务公开</li><li>办事服务</li></ul>
<div class="portal">
  <div class="block"><h2>通知公告</h2><ul>
    <li><a href="/1.html">关于开展2025年度科技创新行动计划项目申报的通知</a> 2025-07-01</li>
    <li><a href="/2.html">市科委关于公布第三批概念验证中心名单的通知</a> 2025-06-20</li>
    <li><a href="/3.html">2025年上半年政府信息公开工作情况</a> 2025-06-18</li></ul></div>
  <div class="block"><h2>政策文件</h2><ul>
    <li><a href="/4.html">上海市促进科技成果转化条例</a></li>
    <li><a href="/5.html">关于进一步支持新型研发机构发展的若干措施</a></li></ul></div>
  <div class="block"><h2>互动交流</h2><p>领导信箱　网上调查　在线访谈</p></div>
</div>
<div class="footer">版权所有 上海市科学技术委员会</div>
</body></html>
"""


# ------------------------------------------------------------------------------ pdf


def make_pdf(stem: str) -> Path:
    from fpdf import FPDF

    lines = [ln for ln in twin_text(stem) if ln.strip()]
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_creation_date(dt.datetime(*FIXED_TIME, tzinfo=dt.UTC))
    pdf.set_producer("cppcc-review fixtures")
    pdf.add_font("cjk", "", str(FONT), collection_font_number=0)
    pdf.set_auto_page_break(False)
    size, leading = 12.0, 22.0
    left, right, top, bottom = 72.0, 72.0, 90.0, 80.0
    width = pdf.w - left - right
    state = {"page": 0, "y": 0.0}

    def new_page() -> None:
        pdf.add_page()
        state["page"] += 1
        pdf.set_font("cjk", size=9)
        # A running header and a page number, as a unit's letter template prints them.
        header = "上海市科学技术委员会　提案答复"
        pdf.text(left + (width - pdf.get_string_width(header)) / 2, 50, header)
        number = f"- {state['page']} -"
        pdf.text(left + (width - pdf.get_string_width(number)) / 2, pdf.h - 45, number)
        pdf.set_font("cjk", size=size)
        state["y"] = top

    def put(text: str, x: float) -> None:
        if state["y"] > pdf.h - bottom:
            new_page()
        pdf.text(x, state["y"], text)
        state["y"] += leading

    def wrap(text: str, first_width: float, rest_width: float) -> list[str]:
        out, current, limit = [], "", first_width
        for ch in text:
            if current and pdf.get_string_width(current + ch) > limit:
                out.append(current)
                current, limit = "", rest_width
            current += ch
        out.append(current)
        return out

    new_page()
    salute = salutation_index(lines)
    last = len(lines) - 1
    signature_from = last - 1 if DATE_LINE.match(lines[last]) else last + 1
    for i, line in enumerate(lines):
        if i >= signature_from:
            put(line, left + width - pdf.get_string_width(line) - 24)  # right-aligned signature
        elif i <= salute:
            for piece in wrap(line, width, width):
                put(piece, left)
        else:
            indent = 2 * size  # 首行缩进 two characters
            for k, piece in enumerate(wrap(line, width - indent, width)):
                put(piece, left + (indent if k == 0 else 0))
    path = OUT / f"{stem}.pdf"
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> None:
    """A page that is only an image (as a scanner makes), plus a drawn frame: no text."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    rng = random.Random(8)
    image = Image.new("L", (300, 420), 250)
    draw = ImageDraw.Draw(image)
    for row in range(40, 380, 14):  # grey bars where text lines would be
        draw.rectangle([30 + rng.randint(0, 20), row, 270 - rng.randint(0, 60), row + 6], fill=90)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_creation_date(dt.datetime(*FIXED_TIME, tzinfo=dt.UTC))
    pdf.add_page()
    pdf.rect(40, 40, pdf.w - 80, pdf.h - 80)
    pdf.image(buffer, x=60, y=60, w=pdf.w - 120)
    pdf.output(str(path))


def make_png_bytes() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (32, 32), (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# ------------------------------------------------------------------------------ main


def write_expected(path: Path) -> None:
    """<name>.expected.yaml: the parse of the extracted text (needs cppcc_review.store.reading.parser)."""
    import yaml

    from cppcc_review.store.reading.parser import parse_reply
    text, _ = extract_file(path)
    view = parse_reply(text).parse_view()
    target = path.with_name(path.name + ".expected.yaml")
    target.write_text(yaml.safe_dump(view, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    BAD.mkdir(exist_ok=True)
    for old in list(OUT.glob("*.docx")) + list(OUT.glob("*.html")) + list(OUT.glob("*.pdf")) + list(OUT.glob("*.expected.yaml")):
        old.unlink()
    twins = pick_twins()
    made = [make_docx(twins["docx"]), make_html(twins["html"])]
    if FONT.exists():
        made.append(make_pdf(twins["pdf"]))
    else:
        sys.exit(f"{FONT}: CJK font missing; apt-get install fonts-wqy-microhei")
    for path in made:
        write_expected(path)
    make_scanned_pdf(BAD / "scanned_no_text.pdf")
    (BAD / "empty.docx").write_bytes(b"")
    (BAD / "portal_no_reply.html").write_bytes(PORTAL.encode("gbk"))
    (BAD / "photo_renamed.txt").write_bytes(make_png_bytes())
    for path in sorted(OUT.rglob("*")):
        if path.is_file():
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
