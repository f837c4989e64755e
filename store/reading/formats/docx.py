"""Word (.docx) -> the text a reader sees.

python-docx opens and validates the package and hands us the XML parts; we walk the
body ourselves because python-docx's `paragraphs` and `tables` are separate lists (the
order between them is lost) and it does not render list numbers. What we do:

- body paragraphs (w:p) and tables (w:tbl) in document order, also inside content
  controls (w:sdt), tracked insertions and hyperlinks; deleted text, hidden text and
  the fallback copies of text boxes are skipped;
- Word's automatic numbering rendered as the reader sees it, from numbering.xml:
  numFmt (chineseCounting 一二三, decimal, decimalEnclosedParen ⑴, ideographTraditional
  甲乙丙 …), lvlText such as "%1、" / "（%1）" / "%1." / "%1.%2", per-list counters with
  lower levels restarting, startOverride, numbering inherited from paragraph styles;
- tables flattened to one line per row: a label cell and its value joined with "："
  (签发人：张三), other cells with a space; a cell holding whole paragraphs (a table
  used for page layout) keeps its lines;
- headers and footers dropped, except lines that carry a 文号 (the number of the reply
  is sometimes only in the header), which are put first.

Hostile packages are refused with one line before python-docx parses them: more than
`_MAX_UNPACKED` bytes unpacked (a zip bomb), or more XML nodes than `_MAX_MARKUP`
(lxml holds each in ~125 bytes; each attribute in ~230). List numbers are clamped
(`cppcc_review.store.reading.formats.MAX_LIST_NUMBER`: w:start=10^10 once asked for 11 GB of letters), the
extracted text is counted against `cppcc_review.store.reading.formats.MAX_TEXT_CHARS`, and any other error
while walking the document is one line naming the file, never a traceback.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...errors import InputError
from ..refusals import Refusal
from . import DOC_NO, TextBudget, list_number, tidy_lines
from .layout import form_row_lines, format_number

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# A .docx of a few pages unpacks to well under 10 MB; a zip bomb unpacks to gigabytes.
# Images are stored already compressed, so a 20 MB file unpacks to little more.
_MAX_UNPACKED = 100 * 1024 * 1024
_MAX_ENTRIES = 5_000
# XML nodes of the package: elements ("<") plus twice the attributes ("="), as lxml
# spends about twice as much on an attribute. 2,000,000 keeps lxml's trees under ~250 MB;
# a real document has about 60 per paragraph (16 MB of Word's XML: ~1.7 million).
_MAX_MARKUP = 2_000_000

# Elements whose children are read as if they stood in their place.
_TRANSPARENT = {
    f"{_W}hyperlink",
    f"{_W}ins",
    f"{_W}moveTo",
    f"{_W}smartTag",
    f"{_W}customXml",
    f"{_W}fldSimple",
    f"{_W}sdtContent",
    f"{_W}sdt",
    f"{_W}dir",
    f"{_W}bdo",
}
_SKIPPED = {f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr", f"{_W}sdtPr", f"{_W}sdtEndPr"}


def extract(data: bytes, label: str) -> str:
    document = _open(data, label)
    try:
        body = document.element.body
        numbering = _Numbering(document)
        walker = _Walker(numbering, TextBudget(label))
        lines = walker.blocks(body)
        header_lines = _doc_numbers_from_headers(document, walker, lines)
    except InputError:
        raise
    except Exception as exc:  # python-docx opened it, but its parts do not fit together
        detail = (str(exc).splitlines() or [""])[0][:120] or type(exc).__name__
        raise InputError(f"{label}: not a valid .docx ({type(exc).__name__}: {detail})", code=Refusal.BAD_DOCX,
                         detail=f"{type(exc).__name__}: {detail}") from None
    text = tidy_lines(header_lines + lines)
    if not text:
        raise InputError(f"{label}: no text in the document", code=Refusal.NO_TEXT_DOCUMENT)
    return text


def _open(data: bytes, label: str) -> Any:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{label}: an old Word .doc file renamed .docx; save it as .docx in Word first", code=Refusal.OLD_DOC)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _check_package(zf, label)
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError, RuntimeError):
        raise InputError(f"{label}: not a valid .docx (zip/XML error: not a zip archive)",
                         code=Refusal.BAD_DOCX_NOT_ZIP) from None
    import docx  # python-docx; imported here so that .txt imports never load it

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors …
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{label}: not a valid .docx (zip/XML error: {detail[:120]})", code=Refusal.BAD_DOCX_XML,
                         detail=detail[:120]) from None


def _check_package(zf: zipfile.ZipFile, label: str) -> None:
    """Refuse a zip bomb from the sizes its directory declares (zipfile stops reading a
    part at its declared size), then count the XML nodes python-docx would build."""
    infos = zf.infolist()
    if len(infos) > _MAX_ENTRIES:
        raise InputError(f"{label}: not a valid .docx (over {_MAX_ENTRIES:,} parts)", code=Refusal.BAD_DOCX_PARTS,
                         n=f"{_MAX_ENTRIES:,}")
    if sum(info.file_size for info in infos) > _MAX_UNPACKED:
        raise InputError(f"{label}: not a valid .docx (unpacks to more than {_MAX_UNPACKED // 1048576} MB)",
                         code=Refusal.BAD_DOCX_UNPACKED, mb=_MAX_UNPACKED // 1048576)
    nodes = 0
    for info in infos:
        with zf.open(info) as part:
            while chunk := part.read(1024 * 1024):
                nodes += chunk.count(b"<") + 2 * chunk.count(b"=")
                if nodes > _MAX_MARKUP:
                    raise InputError(
                        f"{label}: not a valid .docx (over {_MAX_MARKUP:,} XML elements and attributes: "
                        "far more than a reply; a zip bomb?)", code=Refusal.BAD_DOCX_MARKUP, n=f"{_MAX_MARKUP:,}",
                    )


def _doc_numbers_from_headers(document: Any, walker: _Walker, body_lines: list[str]) -> list[str]:
    body = "\n".join(body_lines)
    found: list[str] = []
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            # A linked header has no definition of its own; reading `_element` of one
            # would add an empty part to the document.
            if part.is_linked_to_previous:
                continue
            for line in walker.blocks(part._element):
                match = DOC_NO.search(line)
                if match and match.group(0) not in body and line.strip() not in found:
                    found.append(line.strip())
    return found


def _val(el: Any, name: str = "val") -> str | None:
    if el is None:
        return None
    value: str | None = el.get(f"{_W}{name}")
    return value


def _hex(value: str | None) -> int | None:
    """A w:sym character code (hex), or None when it is not a character."""
    if not value or len(value) > 6 or not re.fullmatch(r"[0-9A-Fa-f]+", value):
        return None
    code = int(value, 16)
    return code if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else None


def _level_index(value: str | None) -> int | None:
    """w:ilvl: 0-8 (Word's nine list levels), else None."""
    number = list_number(value)
    return number if number is not None and number >= 0 else None


def _is_on(el: Any) -> bool:
    """A w:b / w:vanish style toggle: present and not switched off."""
    return el is not None and _val(el) not in ("0", "false", "off")


class _Walker:
    """Turns block containers (body, cell, header, text box) into lines."""

    def __init__(self, numbering: _Numbering, budget: TextBudget) -> None:
        self.numbering = numbering
        self.budget = budget

    def blocks(self, container: Any) -> list[str]:
        lines: list[str] = []
        for child in container.iterchildren():
            tag = child.tag
            if tag == f"{_W}p":
                lines.extend(self.paragraph(child))
            elif tag == f"{_W}tbl":
                lines.extend(self.table(child))
            elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}moveTo"):
                lines.extend(self.blocks(child))
            elif tag == f"{_MC}AlternateContent":
                choice = child.find(f"{_MC}Choice")
                if choice is not None:
                    lines.extend(self.blocks(choice))
        return lines

    def paragraph(self, p: Any) -> list[str]:
        """The paragraph's text (with its list number), preceded by its text boxes."""
        boxes: list[str] = []
        parts: list[str] = []
        self._inline(p, parts, boxes)
        text = "".join(parts)
        number = self.numbering.label_for(p)
        if number is not None and text.strip():
            text = number + text.lstrip()
        self.budget.take(len(text))
        # A soft line break (w:br) inside a paragraph is a line the reader sees.
        return boxes + text.split("\n")

    def _inline(self, el: Any, parts: list[str], boxes: list[str]) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == f"{_W}r":
                self._run(child, parts, boxes)
            elif tag in _TRANSPARENT:
                self._inline(child, parts, boxes)
            elif tag == f"{_MC}AlternateContent":
                choice = child.find(f"{_MC}Choice")
                if choice is not None:
                    self._inline(choice, parts, boxes)

    def _run(self, r: Any, parts: list[str], boxes: list[str]) -> None:
        rpr = r.find(f"{_W}rPr")
        if rpr is not None and _is_on(rpr.find(f"{_W}vanish")):
            return
        for child in r.iterchildren():
            tag = child.tag
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab" or tag == f"{_W}ptab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{_W}sym":
                code = _hex(_val(child, "char"))
                if code is not None:
                    # Symbol-font glyphs live in the private use area: a bullet or a box.
                    parts.append("•" if 0xE000 <= code <= 0xF8FF else chr(code))
            elif tag in (f"{_W}drawing", f"{_W}pict", f"{_MC}AlternateContent"):
                for box in _text_boxes(child):
                    boxes.extend(self.blocks(box))

    def table(self, tbl: Any) -> list[str]:
        lines: list[str] = []
        for tr in _children(tbl, f"{_W}tr"):
            cells = [self.blocks(tc) for tc in _children(tr, f"{_W}tc")]
            cells = [[ln for ln in cell if ln.strip()] for cell in cells]
            cells = [cell for cell in cells if cell]
            if cells:
                lines.extend(form_row_lines(cells))
        return lines


def _children(el: Any, tag: str) -> Iterator[Any]:
    """`el`'s children with `tag`, looking through the content controls (w:sdt) and
    custom-XML wrappers Word puts around table rows and cells."""
    for child in el.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if content is not None:
                yield from _children(content, tag)


def _text_boxes(el: Any) -> Iterator[Any]:
    """w:txbxContent elements under a drawing, skipping mc:Fallback copies."""
    stack = [el]
    while stack:
        node = stack.pop()
        for child in node.iterchildren():
            if child.tag == f"{_MC}Fallback":
                continue
            if child.tag == f"{_W}txbxContent":
                yield child
            else:
                stack.append(child)


# ----------------------------------------------------------------------------------
# Numbering


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # lvlRestart: 0 = never; None = after any higher level
    suffix: str = "tab"
    legal: bool = False  # isLgl: show every level's number as decimal


def _parse_level(lvl: Any, base: _Level | None = None) -> _Level:
    level = _Level(**vars(base)) if base else _Level()
    start = list_number(_val(lvl.find(f"{_W}start")))
    if start is not None:
        level.start = start
    fmt = _val(lvl.find(f"{_W}numFmt"))
    if fmt:
        level.fmt = fmt
    text_el = lvl.find(f"{_W}lvlText")
    if text_el is not None:
        level.text = _val(text_el) or ""
    restart = _level_index(_val(lvl.find(f"{_W}lvlRestart")))
    if restart is not None:
        level.restart = restart
    suffix = _val(lvl.find(f"{_W}suff"))
    if suffix:
        level.suffix = suffix
    if lvl.find(f"{_W}isLgl") is not None:
        level.legal = _is_on(lvl.find(f"{_W}isLgl"))
    return level


class _Numbering:
    """Counters and labels of Word's automatic numbering (numbering.xml)."""

    def __init__(self, document: Any) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.overrides_applied: set[str] = set()
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.style_based_on: dict[str, str] = {}
        part = document.part
        try:
            numbering_el = part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            numbering_el = None
        if numbering_el is not None:
            self._read_numbering(numbering_el)
        try:
            styles_el = part.styles.element  # python-docx: the styles part's root
        except (KeyError, AttributeError, NotImplementedError):
            styles_el = None
        if styles_el is not None:
            self._read_styles(styles_el)

    def _read_numbering(self, root: Any) -> None:
        for absnum in root.iterchildren(f"{_W}abstractNum"):
            abs_id = _val(absnum, "abstractNumId")
            levels: dict[int, _Level] = {}
            for lvl in absnum.iterchildren(f"{_W}lvl"):
                ilvl = _level_index(_val(lvl, "ilvl"))
                if ilvl is not None:
                    levels[ilvl] = _parse_level(lvl)
            if abs_id is not None:
                self.abstract[abs_id] = levels
        for num in root.iterchildren(f"{_W}num"):
            num_id = _val(num, "numId")
            abs_id = _val(num.find(f"{_W}abstractNumId"))
            if num_id is None or abs_id is None:
                continue
            starts: dict[int, int] = {}
            levels = {}
            for override in num.iterchildren(f"{_W}lvlOverride"):
                ilvl = _level_index(_val(override, "ilvl"))
                if ilvl is None:
                    continue
                start = list_number(_val(override.find(f"{_W}startOverride")))
                if start is not None:
                    starts[ilvl] = start
                lvl = override.find(f"{_W}lvl")
                if lvl is not None:
                    base = self.abstract.get(abs_id, {}).get(ilvl)
                    levels[ilvl] = _parse_level(lvl, base)
            self.nums[num_id] = (abs_id, starts, levels)

    def _read_styles(self, root: Any) -> None:
        for style in root.iterchildren(f"{_W}style"):
            style_id = _val(style, "styleId")
            if style_id is None:
                continue
            based = _val(style.find(f"{_W}basedOn"))
            if based:
                self.style_based_on[style_id] = based
            ppr = style.find(f"{_W}pPr")
            numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
            if numpr is not None:
                self.style_num[style_id] = (
                    _val(numpr.find(f"{_W}numId")),
                    _level_index(_val(numpr.find(f"{_W}ilvl"))),
                )

    def _from_style(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self.style_num:
                return self.style_num[style_id]
            style_id = self.style_based_on.get(style_id)
        return None, None

    def label_for(self, p: Any) -> str | None:
        """The number Word shows before paragraph `p`, advancing the counters."""
        if not self.nums:
            return None
        ppr = p.find(f"{_W}pPr")
        num_id: str | None = None
        ilvl: int | None = None
        style_id = None
        if ppr is not None:
            style_id = _val(ppr.find(f"{_W}pStyle"))
            numpr = ppr.find(f"{_W}numPr")
            if numpr is not None:
                num_id = _val(numpr.find(f"{_W}numId"))
                ilvl = _level_index(_val(numpr.find(f"{_W}ilvl")))
        if num_id is None or ilvl is None:
            style_num, style_ilvl = self._from_style(style_id)
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        return self._next(num_id, min(ilvl or 0, 8))

    def _levels(self, num_id: str) -> dict[int, _Level]:
        abs_id, _, overrides = self.nums[num_id]
        levels = dict(self.abstract.get(abs_id, {}))
        levels.update(overrides)
        return levels

    def _next(self, num_id: str, ilvl: int) -> str:
        abs_id, starts, _ = self.nums[num_id]
        levels = self._levels(num_id)
        # Lists that share an abstract definition continue one another's numbering in
        # Word, unless a list instance restarts a level with startOverride.
        counters = self.counters.setdefault(abs_id, [None] * 9)
        if num_id not in self.overrides_applied:
            self.overrides_applied.add(num_id)
            for level_index, start in starts.items():
                if 0 <= level_index < 9:
                    counters[level_index] = start - 1
                    for deeper in range(level_index + 1, 9):
                        counters[deeper] = None
        level = levels.get(ilvl, _Level())
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            restart = levels.get(deeper, _Level()).restart
            if restart is None or (restart != 0 and ilvl + 1 <= restart):
                counters[deeper] = None

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            if not 0 <= k < 9:
                return ""
            lvl_k = levels.get(k, _Level())
            counted = counters[k]
            value = counted if counted is not None else lvl_k.start
            fmt = "decimal" if level.legal and k != ilvl else lvl_k.fmt
            return format_number(value, fmt)

        if level.fmt == "bullet":
            text = level.text
            text = "•" if not text or any(0xE000 <= ord(c) <= 0xF8FF for c in text) else text
        elif level.fmt == "none":
            text = re.sub(r"%\d", "", level.text)
        else:
            text = re.sub(r"%(\d)", number, level.text)
        if not text:
            return ""
        # Word puts a tab (or a space) after the number; a reader sees a gap, which after
        # CJK punctuation (一、 （一）) carries nothing and the text starts at once.
        if level.suffix == "nothing" or text[-1] in "、，,）)．。】〕":
            return text
        return text + " "
