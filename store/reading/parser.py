"""parse_reply(text) -> Reply: the text of one reply document, parsed. Pure, no I/O.

How a reply is read (see docs/architecture.md, docs/parsing-real-replies.md and
shared/domain.md):
1. The text is normalised (BOM, CRLF) and cut into cleaned lines: no empty lines, no
   "|"-only lines, no page chrome (首页 / 打印 / 上一篇:… / a site's footer), no pinyin
   inserted by mirror sites. A letter written on one line is cut at its salutation,
   its "…答复如下:" and its signature. Matching runs on a folded copy of each line
   (half-width punctuation, simplified key characters); values are sliced from the
   lines as written, so traditional characters are kept.
2. Page metadata above the letter is read in every layout (cppcc_review.store.reading.parse_meta); those
   lines are never the salutation, the title or the body.
3. The salutation ("九三学社界别:", also without its colon) splits the header from the
   reply; the opening line that follows quotes the proposal and says the reply follows.
4. The tail is found from the end (cppcc_review.store.reading.parse_tail): the signature date anchors it,
   page leftovers after it are cut off, the signer and the closing lines stand above it.
5. Between them lies the body, read as suggestions (cppcc_review.store.reading.parse_suggestions): sections 一、二、
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

from ..errors import ParseError
from ..model import Reply
from .parse_head import Letter, check_is_reply, drop_second_copy, locate_letter
from .parse_lines import (
    AS_FOLLOWS_SPLIT,
    split_compound_lines,
    split_line,
    split_signature_after_contact,
    split_source_after_date,
    trailing_closing_cut,
)
from .parse_reply_fields import read_co_handlers, read_proposers, read_reply_fields
from .parse_sections import build_suggestion
from .parse_suggestions import body_suggestions
from .parse_tail import Tail, find_tail, is_closing, is_thanks, is_unit_name
from .refusals import Refusal
from .reply_handler import answer_unit_at
from .reply_kind import detect_kind
from .reply_proposers import is_salutation
from .reply_title import ends_with_as_follows
from .textclean import clean_lines, fold, normalise_text

# build_suggestion is the parser's too: the store rebuilds split / merged suggestions with it.
__all__ = ["MAX_LINES", "PARSE_WARNING_ORDER", "build_suggestion", "parse_reply", "parse_unchecked", "reply_id"]

# A reply is tens to hundreds of lines; beyond this the text is several documents or
# not a reply at all, and refusing it keeps a pathological input from taking seconds.
MAX_LINES = 20_000
#: Every parse warning, in the order they are listed (cppcc_review.store.labels has their texts).
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
_LINE_END_PUNCT = tuple("。!?;…”」』)）】")
# An opening line this long with no 收悉 and no 答复如下 holds the answer itself (a letter of one
# sentence group under its salutation).
_ANSWER_IN_OPENING = 80

def reply_id(reply: Reply) -> str:
    """The deterministic id of a reply (docs/architecture.md)."""
    key = "doc:" + reply.doc_no + "|" + (reply.handler or "") if reply.doc_no else "text:" + reply.content_hash
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
    except Exception as exc:  # the contract: only ParseError leaves
        raise ParseError(f"could not parse the reply: internal error {type(exc).__name__}", code=Refusal.INTERNAL,
                         name=type(exc).__name__) from exc


def parse_unchecked(text: str, *, allow_non_reply: bool = False) -> Reply:
    """parse_reply without the final guard; for tests that hunt for parser bugs."""
    norm, lines, warnings = _reader_lines(text)
    folded = [fold(line) for line in lines]
    letter = locate_letter(lines, folded)
    saluted = folded[letter.salutation].rstrip(":").strip() if letter.salutation is not None else ""
    kind = detect_kind(letter.head_texts(), to_unit=is_unit_name(saluted), saluted=letter.salutation is not None)
    check_is_reply(letter, kind, allow_non_reply, warnings)
    drop_second_copy(letter)
    tail = _find_tail(letter)
    _skip_thanks_line(letter, tail)
    _skip_second_opening(letter, tail)

    reply = Reply(text=norm, lines=lines)
    reply.kind = kind
    reply.salutation = lines[letter.salutation] if letter.salutation is not None else None
    reply.opening = lines[letter.opening] if letter.opening is not None else None
    reply.closing = tail.closing
    reply.date = tail.date
    read_reply_fields(reply, letter, tail, warnings)
    read_proposers(reply, letter)
    added, reply.suggestions, preamble_end = body_suggestions(lines, folded, letter.body_start, tail.start, warnings)
    read_co_handlers(reply, letter, tail, preamble_end)

    if letter.salutation is None:
        warnings.add("no_salutation")
    if letter.opening is None:
        warnings.add("no_opening")
    n = len(lines)
    if tail.start + added >= n and n and not folded[-1].rstrip().endswith(_LINE_END_PUNCT) and reply.suggestions:
        warnings.add("looks_truncated")
    reply.parse_warnings = sorted(warnings, key=_WARNING_RANK.__getitem__)
    return reply


def _reader_lines(text: str) -> tuple[str, list[str], set[str]]:
    """(normalised text, the lines a reader sees, warnings); ParseError for no text."""
    norm = normalise_text(text)
    if not norm.strip():
        raise ParseError("empty text", code=Refusal.EMPTY_TEXT)
    notes: set[str] = set()
    lines = clean_lines(norm, notes)
    if not lines and any(ch.isalpha() for ch in norm):
        # Every line read as a page's furniture ("Hello this is a test page", a menu), yet
        # there are words: they go on to the check that names what a reply lacks ("不像一份
        # 答复"), which says more than "no text left"; a text of separators only has none.
        lines = [line.strip() for line in norm.splitlines() if line.strip()]
    if not lines:
        raise ParseError("no text left after removing page chrome and separator lines", code=Refusal.NO_TEXT_LEFT)
    if len(lines) > MAX_LINES:
        raise ParseError(f"too many lines for one reply ({len(lines)}); is this several documents?", code=Refusal.TOO_MANY_LINES,
                         n=len(lines))
    warnings: set[str] = set()
    if "pinyin" in notes:
        warnings.add("pinyin_removed")
    lines = [_without_bullet_before_salutation(line) for line in lines]
    if "源" in norm:  # (a test on the whole text: most texts have no 来源 at all)
        lines = split_source_after_date(lines)
    lines, one_line = split_compound_lines(split_signature_after_contact(lines))
    if one_line:
        warnings.add("one_line_letter")
    return norm, lines, warnings


_BULLETS = "•·●▪◆"
_SALUTED_ROLE = re.compile(r"(?:委员|代表|同志)(?:们)?:$")


def _without_bullet_before_salutation(line: str) -> str:
    """"• 李云军委员:": the salutation printed as the last item of the page's bulleted byline (date, 来源,
    font buttons) is the letter's salutation, without its bullet."""
    if line[:1] not in _BULLETS:
        return line
    rest = line.lstrip(_BULLETS).strip()
    folded = fold(rest)
    return rest if _SALUTED_ROLE.search(folded) and is_salutation(folded) else line


_THANKS_CLAUSE = re.compile(r"感谢[^,。;!]{0,40}(?:关心|支持|关注|理解|指导|帮助)[^,。;!]{0,6}[,;]")


def _thanks_then_answer(folded: str) -> bool:
    """A thanks clause followed by a sentence of answer on the same line (not by more courtesy:
    "感谢您…支持,欢迎今后多提宝贵意见。" is a closing)."""
    if len(folded) < 40 or "感谢" not in folded[:12] or not is_thanks(folded):
        return False
    clause = _THANKS_CLAUSE.search(folded, 0, 80)
    if clause is None:
        return False
    rest = folded[clause.end() :]
    return len(rest) >= 20 and not is_closing(rest)


def _skip_thanks_line(letter: Letter, tail: Tail) -> None:
    """"首先感谢您对…工作的关心和支持。" on a line of its own between the opening and the answer is
    courtesy, not the first suggestion's text (a thanks line that goes on to answer is kept)."""
    start = letter.body_start
    if letter.opening is None or start + 1 >= tail.start or start <= letter.opening:
        return
    text = letter.folded[start]
    if text[-1:] not in "。!" or not is_thanks(text):
        return
    if (len(text) <= 60 and not _thanks_then_answer(text)) or _thanks_then_praise(text):
        letter.body_start = start + 1


# "您提出的关于…的建议,我局专门立会进行了研究,解决方法如下:": the proposal named again, ending like an opening.
_SECOND_OPENING = re.compile(r"^(?:您|你|你们)(?:所)?提出的.{4,160}(?:如下:|如下)$")


def _skip_second_opening(letter: Letter, tail: Tail) -> None:
    """A second opening under the first ("您的建议收悉,现将办理情况答复如下:" / "您提出的关于…的建议,我局…研究,解决
    方法如下:") is no suggestion's text: the body starts after it, when more answer follows."""
    start, opening = letter.body_start, letter.opening
    if opening is None or start <= opening or start + 1 >= tail.start:
        return
    if ends_with_as_follows(letter.folded[opening]) and _SECOND_OPENING.match(letter.folded[start]):
        letter.body_start = start + 1


# Praise of the suggestion after the thanks: "…,这对于…具有重要意义。", "…的分析及观点我们非常赞成。".
_PRAISE = re.compile(r"具有(?:重要|积极|现实)?(?:的)?(?:意义|价值)|很有(?:必要|意义|价值|见地)|(?:非常|十分|完全)(?:赞成|赞同|认同)|提得(?:很)?好")
_ACTION = re.compile("已|将|正在|完成|实施|开展|列入|纳入|安排|组织")


def _thanks_then_praise(folded: str) -> bool:
    """"首先,衷心感谢您对…的关注和支持。您建议…,这对于…具有重要意义。": a line that thanks, restates the
    suggestion and praises it, and does nothing (no 已 / 将 / 正在 …), is courtesy whatever its length."""
    return (
        len(folded) <= 150
        and "感谢" in folded[:12]
        and _PRAISE.search(folded) is not None
        and _ACTION.search(folded) is None
    )


def _find_tail(letter: Letter) -> Tail:
    """The tail (signature, date, closing), after cutting closing sentences off the lines
    they are glued to; may move the body's start onto the opening line."""
    lines, folded = letter.lines, letter.folded
    tail = find_tail(lines, folded, letter.body_start)
    # Closing sentences glued to the end of the last body line or of a tail line
    # ("…每日8班。非常感谢您…") belong to the tail, not to the last suggestion.
    cut_any = False
    for i in range(len(lines) - 1, max(letter.body_start, tail.start - 1) - 1, -1):
        cut = trailing_closing_cut(folded[i])
        if cut is not None:
            cut_any = split_line(lines, folded, i, [cut]) > 0 or cut_any
    if cut_any:
        tail = find_tail(lines, folded, letter.body_start)
    start = letter.body_start
    if tail.start <= start < len(lines) and letter.opening is not None and _thanks_then_answer(folded[start]):
        # "首先感谢您对…的关心和支持,对于您提出…的问题,我局已…": the only body line opens with
        # thanks and goes on to answer; it is the body, not the closing.
        tail = find_tail(lines, folded, start + 1)
    opening = letter.opening
    if opening is not None and letter.body_start == opening + 1 < tail.start:
        # "…收悉,答复如下:禾县水利局对…" with more answer lines under it: an answer that opens
        # with the answering unit begins on the opening line, the first suggestion's first line
        # (praise after "如下:" does not: "您所提出的问题非常好,…").
        follows = AS_FOLLOWS_SPLIT.search(folded[opening])
        if follows is not None and answer_unit_at(lines[opening], folded[opening], follows.end()):
            letter.body_start = opening
    if tail.start <= letter.body_start and opening is not None:
        # "现答复如下:镇政府已…": the body is written on the opening line itself.
        follows = AS_FOLLOWS_SPLIT.search(folded[opening])
        if follows is not None and len(folded[opening]) - follows.end() >= 10:
            letter.body_start = opening
            if tail.start < letter.body_start + 1:
                tail = find_tail(lines, folded, letter.body_start + 1)
        elif follows is None and len(folded[opening]) >= _ANSWER_IN_OPENING and "收悉" not in folded[opening]:
            # "关于增设…的建议,交警大队高度重视,已…": no 收悉 and no 答复如下, the line that
            # names the suggestion is the whole answer.
            letter.body_start = opening
            if tail.start < letter.body_start + 1:
                tail = find_tail(lines, folded, letter.body_start + 1)
    return tail

