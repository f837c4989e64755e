"""Saved government web pages (.html / .htm / .shtml) -> the reply's text.

Pages are parsed, never fetched, and nothing the page refers to (scripts, frames,
images, links) is loaded.

1. Decoding: a BOM, else strict UTF-8, else the page's own charset (<meta charset>,
   <meta http-equiv content="…charset=gbk">), else GB18030/Big5 detection. GB2312 and
   GBK pages are read as GB18030, their superset.
2. libxml2's HTML parser (through lxml) tokenizes the page in linear time, as a
   browser does: Python's html.parser rescans the rest of the page at every unclosed
   `<a b='` or `<!--`, so 240 KB of them took minutes. Its events build a small
   tolerant tree (unclosed <p>, <li>, <td> and stray end tags are common on these
   sites; `</br>` is a line break, as in browsers; nesting deeper than 256 is
   flattened, not recursed).
3. Page chrome is dropped: script, style, nav, header, footer, aside, forms; elements
   whose class or id names chrome (nav, menu, breadcrumb, share, footer, print,
   toolbar …); the 索引号 / 发布机构 metadata table.
4. The main content container is chosen: a known content element (div#zoom,
   .TRS_Editor, .article-content …) holding most of the page's Chinese text; else the
   smallest element holding nearly all of it that is more than one paragraph.
5. Block elements (p, div, br, li, tr, h1-h6 …) give lines; table cells of a row are
   joined (签发人：张三); whitespace inside a block collapses; lines that are only
   chrome (首页 > 正文, 打印 关闭, 【字体：大 中 小】, 分享到) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...errors import InputError
from ..encoding import decode_text
from ..refusals import Refusal
from . import list_number, tidy_lines
from .layout import form_row_lines, format_number

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "table",
    "tbody", "thead", "tfoot", "tr", "ul", "caption",
}  # fmt: skip
# Elements never part of a reply.
_DROP_TAGS = {
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "iframe",
    "frame", "frameset", "object", "embed", "svg", "canvas", "select", "option", "button",
    "input", "textarea", "form", "head", "title", "map", "video", "audio",
}  # fmt: skip
# Starting a block closes an open <p> (HTML's own rule, which these pages rely on).
_CLOSES_P = _BLOCK - {"html", "body"}
_MAX_DEPTH = 256

# class / id words of page chrome. Matched as whole words of the attribute, split on
# - _ space and camel case, so "article-content" is content and "share-box" is chrome.
_CHROME_WORDS = {
    "nav", "navbar", "navigation", "menu", "menubar", "breadcrumb", "breadcrumbs", "crumb",
    "crumbs", "bread", "share", "sharing", "bdshare", "footer", "foot", "header", "head",
    "top", "topbar", "print", "toolbar", "tools", "tool", "sidebar", "side", "aside",
    "banner", "search", "copyright", "location", "position", "weizhi", "dqwz", "related",
    "relate", "links", "friendlink", "qrcode", "ewm", "login", "skip", "fontsize", "font",
    "pagination", "pager", "prevnext", "comment", "comments", "ad", "ads", "advert",
}  # fmt: skip
_CONTENT_NAMES = re.compile(
    r"^(zoom|trs_?editor|article[-_]?(content|body|text)|content|contents|detail|details|"
    r"main[-_]?content|con|text|wz[-_]?content|xl[-_]?content|pages?[-_]?content|"
    r"news[-_]?content|info[-_]?content|view|ue_?content|art[-_]?con|bt[-_]?content)$",
    re.I,
)
_METADATA_KEYS = ("索引号", "发布机构", "主题分类", "成文日期", "发布日期", "公开方式", "信息分类", "体裁分类", "有效性", "公开范围", "所属主题", "生成日期")

_CJK = re.compile(r"[\u3400-\u9fff]")
_WS = re.compile(r"[ \t\n\r\f\v\u00a0\u3000\u200b]+")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)

# Lines that are only page chrome. Each token is a whole line's content once brackets,
# separators and spaces are removed; a line made only of tokens is dropped.
_CHROME_TOKENS = (
    "打印本页", "打印此页", "打印文章", "打印", "关闭窗口", "关闭本页", "关闭", "加大字体", "减小字体",
    "默认字体", "字号", "字体", "大中小", "大", "中", "小", "分享到", "分享", "收藏", "返回顶部",
    "返回", "顶部", "保存", "纠错", "微信", "微博", "QQ空间", "扫一扫", "在手机打开当前页",
    "手机打开当前页", "用手机扫描二维码", "上一篇", "下一篇", "无障碍", "浏览次数", "阅读次数", "字号大中小",
    "视力保护色", "我要纠错", "【】",
)  # fmt: skip
_CHROME_TOKEN_RE = re.compile("|".join(sorted(map(re.escape, _CHROME_TOKENS), key=len, reverse=True)))
_BREADCRUMB = re.compile(r"^(当前位置|您的位置|您现在的位置|所在位置)?[:：]?\s*首页\s*([>＞»›/→]|&gt;)")
_COUNTER = re.compile(r"^(浏览|阅读|访问)(次数|量)?[:：]?\s*\d*$")


class _Node:
    __slots__ = ("attrs", "children", "parent", "tag")

    def __init__(self, tag: str, attrs: dict[str, str], parent: _Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []
        self.parent = parent


class _TreeBuilder:
    """The target of lxml's HTML parser: start / end / data events -> a _Node tree."""

    def __init__(self) -> None:
        self.root = _Node("#root", {}, None)
        self.stack: list[_Node] = [self.root]
        self.overflow = 0  # start tags ignored beyond _MAX_DEPTH, to pair their end tags

    def start(self, tag: str, attrs: Any) -> None:
        if tag in _CLOSES_P:
            self._close_implied("p", stop_at={"div", "td", "th", "li", "table", "body"})
        if tag == "li":
            self._close_implied("li", stop_at={"ul", "ol"})
        elif tag in ("td", "th"):
            self._close_implied("td", stop_at={"tr", "table"})
            self._close_implied("th", stop_at={"tr", "table"})
        elif tag == "tr":
            self._close_implied("tr", stop_at={"table"})
        node = _Node(tag, {k: (v or "") for k, v in attrs.items()}, self.stack[-1])
        if len(self.stack) >= _MAX_DEPTH:
            # Deep nesting carries no meaning for us; attach as a leaf to keep walking flat.
            if tag not in _VOID:
                self.overflow += 1
            self.stack[-1].children.append(_Node("br", {}, self.stack[-1]) if tag in _BLOCK else node)
            return
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def end(self, tag: str) -> None:
        if tag in _VOID:  # never pushed; libxml2 sends an end event for each
            return
        if self.overflow and len(self.stack) >= _MAX_DEPTH:
            self.overflow -= 1
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
        # A stray end tag with no open element: ignored, as browsers do.

    def _close_implied(self, tag: str, stop_at: set[str]) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[i].tag
            if open_tag == tag:
                del self.stack[i:]
                return
            if open_tag in stop_at:
                return

    def data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def close(self) -> _Node:
        return self.root


def extract(data: bytes, label: str) -> tuple[str, str]:
    """Return (text of the page's reply body, encoding)."""
    match = _META_CHARSET.search(data[:8192])
    declared = match.group(1).decode("ascii", "replace") if match else None
    markup, encoding = decode_text(data, label, declared=declared)
    root = _parse(markup, label)
    _drop_chrome(root)
    main = _main_container(root)
    lines = _render(main)
    lines = [line for line in lines if not _is_chrome_line(line)]
    text = tidy_lines(lines)
    if not text:
        raise InputError(f"{label}: no text in the page", code=Refusal.NO_TEXT_PAGE)
    return text, encoding


_BR_END = re.compile(r"</br\s*>", re.I)


def _parse(markup: str, label: str) -> _Node:
    from lxml import etree

    # Browsers read a stray </br> as <br>; libxml2 drops it, and with it a line break.
    markup = _BR_END.sub("<br>", markup)
    parser = etree.HTMLParser(target=_TreeBuilder(), no_network=True)
    try:
        parser.feed(markup)
        root: _Node = parser.close()
        return root
    except Exception as exc:  # libxml2 recovers from almost anything; this is a safety net
        raise InputError(f"{label}: not a readable HTML page ({type(exc).__name__})", code=Refusal.BAD_HTML,
                         detail=type(exc).__name__) from None


def _words(value: str) -> list[str]:
    value = re.sub(r"([a-z])([A-Z])", r"\1 \2", value)
    return [w for w in re.split(r"[\s\-_:.]+", value.lower()) if w]


def _is_chrome_element(node: _Node) -> bool:
    if node.tag in _DROP_TAGS:
        return True
    if "hidden" in node.attrs:
        return True
    style = node.attrs.get("style", "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if node.attrs.get("role", "").lower() in ("navigation", "banner", "contentinfo", "search"):
        return True
    names = _words(node.attrs.get("class", "")) + _words(node.attrs.get("id", ""))
    return any(word in _CHROME_WORDS for word in names)


def _iter_nodes(root: _Node) -> Iterator[_Node]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(child for child in reversed(node.children) if isinstance(child, _Node))


def _text_of(node: _Node) -> str:
    parts: list[str] = []
    stack: list[_Node | str] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
        else:
            stack.extend(reversed(item.children))
    return "".join(parts)


def _drop_chrome(root: _Node) -> None:
    for node in list(_iter_nodes(root)):
        if node is root or node.parent is None:
            continue
        if _is_chrome_element(node) or (node.tag == "table" and _is_metadata_table(node)):
            siblings = node.parent.children
            for i, child in enumerate(siblings):
                if child is node:
                    del siblings[i]
                    break
            node.parent = None  # detached; its descendants are skipped below


def _is_metadata_table(table: _Node) -> bool:
    text = _text_of(table)
    return sum(1 for key in _METADATA_KEYS if key in text) >= 2


def _cjk_counts(root: _Node) -> dict[int, int]:
    """Chinese characters under each element (id(node) -> count), computed bottom-up."""
    order = list(_iter_nodes(root))
    counts: dict[int, int] = {}
    for node in reversed(order):
        total = 0
        for child in node.children:
            if isinstance(child, str):
                total += len(_CJK.findall(child))
            else:
                total += counts.get(id(child), 0)
        counts[id(node)] = total
    return counts


def _main_container(root: _Node) -> _Node:
    counts = _cjk_counts(root)
    total = counts[id(root)]
    if total == 0:
        return root
    named = [
        node
        for node in _iter_nodes(root)
        if any(_CONTENT_NAMES.match(n) for n in node.attrs.get("id", "").split() + node.attrs.get("class", "").split())
    ]
    named = [node for node in named if counts[id(node)] >= 0.5 * total]
    if named:
        # The innermost known container that still holds most of the text.
        return min(named, key=lambda n: counts[id(n)])
    # Down to the smallest element holding nearly all the text, but never into one paragraph:
    # a reply with one long paragraph (2,900 characters of a 3,300-character page) would
    # keep that paragraph alone and lose its title, salutation and opening above it.
    several_lines = _several_lines(root)
    node = root
    while True:
        children = [c for c in node.children if isinstance(c, _Node)]
        best = max(children, key=lambda c: counts[id(c)], default=None)
        if best is None or counts[id(best)] < 0.85 * counts[id(node)] or id(best) not in several_lines:
            return node
        node = best


_LINE_BREAKS = _BLOCK | {"br", "td", "th"}


def _several_lines(root: _Node) -> set[int]:
    """The elements (by id) whose text is more than one line: they hold a block, a cell or a
    <br>. Computed bottom-up, once."""
    holding: set[int] = set()
    for node in reversed(list(_iter_nodes(root))):
        if any(isinstance(c, _Node) and (c.tag in _LINE_BREAKS or id(c) in holding) for c in node.children):
            holding.add(id(node))
    return holding


def _render(root: _Node) -> list[str]:
    """Lines of text: a new line at every block boundary, <br>, and table row."""
    lines: list[str] = []
    current: list[str] = []
    item_labels: dict[int, str] = {}

    def flush() -> None:
        text = _WS.sub(" ", "".join(current)).strip()
        current.clear()
        if text:
            lines.append(text)

    # Iterative walk: (node or text, entering?) so that deep pages cannot overflow the stack.
    stack: list[tuple[_Node | str, bool]] = [(root, True)]
    while stack:
        item, entering = stack.pop()
        if isinstance(item, str):
            current.append(item)
            continue
        tag = item.tag
        if not entering:
            if tag in _BLOCK or tag in ("td", "th"):
                flush()
            continue
        if tag == "br":
            flush()
            continue
        if tag == "pre":
            flush()
            lines.extend(ln.strip() for ln in _text_of(item).splitlines())
            continue
        if tag == "tr":
            flush()
            lines.extend(_row_lines(item))
            continue
        if tag in _BLOCK:
            flush()
        if tag == "ol":
            item_labels.update(_ol_labels(item))
        elif tag == "li" and id(item) in item_labels:
            current.append(item_labels[id(item)])  # the number a browser draws before it
        stack.append((item, False))
        stack.extend((child, True) for child in reversed(item.children))
    flush()
    return lines


def _ol_labels(ol: _Node) -> dict[int, str]:
    """"1. " "2. " … (or a. / i. per type=) for the items of an ordered list."""
    fmt = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}.get(
        ol.attrs.get("type", "1"), "decimal"
    )
    start = list_number(ol.attrs.get("start"))
    n = 1 if start is None else start
    labels = {}
    for child in ol.children:
        if isinstance(child, _Node) and child.tag == "li":
            value = list_number(child.attrs.get("value"))
            if value is not None and value >= 0:
                n = value
            labels[id(child)] = format_number(n, fmt) + ". "
            n += 1
    return labels


def _row_lines(tr: _Node) -> list[str]:
    """A table row: cells joined like a form (签发人：张三 联系人：李四)."""
    cells: list[list[str]] = []
    for cell in tr.children:
        if isinstance(cell, _Node) and cell.tag in ("td", "th"):
            cell_lines = _render(cell)
            if cell_lines:
                cells.append(cell_lines)
    return form_row_lines(cells) if cells else []


def _is_chrome_line(line: str) -> bool:
    stripped = line.strip()
    if _BREADCRUMB.match(stripped) or _COUNTER.match(stripped):
        return True
    if stripped in ("正文", "首页"):
        return True
    rest = re.sub(r"[\s【】\[\]()（）|｜:：/·•>＞-]", "", stripped)
    if not rest:
        return False
    if len(rest) > 40:
        return False
    return not _CHROME_TOKEN_RE.sub("", rest)
