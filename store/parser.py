"""parse_reply(text) -> Reply: the text of one reply document, parsed. Pure, no I/O.

How a reply is read (see docs/architecture.md and shared/domain.md):
1. The text is normalised (BOM, CRLF) and cut into cleaned lines: no empty lines, no
   "|"-only lines, no page chrome (首页 / 正文 / 打印 / 加大字体 / 关闭). Matching runs
   on a folded copy of each line (half-width punctuation, simplified key characters),
   values are sliced from the lines as written, so traditional characters are kept.
2. The salutation ("九三学社界别:") splits the header from the reply; the opening
   line that follows quotes the proposal and says the reply follows.
3. The tail (thanks, signer, date, contacts, legends) is found from the end.
4. Between them lies the body: the paragraphs before the first section (the
   context) belong to no suggestion; each section 一、二、… is one suggestion; a body
   without sections is one suggestion, or one per 一是 (or 1. 2.) item when such item
   lines are the whole body.

Decisions:
- Not a reply -> ParseError: empty text; more than MAX_LINES lines; a proposal page (案由 / 提案人 fields, no
  salutation and no opening); text with no salutation, no sections and no signer.
- Labels (办理结果 …), contacts and 文号 are read from the header and the tail only,
  never from the body, where other documents' numbers and letters (AI4S) occur.
- Dates: the signature date (a date line under the signer) wins over any other date;
  then any date line in the tail; then a header date (发布时间 / 成文日期 …); body
  dates are never used.
- parse_reply raises nothing but ParseError: an unexpected error inside the parser is
  reported as a ParseError naming it (tests exercise the unguarded `parse_unchecked`,
  so such errors are still found and fixed rather than hidden).
"""

from __future__ import annotations

import hashlib

from store.dates import date_line, find_date
from store.errors import ParseError
from store.model import Reply, ReplyKind, Suggestion
from store.parse_fields import (
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
)
from store.parse_opening import (
    co_handlers,
    detect_kind,
    ends_with_as_follows,
    is_salutation,
    is_title_line,
    looks_like_opening,
    proposers_from_opening,
    proposers_from_salutation,
    title_from_opening,
    title_from_title_line,
)
from store.parse_sections import build_suggestion, item_lines_carry_body, sequence_starts
from store.parse_tail import find_tail
from store.textclean import clean_lines, fold, normalise_text

__all__ = ["build_suggestion", "parse_reply", "parse_unchecked", "reply_id"]

_SALUTATION_WINDOW = 15  # a salutation is near the top, or followed by an opening
_HEADER_MAX_LINES = 60
# A reply is tens to hundreds of lines; beyond this the text is several documents or
# not a reply at all, and refusing it keeps a pathological input from taking seconds.
MAX_LINES = 20_000  # header fields sit above the salutation; no real header is longer
_DATE_KEYS = ("成文日期", "发布日期", "发布时间", "日期", "时间")
_CO_KEYS = ("会办单位", "协办单位")


def reply_id(reply: Reply) -> str:
    """The deterministic id of a reply (docs/architecture.md)."""
    if reply.doc_no:
        key = "doc:" + reply.doc_no + "|" + (reply.handler or "")
    else:
        key = "text:" + reply.content_hash
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def parse_reply(text: str) -> Reply:
    """Parse one reply; raise ParseError (one line) when the text is not a reply."""
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    try:
        return parse_unchecked(text)
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - the contract: only ParseError leaves
        raise ParseError(f"could not parse the reply: internal error {type(exc).__name__}") from exc


def _find_salutation(folded: list[str]) -> int | None:
    for i, text in enumerate(folded[:_SALUTATION_WINDOW]):
        if is_salutation(text) and not is_key_line(text):
            return i
    for i in range(_SALUTATION_WINDOW, len(folded) - 1):
        text = folded[i]
        if is_salutation(text) and not is_key_line(text) and "收悉" in folded[i + 1][:300]:
            return i
    return None


def _is_proposal_page(folded: list[str]) -> bool:
    """A page with the proposal's own fields (案由, 提案人) and no reply opening."""
    head = folded[: _SALUTATION_WINDOW + 5]
    has_fields = False
    for text in head:
        pairs = key_values(text, text)
        if pairs and any(folded_key(k) in PROPOSAL_KEYS for k, _ in pairs):
            has_fields = True
            break
    return has_fields and not any("收悉" in t[:300] or "答复如下" in t[:300] for t in head)


def _is_header_line(line: str, text: str) -> bool:
    if is_key_line(text) or is_title_line(text) or date_line(text):
        return True
    doc = find_doc_no(line, text)
    return doc is not None and len(line) <= len(doc) + 8


def parse_unchecked(text: str) -> Reply:
    """parse_reply without the final guard; for tests that hunt for parser bugs."""
    norm = normalise_text(text)
    if not norm.strip():
        raise ParseError("empty text")
    lines = clean_lines(norm)
    if not lines:
        raise ParseError("no text left after removing page chrome and separator lines")
    if len(lines) > MAX_LINES:
        raise ParseError(f"too many lines for one reply ({len(lines)}); is this several documents?")
    folded = [fold(line) for line in lines]
    n = len(lines)

    salutation = _find_salutation(folded)
    opening: int | None = None
    if salutation is not None:
        header_end = salutation
        if salutation + 1 < n and looks_like_opening(folded[salutation + 1]):
            opening = salutation + 1
        body_start = (opening if opening is not None else salutation) + 1
    else:
        header_end = 0
        while header_end < min(n, _HEADER_MAX_LINES) and _is_header_line(lines[header_end], folded[header_end]):
            header_end += 1
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

    if _is_proposal_page(folded):
        raise ParseError("the text is a proposal (案由 / 提案人), not a reply to one")

    tail = find_tail(lines, folded, body_start)
    body_end = tail.start
    header = range(0, header_end)
    meta_lines = list(header) + list(range(tail.start, n))

    reply = Reply(text=norm, lines=lines)
    reply.salutation = lines[salutation] if salutation is not None else None
    reply.opening = lines[opening] if opening is not None else None
    reply.closing = tail.closing
    reply.handler = tail.handler
    reply.date = tail.date
    _read_fields(reply, lines, folded, meta_lines)

    head_texts = [folded[i] for i in header] + ([folded[opening]] if opening is not None else [])
    reply.kind = detect_kind(head_texts)
    reply.title = _title(lines, folded, header, opening)
    if reply.proposal_no is None:
        reply.proposal_no = _proposal_no(lines, folded, list(header) + ([opening] if opening is not None else []))

    if reply.kind is ReplyKind.CO_HANDLER_OPINION or salutation is None:
        if opening is not None:
            reply.proposers = proposers_from_opening(lines[opening], folded[opening])
    else:
        reply.proposers = proposers_from_salutation(lines[salutation])

    reply.suggestions, preamble_end, structured = _suggestions(lines, folded, body_start, body_end)
    if not reply.co_handlers:
        first = opening if opening is not None else body_start
        reply.co_handlers = co_handlers(lines[first:preamble_end], folded[first:preamble_end])

    if salutation is None and reply.handler is None and not structured:
        raise ParseError("no reply found: no salutation, no sections and no signer")
    return reply


def _read_fields(reply: Reply, lines: list[str], folded: list[str], meta_lines: list[int]) -> None:
    """文号, result label, contacts, header date and co-handler fields of header and tail."""
    header_date = None
    for i in meta_lines:
        line, text = lines[i], folded[i]
        pairs = key_values(line, text)
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
                if header_date is None and fkey in _DATE_KEYS:
                    header_date = find_date(fold(value))
                if not reply.co_handlers and fkey in _CO_KEYS and value:
                    reply.co_handlers = [u.strip() for u in value.replace("，", "、").split("、") if u.strip()]
                if reply.handler is None and fkey == "发文机关" and value:
                    reply.handler = value
        if reply.doc_no is None:
            reply.doc_no = find_doc_no(line, text)
        if header_date is None:
            header_date = date_line(text)
    if reply.date is None:
        reply.date = header_date


def _title(lines: list[str], folded: list[str], header: range, opening: int | None) -> str | None:
    if opening is not None:
        title = title_from_opening(lines[opening], folded[opening])
        if title:
            return title
    for i in header:
        pairs = key_values(lines[i], folded[i])
        if pairs:
            for key, value in pairs:
                if folded_key(key) in ("标题", "名称") and value:
                    return title_from_title_line(value, fold(value))
            continue
        if is_title_line(folded[i]):
            return title_from_title_line(lines[i], folded[i])
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


def _suggestions(
    lines: list[str], folded: list[str], start: int, end: int
) -> tuple[list[Suggestion], int, bool]:
    """The suggestions of the body [start, end), where the preamble ends, and whether
    they came from section or item markers."""
    if start >= end:
        return [], start, False
    starts = sequence_starts(folded, start, end, "section")
    if not starts:
        promoted = sequence_starts(folded, start, end, "paren")
        # Promote (一)(二) only when they count up once (a real outline), not restart.
        if len(promoted) >= 2 and _counts_once(folded, promoted):
            starts = promoted
    if not starts:
        items = item_lines_carry_body(folded, start, end)
        if items:
            starts = items
    if not starts:
        # "1.关于…。" lines that are the whole body answer one suggestion each, like
        # 一是 lines (fixture 017); 1. items inside a section stay commitments.
        items = item_lines_carry_body(folded, start, end, "arabic")
        if items:
            starts = items
    if not starts:
        return [build_suggestion(lines, start, end, 1, folded=folded)], start, False
    bounds = starts + [end]
    built = [
        build_suggestion(lines, bounds[k], bounds[k + 1], k + 1, folded=folded) for k in range(len(starts))
    ]
    return built, starts[0], True


def _counts_once(folded: list[str], starts: list[int]) -> bool:
    from store.parse_sections import line_marker

    numbers = [line_marker(folded[i])[1] for i in starts]  # type: ignore[index]
    return numbers == list(range(1, len(numbers) + 1))
