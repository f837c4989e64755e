"""PDF with a text layer -> the reply's text (pypdf, pure Python).

1. The text layer of each page, with the position where each line starts (pypdf's
   text visitor). A PDF with no text at all is a scan: it must be OCRed first.
2. Page furniture is dropped: lines near the top or bottom of the page that repeat on
   most pages (a letterhead, "上海市科学技术委员会文件"; digits ignored, so "第3页" and
   "第4页" count as the same line) and page numbers ("- 3 -", "第 3 页", "3", "3/5").
3. Lines the PDF broke inside a paragraph are joined back. A line ends its paragraph
   when it is clearly shorter than a full line, ends a sentence (no indentation
   information), or the next line is indented (first-line indent, 首行缩进), or starts
   an item or heading (一、 （一） 1. 一是 第一条 下一步 …). So a heading such as
   "一、关于加快人工智能赋能…" (short, no final punctuation) keeps its own line, and a
   full line that happens to end in "。" is joined to an unindented continuation.
4. Kangxi radicals (U+2F00…), which some PDF producers map common characters to
   (⼀ for 一), are turned back into the ordinary characters.

A small file can hold a lot of work (4,000 pages drawing one shared stream took half an
hour), so each document is bounded before and while it is read: at most `MAX_PAGES`
pages, `MAX_PAGE_DRAWING` bytes of drawing instructions per page and
`MAX_DOCUMENT_DRAWING` in all (measured before pypdf parses them), `MAX_SECONDS` of
extraction (checked before every operator pypdf runs) and the shared text limit
(`cppcc_review.store.reading.formats.TextBudget`). Each is refused with one line.
"""

from __future__ import annotations

import io
import re
import time
import unicodedata
from dataclasses import dataclass
from typing import Any

from ...errors import InputError
from ..refusals import Refusal
from . import TextBudget, tidy_lines

# A reply is a few pages; with its attachments a few dozen.
MAX_PAGES = 300
# Drawing instructions (content streams, with the forms they draw) of one page and of the
# whole document, decoded. A page of text needs tens of KB; pypdf parses about 1 MB/s.
MAX_PAGE_DRAWING = 2 * 1024 * 1024
MAX_DOCUMENT_DRAWING = 16 * 1024 * 1024
# The whole extraction; the fixture's 4 pages take 0.05 s.
MAX_SECONDS = 5.0
# Objects in the file (each ends with "endobj"). A reply of a few pages has hundreds;
# pypdf reads every one of them to rebuild a damaged cross-reference table (100,000 took
# 30 s), before any deadline can be checked.
MAX_OBJECTS = 20_000

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~\s]*\d{1,4}[-—–－~\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|(?:page|页)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.I,
)
# A line that starts a new item, section or closing block: never the continuation of
# the line before it.
_ITEM_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]"
    r"|[（(][一二三四五六七八九十百\d]+[）)]"
    r"|\d{1,3}\s*[.．、](?!\d)"
    r"|[①-⑳⑴-⒇⒈-⒛]"
    r"|[一二三四五六七八九十]+是"
    r"|第[一二三四五六七八九十百\d]+[条章节部分项]"
    r"|下一步|感谢|附件|抄送|抄报|联系人|联系电话|签发人|办理结果|办复类别|答复类别)"
)
_SENTENCE_END = tuple("。；：！？:;!?…")
_CLOSERS = "”’」』）)】〕"
_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be furniture
_FURNITURE_CHARS = 40  # a running header or footer is short; body lines are not
_FULL_LINE = 0.85  # share of a full line's width above which a line is "full"


@dataclass
class _Line:
    text: str
    x: float | None = None  # where the line starts, in em from the left margin's edge
    em: float | None = None  # the font size of the line, in PDF units


def extract(data: bytes, label: str) -> str:
    pages = _read_pages(data, label)
    if not any(line.text.strip() for page in pages for line in page):
        raise InputError(f"{label}: scanned PDF: no text layer; OCR it first", code=Refusal.SCANNED_PDF)
    pages = _drop_furniture(pages)
    lines = [line for page in pages for line in page]
    joined = _join_broken_lines(lines)
    text = tidy_lines([_fix_radicals(line) for line in joined])
    if not text:
        raise InputError(f"{label}: scanned PDF: no text layer; OCR it first", code=Refusal.SCANNED_PDF)
    return text


def _read_pages(data: bytes, label: str) -> list[list[_Line]]:
    from pypdf import PdfReader  # imported here so that .txt imports never load it

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(f"{label}: not a valid PDF (no %PDF header)", code=Refusal.BAD_PDF_HEADER)
    objects = data.count(b"endobj")
    if objects > MAX_OBJECTS:
        raise InputError(f"{label}: PDF has {objects:,} objects, over the {MAX_OBJECTS:,} limit for a reply", code=Refusal.PDF_OBJECTS,
                         n=f"{objects:,}", limit=f"{MAX_OBJECTS:,}")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = bool(reader.decrypt(""))
            except Exception:
                ok = False
            if not ok:
                raise InputError(f"{label}: encrypted PDF: remove the password first", code=Refusal.PDF_ENCRYPTED)
        limits = _Limits(label)
        limits.check_page_count(reader)
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            if number > MAX_PAGES:  # the tree holds more pages than its /Count says
                raise InputError(f"{label}: PDF has over {MAX_PAGES} pages, the limit for a reply", code=Refusal.PDF_PAGES, n=MAX_PAGES)
            limits.check_drawing(page, number)
            pages.append(_page_lines(page, limits))
    except InputError:
        raise
    except Exception as exc:  # pypdf raises PdfReadError, ValueError, KeyError, …
        detail = (str(exc).splitlines() or [type(exc).__name__])[0][:120]
        raise InputError(f"{label}: not a valid PDF ({detail})", code=Refusal.BAD_PDF, detail=detail) from None
    return pages


class _Limits:
    """The bounds of one document's extraction: pages, drawing size, time and text."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.deadline = time.monotonic() + MAX_SECONDS
        self.text = TextBudget(label)
        self.drawing = 0
        self.seen: set[int] = set()  # streams already counted (pages often share them)

    def check_page_count(self, reader: Any) -> None:
        """Count the page tree's leaves ourselves, stopping past MAX_PAGES: pypdf resolves
        every page object of the tree before the first page is read (100,000 took 30 s),
        and trusts /Count, which a file can get wrong."""
        try:
            root = reader.trailer["/Root"].get_object()["/Pages"].get_object()
        except Exception:
            return  # no page tree: pypdf says what is wrong when it reads the pages
        pages = 0
        nodes = 0
        stack = [root]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            nodes += 1
            kids = node.get("/Kids") if isinstance(node, dict) else None
            if kids is None:
                pages += 1
            else:
                kids = kids.get_object()
                if not isinstance(kids, list):
                    continue
                if len(kids) > MAX_PAGES:
                    pages += len(kids)
                    break
                stack.extend(kid.get_object() for kid in kids)
            if pages > MAX_PAGES or nodes > 4 * MAX_PAGES:
                break
        if pages > MAX_PAGES or nodes > 4 * MAX_PAGES:
            raise InputError(f"{self.label}: PDF has over {MAX_PAGES} pages, the limit for a reply", code=Refusal.PDF_PAGES,
                             n=MAX_PAGES)

    def check_drawing(self, page: Any, number: int) -> None:
        """Measure the page's drawing instructions (decoded) before pypdf parses them."""
        size = 0
        stack = [page.get("/Contents"), page.get("/Resources")]
        visited: set[int] = set()
        while stack:
            obj = stack.pop()
            if obj is None:
                continue
            key = id(obj.get_object()) if hasattr(obj, "get_object") else id(obj)
            if key in visited:
                continue
            visited.add(key)
            obj = obj.get_object() if hasattr(obj, "get_object") else obj
            if isinstance(obj, list):
                stack.extend(obj)
            elif hasattr(obj, "get_data"):  # a content stream, or a form XObject
                length = len(obj.get_data())
                size += length
                if key not in self.seen:
                    self.seen.add(key)
                    self.drawing += length
                stack.append(obj.get("/Resources"))
            elif isinstance(obj, dict):  # resources: only forms carry drawing instructions
                raw: Any = obj.get("/XObject")
                xobjects = raw.get_object() if hasattr(raw, "get_object") else raw
                if isinstance(xobjects, dict):
                    for ref in xobjects.values():
                        form = ref.get_object() if hasattr(ref, "get_object") else ref
                        if isinstance(form, dict) and form.get("/Subtype") == "/Form":
                            stack.append(ref)
            if size > MAX_PAGE_DRAWING:
                raise InputError(
                    f"{self.label}: page {number} of the PDF holds over {MAX_PAGE_DRAWING // 1048576} MB of "
                    "drawing instructions: not a reply's page", code=Refusal.PDF_PAGE_DRAWING, page=number,
                    mb=MAX_PAGE_DRAWING // 1048576,
                )
            if self.drawing > MAX_DOCUMENT_DRAWING:
                raise InputError(
                    f"{self.label}: the PDF holds over {MAX_DOCUMENT_DRAWING // 1048576} MB of drawing "
                    "instructions: not a reply", code=Refusal.PDF_DRAWING, mb=MAX_DOCUMENT_DRAWING // 1048576
                )
        self.check_time()

    def check_time(self, *_operator: Any) -> None:
        if time.monotonic() > self.deadline:
            raise InputError(
                f"{self.label}: reading the PDF's text takes over {MAX_SECONDS:g} seconds: "
                "refused (a reply of a few pages takes well under one)", code=Refusal.PDF_SLOW, s=f"{MAX_SECONDS:g}"
            )


def _page_lines(page: Any, limits: _Limits | None = None) -> list[_Line]:
    """The page's text lines, with start positions when the visitor can give them."""
    chunks: list[tuple[str, float | None, float | None]] = []

    def visit(text: str, cm: Any, tm: Any, _font_dict: Any, font_size: Any) -> None:
        if not text:
            return
        if limits is not None:
            limits.text.take(len(text))
        try:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            em = float(font_size) * (abs(tm[0]) or 1.0) * (abs(cm[0]) or 1.0)
        except (TypeError, IndexError):
            x = em = None
        chunks.append((text, x, em))

    before = limits.check_time if limits is not None else None
    text = page.extract_text(visitor_text=visit, visitor_operand_before=before) or ""
    assembled = "".join(chunk for chunk, _, _ in chunks)
    lines: list[_Line] = []
    if assembled.strip() == text.strip():
        current = _Line("")
        for chunk, x, em in chunks:
            pieces = chunk.split("\n")
            for i, piece in enumerate(pieces):
                if i > 0:
                    lines.append(current)
                    current = _Line("")
                if piece.strip() and current.x is None and x is not None and not current.text.strip():
                    current.x, current.em = x, em
                current.text += piece
        lines.append(current)
    else:
        # The visitor saw something else than the text (rare producers): no positions.
        lines = [_Line(t) for t in text.split("\n")]
    return [line for line in lines if line.text.strip()]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop running headers / footers and page numbers.

    Top and bottom are counted apart, so a signature at the foot of the last page is
    not taken for a letterhead that repeats at the top of every page.
    """
    top: dict[str, int] = {}
    bottom: dict[str, int] = {}
    for page in pages:
        for counts, edge in ((top, page[:_EDGE_LINES]), (bottom, page[-_EDGE_LINES:])):
            for key in {_furniture_key(line.text) for line in edge if len(line.text.strip()) <= _FURNITURE_CHARS}:
                counts[key] = counts.get(key, 0) + 1
    repeated_top: set[str] = set()
    repeated_bottom: set[str] = set()
    if len(pages) >= 2:
        threshold = max(2, 0.6 * len(pages))
        repeated_top = {key for key, n in top.items() if n >= threshold}
        repeated_bottom = {key for key, n in bottom.items() if n >= threshold}
    cleaned = []
    for page in pages:
        n = len(page)
        kept = []
        for i, line in enumerate(page):
            stripped = line.text.strip()
            key = _furniture_key(stripped)
            at_top, at_bottom = i < _EDGE_LINES, i >= n - _EDGE_LINES
            if (at_top or at_bottom) and _PAGE_NUMBER.match(stripped):
                continue
            if (at_top and key in repeated_top) or (at_bottom and key in repeated_bottom):
                continue
            kept.append(line)
        cleaned.append(kept)
    return cleaned


def _width(text: str) -> int:
    """Display width in half-ems: a Chinese character 2, a Latin letter or digit 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text.strip())


def _join_broken_lines(lines: list[_Line]) -> list[str]:
    if not lines:
        return []
    known = [line for line in lines if line.x is not None and line.em]
    left = min((line.x for line in known if line.x is not None), default=None)

    def indent(line: _Line) -> float | None:
        if left is None or line.x is None or not line.em:
            return None
        return (line.x - left) / line.em  # in em

    def extent(line: _Line) -> float:
        ind = indent(line)
        return (2 * ind if ind else 0) + _width(line.text)

    widths = sorted((extent(line) for line in lines), reverse=True)
    full = widths[len(widths) // 10] if widths else 0
    # Indentation is a usable signal only when the document has both indented and
    # flush-left lines (paragraphs with a first-line indent).
    indents = [indent(line) for line in lines]
    uses_indent = any(i is not None and i > 0.8 for i in indents) and any(i is not None and i < 0.3 for i in indents)

    out: list[str] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        if i > 0 and _continues(out[-1], text, extent(lines[i - 1]), full, uses_indent, indents[i]):
            prev_text = out[-1]
            sep = " " if re.search(r"[A-Za-z0-9]$", prev_text) and re.match(r"[A-Za-z0-9]", text) else ""
            out[-1] = prev_text + sep + text
        else:
            out.append(text)
    return out


def _continues(prev_text: str, text: str, prev_extent: float, full: float, uses_indent: bool, indent: float | None) -> bool:
    """Whether `text` continues the paragraph whose last line so far is `prev_text`."""
    if _ITEM_START.match(text) or full <= 0:
        return False
    if uses_indent and indent is not None and indent > 0.8:
        return False  # an indented line starts a paragraph (or is centred / right-aligned)
    if prev_extent < _FULL_LINE * full:
        return False  # the previous line stopped short: it ended its paragraph
    if uses_indent and indent is not None:
        return True  # a full line and an unindented next line: the same paragraph
    return not prev_text.rstrip(_CLOSERS).endswith(_SENTENCE_END)


def _fix_radicals(text: str) -> str:
    return "".join(
        unicodedata.normalize("NFKC", ch) if "\u2e80" <= ch <= "\u2fdf" else ch for ch in text
    )
