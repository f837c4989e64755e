"""parse_reply(text) -> Reply: the text of one reply document, parsed. Pure, no I/O.

How a reply is read (see docs/architecture.md, docs/parsing-real-replies.md and
shared/domain.md):
1. The text is normalised (BOM, CRLF) and cut into cleaned lines: no empty lines, no
   "|"-only lines, no page chrome (首页 / 打印 / 上一篇:… / a site's footer), no pinyin
   inserted by mirror sites. A letter written on one line is cut at its salutation,
   its "…答复如下:" and its signature. Matching runs on a folded copy of each line
   (half-width punctuation, simplified key characters); values are sliced from the
   lines as written, so traditional characters are kept.
2. Page metadata above the letter is read in every layout (store.reading.parse_meta); those
   lines are never the salutation, the title or the body.
3. The salutation ("九三学社界别:", also without its colon) splits the header from the
   reply; the opening line that follows quotes the proposal and says the reply follows.
4. The tail is found from the end (store.reading.parse_tail): the signature date anchors it,
   page leftovers after it are cut off, the signer and the closing lines stand above it.
5. Between them lies the body, read as suggestions (see _suggestions): sections 一、二、
   (leaving out outline sections such as 一、基本情况, and taking the (一) items that
   restate the suggestions under 二、具体建议), or 第一, / (一) / 1. / 一是 lines, or
   paragraphs that each restate a suggestion ("关于…的建议,…"); otherwise one suggestion.

Where a field is not in the letter itself a careful reader takes it from elsewhere, and
says so in `Reply.parse_warnings`: the answering unit from the signature, else from the
title line ("XX局关于…的复函"), else from 联系单位, else from page metadata (发布机构 …);
the date from the signature, else from 成文日期 / the publication date.

Decisions:
- Not a reply -> ParseError (NotAReplyError for readable text that is something else):
  empty text; more than MAX_LINES lines; no sign of a reply (no "收悉" / "答复如下", no
  reply title, no salutation to a member or deputy, no page category saying it is a
  reply); a page with the proposal's own fields (案由 / 提案人 / 建议) and no reply.
  `allow_non_reply=True` reads such a text anyway, with the warning "not_a_reply".
- Labels (办理结果 …), contacts and 文号 are read from the header and the tail only,
  never from the body, where other documents' numbers and letters (AI4S) occur.
- A signature date that does not exist (6月31日) is still the date line; the date is
  then None and the warning "date_impossible" says why.
- parse_reply raises nothing but ParseError: an unexpected error inside the parser is
  reported as a ParseError naming it (tests exercise the unguarded `parse_unchecked`,
  so such errors are still found and fixed rather than hidden).
"""

from __future__ import annotations

import hashlib
import re

from store.reading.dates import cn_int, date_line, date_shape, find_date
from store.errors import NotAReplyError, ParseError
from store.model import Reply, ReplyKind, Suggestion
from store.reading.parse_fields import (
    META_KEYS,
    PROPOSAL_KEYS,
    contacts,
    declared_result,
    doc_no_from_pairs,
    find_doc_no,
    find_proposal_no,
    folded_key,
    is_key_line,
    key_values,
    proposal_no_from_pairs,
    tail_key_values,
)
from store.reading.parse_meta import Meta, read_metadata
from store.reading.parse_opening import (
    co_handlers,
    detect_kind,
    ends_with_as_follows,
    is_addressee,
    is_bare_salutation,
    is_salutation,
    is_title_line,
    looks_like_opening,
    proposers_from_opening,
    proposers_from_salutation,
    title_from_opening,
    title_above_reply,
    title_from_title_line,
    title_line_unit,
)
from store.reading.parse_sections import (
    SHI_RE,
    build_suggestion,
    heading_kind,
    inline_section_cuts,
    item_lines_carry_body,
    line_marker,
    sequence_starts,
)
from store.reading.parse_tail import Tail, find_tail, is_closing, is_unit_name
from store.reading.textclean import clean_lines, fold, normalise_text

__all__ = ["PARSE_WARNING_ORDER", "build_suggestion", "parse_reply", "parse_unchecked", "reply_id"]

_SALUTATION_WINDOW = 15  # a salutation is near the top, or followed by an opening
_HEADER_MAX_LINES = 60
# A reply is tens to hundreds of lines; beyond this the text is several documents or
# not a reply at all, and refusing it keeps a pathological input from taking seconds.
MAX_LINES = 20_000  # header fields sit above the salutation; no real header is longer
_DATE_KEYS = ("成文日期", "发文日期", "发布日期", "发布时间", "公开日期", "更新时间", "生成日期", "时间", "日期")
_CO_KEYS = ("会办单位", "协办单位")
# Where page metadata names the publishing unit; a unit name only (not "上海普陀").
_HANDLER_META_KEYS = ("公开主体", "发布机构", "发文机关", "发文单位", "发布单位", "信息来源", "来源", "机构分类")
_HANDLER_CONTACT_KEYS = (
    "联系单位", "承办单位", "联系单位及电话", "联系单位及联系电话", "联系单位及联系人", "联系单位和联系人及电话",
    "联系单位及联系人电话",
)  # fmt: skip
# "联系单位及电话:河源县城市管理局 7654321": the unit is the value's first part.
_VALUE_PARTS = re.compile(r"[\s,;，；、]+")
# "县城市管理局领导班子高度重视,…现答复如下": the opening names the answering unit.
_OPENING_UNIT = re.compile(
    r"(?P<unit>[\u4e00-\u9fff]{1,20}?(?:局|委员会|委|厅|办公室|中心|政府|公司))"
    r"(?=领导班子|党组|高度重视|认真研究|专题研究|组织人员)"
)

#: Every parse warning, in the order they are listed (store.labels has their texts).
PARSE_WARNING_ORDER = (
    "not_a_reply",
    "one_line_letter",
    "pinyin_removed",
    "no_salutation",
    "no_opening",
    "no_signer",
    "handler_from_title",
    "handler_from_contacts",
    "handler_from_opening",
    "handler_from_metadata",
    "no_handler",
    "date_from_metadata",
    "date_impossible",
    "no_date",
    "context_sections_skipped",
    "outline_level_chosen",
    "split_by_paragraphs",
    "split_by_items",
    "looks_truncated",
)
_WARNING_RANK = {code: i for i, code in enumerate(PARSE_WARNING_ORDER)}

# Signs that a text answers a proposal: an opening that has received it and replies.
_EVIDENCE = re.compile(
    r"收悉|(?:答复|函复|回复|复函|说明|函告)如下|现(?:将|就|对).{0,40}?(?:答复|函复|函告|回复)"
    r"|(?:会办|协办|办理)意见|如下(?:会办|协办)意见"
)
_META_EVIDENCE = re.compile(r"复文|答复|办理结果|建议办理|提案办理")
_PROPOSAL_LINE = re.compile(r"^(?:案由|提案人|提案者|领衔人|联名者|联名人|代表姓名|题目)\s*[:|]|建议(?:——|:|如下:?)$")
_GREETING = re.compile(r"^(?:您好|你好|您们好|你们好)[!。,:]?$")
_RESULT_MARK = re.compile(r"^[(\[【]?\s*(?P<code>[A-D](?:类|級|级)?)\s*[)\]】]?$")
# The class after the 文号, spaced ("…〔2024〕31号    A类") or glued ("…〔2024〕38号B类").
_RESULT_AFTER_DOC = re.compile(
    r"(?:〔|【|\[|\()[0-9]{4,6}.{0,8}?(?:\s|(?<=号))(?P<code>[A-D](?:类)?)\s*"
    r"(?:同意公开|主动公开|依申请公开|不予公开|不公开)?\s*$"
)
# "分类标识【D】": a result label with its class in brackets and no colon.
_RESULT_BRACKETED = re.compile(
    r"^(?:分类标识|办理结果|办复类别|答复类别|类别)\s?[【\[(]\s?(?P<code>[A-D](?:类)?)\s?[】\])]$"
)
_TITLE_CLASS = re.compile(r"[(\[【]\s?(?P<code>[A-D](?:类)?)\s?[)\]】](?:的函|的答复|的复函)?$")
_AS_FOLLOWS_SPLIT = re.compile(r"(?:答复|函复|回复|说明)如下:\s*(?=\S)")
_SAL_PREFIX = re.compile(
    r"^(?P<sal>(?:尊敬的)?[^,。:;!?|]{2,40}?(?:委员|代表|同志|界别|代表团)(?:们)?)\s?:\s*(?=\S)"
)
_TRAILING_SIGNATURE = re.compile(r"\s(?P<unit>[^\s,。]{2,40})\s+(?P<date>[^\s]{6,16})\s*\|?\s*$")
_CN_NUMERALS = frozenset("一二三四五六七八九十")
_TRAILING_DATE = re.compile(r"\s(?P<date>[^\s|]{6,16})\s*\|?\s*$")
_SENTENCE_END = re.compile(r"[。!?](?=.)")
_LETTER_WORDS = re.compile("收悉|提出|如下")
_SPACES = re.compile(r"\s+")
_MEMBER_END = re.compile(r"(?:委员|代表|界别|代表团)(?:们)?:?$")
# A salutation to a private person: the letter answers a citizen, not a member or deputy.
_PRIVATE_ADDRESSEE = re.compile(r"(?:先生|女士|网友|市民|市民朋友|来信人|来信者|同学|群众)(?:们)?:?$")
_PROPOSAL_WORDS = re.compile(r"提案|议案|建议|委员|代表")
_CLAUSE_BREAK = re.compile(r"[。,;:!?)》”]")
_TITLE_WORDS = re.compile("关于|提案|建议")
_LINE_END_PUNCT = tuple("。!?;…”」』)）】")
# Words every closing sentence has one of (a cheap test before the closing patterns).
_CLOSING_WORDS = re.compile("感谢|谢谢|此致|敬礼|以上|如有|有何|特此|顺祝|审签|评价|希望|欢迎")


def reply_id(reply: Reply) -> str:
    """The deterministic id of a reply (docs/architecture.md)."""
    if reply.doc_no:
        key = "doc:" + reply.doc_no + "|" + (reply.handler or "")
    else:
        key = "text:" + reply.content_hash
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def parse_reply(text: str, *, allow_non_reply: bool = False) -> Reply:
    """Parse one reply; raise ParseError (one line) when the text is not a reply.

    With `allow_non_reply`, a readable text that is not a reply (the proposal itself, a
    notice) is read as one anyway and carries the warning "not_a_reply"."""
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    try:
        return parse_unchecked(text, allow_non_reply=allow_non_reply)
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - the contract: only ParseError leaves
        raise ParseError(f"could not parse the reply: internal error {type(exc).__name__}") from exc


# --- lines -----------------------------------------------------------------------------


def _split_compound_lines(lines: list[str]) -> tuple[list[str], bool]:
    """A letter written on one line, cut into the lines a reader sees: its salutation, its
    opening ("…答复如下:"), its body and its signature ("… 赤水市建设局 二00七年七月十七日").
    Table rows with a long cell ("释义 | 王某委员: …") are cut into their cells first."""
    out: list[str] = []
    changed = False
    for i, line in enumerate(lines):
        if i >= 20:
            out.extend(lines[i:])
            break
        if len(line) < 60 or (line.find(":", 0, 50) < 0 and line.find("：", 0, 50) < 0 and "|" not in line):
            out.append(line)
            continue
        head = line[:50]
        if "|" not in line and not ("委" in head or "代" in head or "同志" in head or "界别" in head):
            out.append(line)
            continue
        pieces = [line]
        if "|" in line:
            cells = [c.strip() for c in line.split("|")]
            if any(len(c) > 60 for c in cells):
                pieces = [c for c in cells if c]
        for piece in pieces:
            folded = fold(piece)
            match = _SAL_PREFIX.match(folded)
            if match is None or len(folded) - match.end() < 20 or not _LETTER_WORDS.search(folded):
                out.append(piece)
                continue
            changed = True
            salutation = piece[: match.end()].strip()
            # "XX局对…第076号建议的答复 王秀英等代表:": the reply's title stands in front.
            gap = folded.rfind(" ", 0, match.end() - 1)
            if gap > 0 and is_title_line(folded[:gap].strip()):
                out.append(piece[:gap].strip())
                salutation = piece[gap : match.end()].strip()
            out.append(salutation)
            rest = piece[match.end() :].strip()
            follows = _AS_FOLLOWS_SPLIT.search(fold(rest))
            if follows is not None and len(rest) - follows.end() >= 10:
                out.append(rest[: follows.end()].strip())
                rest = rest[follows.end() :].strip()
            signature = _TRAILING_SIGNATURE.search(fold(rest))
            if signature is not None and is_unit_name(signature.group("unit")):
                if date_shape(signature.group("date"))[0]:
                    body = rest[: signature.start()].strip()
                    if body:
                        out.append(body)
                    out.append(rest[signature.start("unit") : signature.end("unit")])
                    out.append(rest[signature.start("date") : signature.end("date")])
                    continue
            dated = _TRAILING_DATE.search(fold(rest))
            if dated is not None and date_shape(dated.group("date"))[0]:
                # Signed with a date only: "…顺致 身体健康,工作顺利! 2018年7月30日 |". The
                # closing sentences before the date go on a line of their own: with no
                # signer, they tell the date line from page text after the letter.
                body = rest[: dated.start()].strip()
                cut = _trailing_closing_cut(fold(body)) if body else None
                if cut is not None:
                    out.extend(part for part in (body[:cut].strip(), body[cut:].strip()) if part)
                elif body:
                    out.append(body)
                out.append(rest[dated.start("date") : dated.end("date")])
                continue
            out.append(rest)
    return out, changed


def _split_line(lines: list[str], folded: list[str], i: int, cuts: list[int]) -> int:
    """Cut lines[i] at the offsets `cuts` (in place); returns the number of lines added."""
    line = lines[i]
    bounds = [0] + [c for c in cuts if 0 < c < len(line)] + [len(line)]
    pieces = [line[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    pieces = [p for p in pieces if p]
    if len(pieces) <= 1:
        return 0
    lines[i : i + 1] = pieces
    folded[i : i + 1] = [fold(p) for p in pieces]
    return len(pieces) - 1


def _trailing_closing_cut(folded: str) -> int | None:
    """Where the closing sentences glued to the end of a body line begin ("…每日8班。
    非常感谢您对我县旅游工作的关心与支持,…"), or None."""
    if len(folded) < 20 or len(folded) > 3000 or _SENTENCE_END.search(folded) is None:
        return None
    if _CLOSING_WORDS.search(folded, max(0, len(folded) - 160)) is None:
        return None
    cut = None
    ends = [m.end() for m in _SENTENCE_END.finditer(folded)]
    stop = len(folded)
    for pos in reversed(ends):
        # Sentence by sentence from the end: "三、…更加方便。 非常感谢…" is no closing
        # because its last sentence is one.
        if is_closing(folded[pos:stop].strip()):
            cut = stop = pos
        else:
            break
    if cut is None or is_closing(folded[:cut]):
        return None
    return cut


# --- header ----------------------------------------------------------------------------


def _opening_like(folded: str) -> bool:
    return _EVIDENCE.search(folded[:300]) is not None or folded.startswith(("您", "你", "贵", "现将", "现就"))


def _find_salutation(folded: list[str], skip: set[int], limit: int) -> tuple[int | None, bool]:
    """(index, written without colon) of the salutation among the first `limit` lines."""
    n = len(folded)
    for i in range(min(n, limit)):
        if i in skip:
            continue
        text = folded[i]
        nxt = folded[i + 1] if i + 1 < n else ""
        if len(nxt) <= 4 and _GREETING.match(nxt) and i + 2 < n:
            nxt = folded[i + 2]
        if text.endswith(":"):
            if is_salutation(text) and not is_key_line(text):
                if is_addressee(text) or _opening_like(nxt) or (i < _SALUTATION_WINDOW and "收悉" in nxt[:300]):
                    return i, False
        elif text.endswith(("委员", "代表", "们")) and is_bare_salutation(text) and _opening_like(nxt):
            return i, True
    return None, False


def _title_spans(lines: list[str], folded: list[str], limit: int, skip: set[int]) -> list[tuple[int, int, str, str]]:
    """Reply title lines among the first `limit` lines: (start, end, text, folded text);
    a title broken over two lines is joined ("关于对…第71号建议的" / "答 复")."""
    spans = []
    i = 0
    while i < limit:
        if i in skip:
            i += 1
            continue
        text = folded[i]
        if is_title_line(text.rstrip("| ")):
            spans.append((i, i + 1, lines[i].rstrip("| "), text.rstrip("| ")))
            i += 1
            continue
        if i + 1 < limit and len(text) <= 40 and i + 1 not in skip:
            joined = _SPACES.sub("", lines[i] + lines[i + 1])
            joined_folded = fold(joined)
            if is_title_line(joined_folded) and not is_title_line(folded[i + 1]):
                spans.append((i, i + 2, joined, joined_folded))
                i += 2
                continue
        i += 1
    return spans


def _is_header_line(line: str, text: str) -> bool:
    if is_key_line(text) or is_title_line(text) or date_line(text) or _RESULT_MARK.match(text):
        return True
    if is_unit_name(text) and len(text) <= 30:
        return True
    doc = find_doc_no(line, text)
    return doc is not None and len(line) <= len(doc) + 12


# --- the reply -------------------------------------------------------------------------


def parse_unchecked(text: str, *, allow_non_reply: bool = False) -> Reply:
    """parse_reply without the final guard; for tests that hunt for parser bugs."""
    norm = normalise_text(text)
    if not norm.strip():
        raise ParseError("empty text")
    notes: set[str] = set()
    lines = clean_lines(norm, notes)
    if not lines:
        raise ParseError("no text left after removing page chrome and separator lines")
    if len(lines) > MAX_LINES:
        raise ParseError(f"too many lines for one reply ({len(lines)}); is this several documents?")
    warnings: set[str] = set()
    if "pinyin" in notes:
        warnings.add("pinyin_removed")
    lines, one_line = _split_compound_lines(lines)
    if one_line:
        warnings.add("one_line_letter")
    folded = [fold(line) for line in lines]
    n = len(lines)

    window = min(n, _HEADER_MAX_LINES)
    stop = next((i for i in range(window) if _EVIDENCE.search(folded[i][:300])), window)
    meta = read_metadata(lines, folded, stop)
    salutation, bare = _find_salutation(folded, meta.lines, window)
    title_limit = salutation if salutation is not None else stop
    spans = _title_spans(lines, folded, min(title_limit, window), meta.lines)
    title_rows = {j for start, end, _, _ in spans for j in range(start, end)}

    opening: int | None = None
    if salutation is not None:
        header_end = salutation
        j = salutation + 1
        if j < n and _GREETING.match(folded[j]):
            j += 1
        if j < n and looks_like_opening(folded[j]):
            opening = j
        body_start = (opening if opening is not None else j - 1) + 1
    else:
        header_end = 0
        while header_end < window and (
            header_end in meta.lines
            or header_end in title_rows
            or _is_header_line(lines[header_end], folded[header_end])
        ):
            header_end += 1
        # Metadata above the text moves the header's end down; a label after the text
        # ("作者:" under a news report) does not.
        text_row = next((i for i in range(header_end, window) if i not in meta.lines and len(folded[i]) > 60), window)
        above = [i for i in meta.lines if i < text_row]
        if above and header_end <= max(above) < window:
            header_end = max(above) + 1
        for i in range(header_end, min(n, header_end + 5)):
            head = folded[i][:300]
            if "收悉" in head or "如下" in head:
                opening = i
                break
        body_start = opening + 1 if opening is not None else header_end
    if opening is not None and body_start < n and not ends_with_as_follows(folded[opening]):
        # "…收悉。" then "现将有关情况答复如下:" on a line of its own.
        if len(folded[body_start]) <= 60 and ends_with_as_follows(folded[body_start]):
            body_start += 1

    header_rows = [i for i in range(0, header_end) if i != salutation]
    pre_opening = list(range(header_end, opening)) if opening is not None else []
    head_texts = [folded[i] for i in header_rows + pre_opening] + [s[3] for s in spans]
    head_texts += [fold(v) for v in meta.values.values()]
    if opening is not None:
        head_texts.append(folded[opening])
    kind = detect_kind(head_texts)
    _check_is_reply(folded, meta, spans, salutation, opening, kind, allow_non_reply, warnings)

    if salutation is not None and folded.count(folded[salutation]) > 1:
        copy = _second_copy(lines, folded, salutation, opening)
        if copy is not None:
            del lines[copy:], folded[copy:]
            n = len(lines)
    tail = find_tail(lines, folded, body_start)
    # Closing sentences glued to the end of the last body line or of a tail line
    # ("…每日8班。非常感谢您…") belong to the tail, not to the last suggestion.
    cut_any = False
    for i in range(n - 1, max(body_start, tail.start - 1) - 1, -1):
        cut = _trailing_closing_cut(folded[i])
        if cut is not None:
            cut_any = _split_line(lines, folded, i, [cut]) > 0 or cut_any
    if cut_any:
        n = len(lines)
        tail = find_tail(lines, folded, body_start)
    if tail.start <= body_start and opening is not None:
        # "现答复如下:镇政府已…": the body is written on the opening line itself.
        follows = _AS_FOLLOWS_SPLIT.search(folded[opening])
        if follows is not None and len(folded[opening]) - follows.end() >= 10:
            body_start = opening
            if tail.start < body_start + 1:
                tail = find_tail(lines, folded, body_start + 1)

    reply = Reply(text=norm, lines=lines)
    reply.kind = kind
    reply.salutation = lines[salutation] if salutation is not None else None
    reply.opening = lines[opening] if opening is not None else None
    reply.closing = tail.closing
    reply.date = tail.date
    _read_fields(reply, lines, folded, header_rows + list(range(tail.start, n)), meta, tail.start)
    if reply.declared_result is None:
        reply.declared_result = _class_of_spans(spans)
    _handler(reply, tail, spans, lines, folded, ([opening] if opening is not None else []) + pre_opening, meta, warnings)
    _date(reply, tail, meta, lines, folded, header_rows, warnings)
    reply.title = _title(lines, folded, header_rows, opening, body_start, tail.start, spans, meta)
    if reply.proposal_no is None:
        rows = header_rows + pre_opening + ([opening] if opening is not None else []) + _after(opening, body_start, n)
        reply.proposal_no = (
            _proposal_no_of_spans(spans)
            or _proposal_no(lines, folded, rows)
            or _number_under_meeting(lines, folded, header_rows)
        )

    if salutation is not None and (bare or reply.kind is not ReplyKind.CO_HANDLER_OPINION):
        reply.proposers = proposers_from_salutation(lines[salutation])
    if not reply.proposers and (reply.kind is ReplyKind.CO_HANDLER_OPINION or salutation is None):
        for i in ([opening] if opening is not None else []) + pre_opening[::-1]:
            reply.proposers = proposers_from_opening(lines[i], folded[i])
            if reply.proposers:
                break

    added, suggestions, preamble_end = _suggestions(lines, folded, body_start, tail.start, warnings)
    reply.suggestions = suggestions
    n = len(lines)
    if not reply.co_handlers:
        first = opening if opening is not None else body_start
        reply.co_handlers = co_handlers(lines[first:preamble_end], folded[first:preamble_end])
        if not reply.co_handlers and opening is not None and preamble_end == body_start and body_start < n:
            reply.co_handlers = co_handlers(lines[body_start : body_start + 1], folded[body_start : body_start + 1], True)
    if not reply.co_handlers and tail.co_signers:
        reply.co_handlers = list(tail.co_signers)
    if reply.co_handlers and reply.handler:
        # "经综合区卫生健康局、区发展改革局…等会办单位意见" lists the lead unit itself.
        lead = fold(reply.handler)
        reply.co_handlers = [u for u in reply.co_handlers if not lead.endswith(fold(u))]

    if salutation is None:
        warnings.add("no_salutation")
    if opening is None:
        warnings.add("no_opening")
    tail_start = tail.start + added
    if tail_start >= n and n and not folded[-1].rstrip().endswith(_LINE_END_PUNCT) and reply.suggestions:
        warnings.add("looks_truncated")
    reply.parse_warnings = sorted(warnings, key=_WARNING_RANK.__getitem__)
    return reply


def _second_copy(lines: list[str], folded: list[str], salutation: int, opening: int | None) -> int | None:
    """Where a page prints the same letter a second time (its salutation and opening again,
    often after its title and metadata again): the first line of that copy, else None."""
    n = len(folded)
    first = folded[salutation]
    follow = folded[opening] if opening is not None else None
    for j in range((opening if opening is not None else salutation) + 1, n - 1):
        if folded[j] != first or (follow is not None and folded[j + 1] != follow):
            continue
        header = set(folded[:salutation])
        while j - 1 > salutation + 1 and (folded[j - 1] in header or _is_meta_line(lines[j - 1], folded[j - 1])):
            j -= 1
        return j
    return None


_META_ONLY = frozenset(folded_key(k) for k in META_KEYS)


def _is_meta_line(line: str, folded: str) -> bool:
    pairs = key_values(line, folded)
    return bool(pairs) and all(folded_key(k) in _META_ONLY for k, _ in pairs)


def _after(opening: int | None, body_start: int, n: int) -> list[int]:
    """The as-follows line after the opening ("经研究,现将第0815号提案…答复如下:")."""
    if opening is None:
        return []
    return [i for i in range(opening + 1, min(body_start, n))]


def _check_is_reply(
    folded: list[str],
    meta: Meta,
    spans: list,
    salutation: int | None,
    opening: int | None,
    kind: ReplyKind,
    allow: bool,
    warnings: set[str],
) -> None:
    """Refuse a text that does not read as a reply (see the module docstring)."""
    top = folded[: min(len(folded), _HEADER_MAX_LINES)]
    evidence = (
        spans
        or kind is not ReplyKind.REPLY
        or (opening is not None and _EVIDENCE.search(folded[opening][:300]) is not None)
        or any(_EVIDENCE.search(t[:300]) for t in top[:30])
        or any(_META_EVIDENCE.search(fold(v)) for v in meta.values.values())
    )
    if not evidence and salutation is not None and _MEMBER_END.search(folded[salutation]):
        evidence = any(("提案" in t or "建议" in t) for t in top[salutation : salutation + 3])
    private = salutation is not None and _PRIVATE_ADDRESSEE.search(folded[salutation]) is not None
    if private:
        after = folded[salutation + 1 : salutation + 3]
        opening_text = after[1] if len(after) == 2 and _GREETING.match(after[0]) else after[0] if after else ""
        private = _PROPOSAL_WORDS.search(opening_text) is None
    if private:
        # "张先生: 您所反映的问题…现答复如下:": an office's answer to a citizen's letter or
        # online message reads like a reply but answers no proposal.
        message = "the text answers a citizen's letter or online message, not a proposal or a deputy's suggestion"
    elif evidence:
        return
    elif any(folded_key(k) in PROPOSAL_KEYS for k in meta.values) or any(_PROPOSAL_LINE.search(t) for t in top[:20]):
        message = "the text is a proposal (案由 / 提案人 / 建议), not a reply to one"
    else:
        message = "no reply found: no salutation to a member, no opening that answers a proposal, no reply title"
    if not allow:
        raise NotAReplyError(message)
    warnings.add("not_a_reply")


def _read_fields(reply: Reply, lines: list[str], folded: list[str], meta_lines: list[int], meta: Meta, tail_start: int) -> None:
    """文号, result label, contacts and co-handler fields of header and tail."""
    value = meta.get("发文字号", "文号")
    if value:
        reply.doc_no = find_doc_no(value, fold(value)) or doc_no_from_pairs([("文号", value)])
    for i in meta_lines:
        line, text = lines[i], folded[i]
        pairs = tail_key_values(line, text) if i >= tail_start else key_values(line, text)
        if pairs:
            if reply.declared_result is None:
                reply.declared_result = declared_result(pairs)
            for key, value in contacts(pairs).items():
                reply.contacts.setdefault(key, value)
            if reply.doc_no is None:
                reply.doc_no = doc_no_from_pairs(pairs)
            if reply.proposal_no is None:
                reply.proposal_no = proposal_no_from_pairs(pairs)
            for key, value in pairs:
                fkey = folded_key(key)
                if not reply.co_handlers and fkey in _CO_KEYS and value:
                    reply.co_handlers = [u.strip() for u in value.replace("，", "、").split("、") if u.strip()]
        elif reply.declared_result is None and i < tail_start:
            mark = _RESULT_MARK.match(text) or _RESULT_AFTER_DOC.search(text) or _RESULT_BRACKETED.match(text)
            if mark is not None:
                reply.declared_result = line[mark.start("code") : mark.end("code")]
        signer_beside = not pairs and i < tail_start and ":" in text
        if reply.doc_no is None or signer_beside:
            doc = find_doc_no(line, text)
            if reply.doc_no is None:
                reply.doc_no = doc
            if doc is not None and signer_beside:
                # "长房议字〔2025〕11号 签发人:赵洪利": the signer on the 文号's line.
                for key, value in contacts(tail_key_values(line, text)).items():
                    reply.contacts.setdefault(key, value)
    if reply.declared_result is None:
        value = meta.get("类别")
        if value:
            reply.declared_result = declared_result([("类别", value)])


def _handler(
    reply: Reply,
    tail: Tail,
    spans: list,
    lines: list[str],
    folded: list[str],
    opening_rows: list[int],
    meta: Meta,
    warnings: set[str],
) -> None:
    """The answering unit: a signature beats the title line, which beats 联系单位, which
    beats a unit the opening names, which beats page metadata; each fallback is reported."""
    if tail.signed and tail.handler:
        reply.handler = tail.handler
        return
    warnings.add("no_signer")
    for start, _end, text, text_folded in spans:
        unit = title_line_unit(text, text_folded)
        if unit is None and start > 0 and is_unit_name(folded[start - 1]) and len(folded[start - 1]) <= 30:
            unit = lines[start - 1]
        if unit:
            reply.handler = unit
            warnings.add("handler_from_title")
            return
    written = {folded_key(k): v for k, v in reply.contacts.items()}
    for key in _HANDLER_CONTACT_KEYS:
        value = written.get(key) or meta.get(key) or _tail_value(lines, folded, tail.start, key)
        if not value:
            continue
        unit = value if is_unit_name(fold(value)) else _VALUE_PARTS.split(value.strip(), 1)[0]
        if unit and is_unit_name(fold(unit)):
            reply.handler = unit
            warnings.add("handler_from_contacts")
            return
    for i in opening_rows:
        match = _OPENING_UNIT.search(folded[i][:300])
        if match is None:
            continue
        unit = lines[i][match.start("unit") : match.end("unit")]
        # "…(45号)建议。县城市管理局…": the unit starts after the sentence; "经局领导
        # 班子研究" and "我局…" name no unit.
        unit = _CLAUSE_BREAK.split(unit)[-1].lstrip("经由在对将")
        if len(unit) >= 4 and not unit.startswith(("我", "你", "贵", "该", "本")):
            reply.handler = unit
            warnings.add("handler_from_opening")
            return
    for key in _HANDLER_META_KEYS:
        value = meta.get(key)
        if value and is_unit_name(fold(value)):
            reply.handler = value
            warnings.add("handler_from_metadata")
            return
    warnings.add("no_handler")


def _tail_value(lines: list[str], folded: list[str], start: int, key: str) -> str | None:
    for i in range(start, len(lines)):
        for k, v in tail_key_values(lines[i], folded[i]):
            if folded_key(k) == key and v:
                return v
    return None


def _date(
    reply: Reply, tail: Tail, meta: Meta, lines: list[str], folded: list[str], header_rows: list[int], warnings: set[str]
) -> None:
    if tail.date_impossible:
        reply.date = None
        warnings.add("date_impossible")
        return
    if reply.date is not None:
        return
    for key in _DATE_KEYS:
        value = meta.get(key)
        if value:
            iso = find_date(fold(value))
            if iso:
                reply.date = iso
                warnings.add("date_from_metadata")
                return
    for i in header_rows:
        iso = date_line(folded[i])
        if iso:
            reply.date = iso
            warnings.add("date_from_metadata")
            return
    warnings.add("no_date")


def _title(
    lines: list[str],
    folded: list[str],
    header: list[int],
    opening: int | None,
    body_start: int,
    body_end: int,
    spans: list,
    meta: Meta,
) -> str | None:
    if opening is not None:
        title = title_from_opening(lines[opening], folded[opening])
        if title:
            return title
        # "您好:您的建议收悉…" without the title; the next lines may name it.
        for i in range(opening + 1, min(body_end, opening + 3)):
            title = title_from_opening(lines[i], folded[i])
            if title:
                return title
    for key in ("题目", "标题", "名称"):
        value = meta.get(key)
        if value and _TITLE_WORDS.search(fold(value)) and not is_title_line(fold(value)):
            return title_from_opening(value, fold(value)) or value
    for _start, _end, text, text_folded in spans:
        title = title_from_title_line(text, text_folded)
        if title:
            return title
    # A page that prints the proposal's title above the reply ("人大建议第9165号 关于…的建议").
    span_rows = {j for start, end, _, _ in spans for j in range(start, end)}
    for i in header:
        if i not in span_rows and i not in meta.lines and "关于" in folded[i]:
            title = title_above_reply(lines[i], folded[i])
            if title:
                return title
    for i in header:
        pairs = key_values(lines[i], folded[i])
        if pairs:
            for key, value in pairs:
                if folded_key(key) in ("标题", "名称", "题目") and value and not is_title_line(fold(value)):
                    return title_from_title_line(value, fold(value))
    return None


def _class_of_spans(spans: list) -> str | None:
    """A result class in brackets at the end of a title line: "…办理情况的答复(B)",
    "…建议 办理情况(A)的函"."""
    for _start, _end, text, text_folded in spans:
        match = _TITLE_CLASS.search(text_folded)
        if match is not None:
            return text[match.start("code") : match.end("code")]
    return None


def _proposal_no_of_spans(spans: list) -> str | None:
    for _start, _end, text, text_folded in spans:
        doc = find_doc_no(text, text_folded)
        if doc is not None:
            at = text.find(doc)
            if at >= 0:
                text = text[:at] + " " * len(doc) + text[at + len(doc) :]
                text_folded = text_folded[:at] + " " * len(doc) + text_folded[at + len(doc) :]
        found = find_proposal_no(text, text_folded)
        if found:
            return found
    return None


def _number_under_meeting(lines: list[str], folded: list[str], header: list[int]) -> str | None:
    """A number alone on the line under the meeting's name ("临平区第十八届人民代表大会第三次
    会议" / "57"): how some sites print the proposal number in their header."""
    for i in header:
        if 0 < i and len(folded[i]) <= 8 and folded[i].isdigit() and folded[i - 1].endswith("会议"):
            return lines[i]
    return None


def _proposal_no(lines: list[str], folded: list[str], indices: list[int]) -> str | None:
    for i in indices:
        line, text = lines[i], folded[i]
        doc = find_doc_no(line, text)
        if doc is not None:
            # "苏教提(2022)第12号" is the reply's own number, not the proposal's.
            at = line.find(doc)
            line = line[:at] + " " * len(doc) + line[at + len(doc) :]
            text = text[:at] + " " * len(doc) + text[at + len(doc) :]
        found = find_proposal_no(line, text)
        if found:
            return found
    return None


# --- the body --------------------------------------------------------------------------


def _build(lines: list[str], folded: list[str], bounds: list[int]) -> list[Suggestion]:
    return [
        build_suggestion(lines, bounds[k], bounds[k + 1], k + 1, folded=folded) for k in range(len(bounds) - 1)
    ]


def _suggestions(
    lines: list[str], folded: list[str], start: int, end: int, warnings: set[str]
) -> tuple[int, list[Suggestion], int]:
    """(lines added by cutting a paragraph, the suggestions of the body [start, end),
    where the preamble ends)."""
    if start >= end:
        return 0, [], start
    added = 0
    sections = sequence_starts(folded, start, end, "section")
    if len(sections) < 2:
        # "一、…。 二、…。 三、…" on one line (a letter written on one line): cut it.
        for i in range(end - 1, start - 1, -1):
            text = folded[i]
            if text[0] in _CN_NUMERALS and len(text) > 20 and ("、" in text[1:4] or "." in text[1:4]):
                cuts = inline_section_cuts(text)
                if cuts:
                    added += _split_line(lines, folded, i, cuts)
        if added:
            end += added
            sections = sequence_starts(folded, start, end, "section")
    if sections:
        return added, *_from_sections(lines, folded, sections, end, warnings)
    promoted = sequence_starts(folded, start, end, "paren")
    # Promote (一)(二) only when they count up once (a real outline), not restart.
    if len(promoted) >= 2 and _counts_once(folded, promoted):
        return added, _build(lines, folded, promoted + [end]), promoted[0]
    ordinals = sequence_starts(folded, start, end, "ordinal")
    if len(ordinals) >= 2 and _counts_once(folded, ordinals) and ordinals[0] - start <= 2:
        return added, _build(lines, folded, ordinals + [end]), ordinals[0]
    items = item_lines_carry_body(folded, start, end) or item_lines_carry_body(folded, start, end, "arabic")
    if items:
        # "1.关于….": lines that are the whole body answer one suggestion each, like 一是
        # lines (fixture 017); 1. items inside a section stay commitments.
        return added, _build(lines, folded, items + [end]), items[0]
    headed = _arabic_heading_lines(folded, start, end)
    if headed:
        return added, _build(lines, folded, headed + [end]), headed[0]
    restated = [i for i in range(start, end) if _restates(folded[i])]
    if len(restated) >= 2 and restated[0] - start <= 2:
        warnings.add("split_by_paragraphs")
        return added, _build(lines, folded, restated + [end]), restated[0]
    split = _split_restated_items(lines, folded, start, end)
    if split:
        end += split
        starts = [i for i in range(start, end) if SHI_RE.match(folded[i])]
        warnings.add("split_by_items")
        return added + split, _build(lines, folded, starts + [end]), starts[0]
    return added, [build_suggestion(lines, start, end, 1, folded=folded)], start


def _from_sections(
    lines: list[str], folded: list[str], sections: list[int], end: int, warnings: set[str]
) -> tuple[list[Suggestion], int]:
    kinds = [heading_kind(folded[i]) for i in sections]
    bounds = sections + [end]
    if any(k in ("context", "answer", "next") for k in kinds):
        # An outline (一、总体情况 / 二、具体建议 / 三、下一步): the (一) items that restate
        # the suggestions under its answer section (or, without one, under another
        # section that is not context) are the suggestions.
        has_answer = "answer" in kinds
        for k, sec in enumerate(sections):
            if kinds[k] in ("context", "next", "praise") or (has_answer and kinds[k] != "answer"):
                continue
            items = sequence_starts(folded, sec + 1, bounds[k + 1], "paren")
            if len(items) >= 2 and _counts_once(folded, items):
                warnings.add("outline_level_chosen")
                if len(sections) > 1:
                    warnings.add("context_sections_skipped")
                return _build(lines, folded, items + [bounds[k + 1]]), items[0]
        answers = [sec for sec, kind in zip(sections, kinds, strict=True) if kind == "answer"]
        if answers:
            if answers[0] != sections[0]:
                warnings.add("context_sections_skipped")
            return [build_suggestion(lines, answers[0], end, 1, folded=folded)], answers[0]
    keep = [sec for sec, kind in zip(sections, kinds, strict=True) if kind not in ("context", "praise", "next")]
    if not keep:
        return [build_suggestion(lines, sections[0], end, 1, folded=folded)], sections[0]
    # Context before the first restated suggestion (一、基本情况, a first section that
    # only praises the proposal) is left out; what follows the last stays with it.
    if keep[0] != sections[0]:
        warnings.add("context_sections_skipped")
    first = sections.index(keep[0])
    starts = [sec for sec, kind in zip(sections[first:], kinds[first:], strict=True) if kind not in ("context", "praise")]
    return _build(lines, folded, starts + [end]), starts[0]


def _counts_once(folded: list[str], starts: list[int]) -> bool:
    numbers = [line_marker(folded[i])[1] for i in starts]  # type: ignore[index]
    return numbers == list(range(1, len(numbers) + 1))


_HEADING_LIKE = re.compile(r"^(?:关于[^。]{2,80}|[^。,;:]{2,30})$")


def _arabic_heading_lines(folded: list[str], start: int, end: int) -> list[int] | None:
    """"1.关于…" lines that head the answer written on the lines after them."""
    starts = sequence_starts(folded, start, end, "arabic")
    if len(starts) < 2 or not _counts_once(folded, starts):
        return None
    bounds = starts + [end]
    for k, i in enumerate(starts):
        marker = line_marker(folded[i])
        rest = folded[i][marker[2] :].strip().rstrip("。") if marker else ""  # type: ignore[index]
        if not _HEADING_LIKE.match(rest) or bounds[k + 1] - i < 2:
            return None
    return starts


_RESTATES = re.compile(r"^(?:关于|对于|针对)[^。,:;!?]{2,60}?(?:的)?(?:建议|问题|提议)[,:]")


def _restates(folded: str) -> bool:
    return len(folded) >= 12 and _RESTATES.match(folded) is not None


def _split_restated_items(lines: list[str], folded: list[str], start: int, end: int) -> int:
    """One paragraph whose 一是 / 二是 items each restate a suggestion ("一是关于…的建议,
    …;二是关于…"): cut it at its items. Returns the number of lines added."""
    candidates = [i for i in range(start, end) if "是" in folded[i]]
    for i in candidates:
        marks = []
        expected = 1
        for match in SHI_RE.finditer(folded[i]):
            if cn_int(match.group("num")) == expected:
                marks.append(match)
                expected += 1
        if len(marks) < 2 or not all(_RESTATES.match(folded[i][m.end() :]) for m in marks):
            continue
        return _split_line(lines, folded, i, [m.start() for m in marks])
    return 0

