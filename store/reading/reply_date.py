"""The date of a reply: its signature's, else the page's fields', else a dated line of its header
(moved out of cppcc_review.store.reading.parse_reply_fields, which reads the other fields)."""

from __future__ import annotations

import re

from ..model import Reply
from .dates import date_line, find_date, split_trailing_date
from .parse_fields import find_doc_no
from .parse_head import page_date_after, published_date
from .parse_meta import Meta
from .parse_tail import PAGE_STAMP, Tail
from .textclean import fold

# The page fields that date the letter, best first: its signing (签发日期, 成文日期), then its publication.
# (答复日期 / 答复时间: a record page's date of the answer; 生效日期: a disclosure table's, the publication's; 发文时间, a
# disclosure table's time of issue, only where the page prints no publication date: fixture 468 reads the 发布日期 beside it)
_DATE_KEYS = ("签发日期", "成文日期", "成文时间", "发文日期", "制发日期", "答复日期", "答复时间", "发布日期", "发布时间", "公开日期", "公布日期", "更新时间", "生成日期", "产生日期", "信息时间", "发表时间", "发表日期", "生效日期", "著录日期", "发布于", "发文时间", "时间", "日期")


# "对区政协…第B012号提案的答复(合办) 2023-05-15": a listing's title line with the page's date after it
# (parse_head.page_date_after: also in brackets, or before the page's 来源 field), right after the title's last word
# (答复, 复函, 回复, 的函, 意见) or bracket. The date ends the line or stands before 来源, so a date inside a title is
# not taken.
_TITLE_END = re.compile(r"(?:答复|复函|回复|的函|意见|[)\]】])$")


# A date label inside a header row that is no field line: "青岛政务网 发布日期 : 2024-05-08" (the site's name
# before it, a space before the colon), "- 公文生成日期: 2025-07-04" (a list's dash, a longer label),
# "发布日期2022-12-02" (a table's label glued to its date, without a colon), "文号 公开日期 2023-06-02 11:43:32"
# (a row of labels and values set apart by spaces, the 文号 empty).
_LABELLED_DATE = re.compile(
    r"(?:发布|成文|发文|公开|公布|生成|签发|答复)(?:日期|时间)(?:\s?:\s?|\s?(?=[12][0-9]{3}-))(?P<date>[12][0-9]{3}-[0-9]{1,2}-[0-9]{1,2}"
    r"|[12][0-9]{3}年[0-9]{1,2}月[0-9]{1,2}日)"
)


def _labelled_date(folded: str) -> str | None:
    match = _LABELLED_DATE.search(folded, 0, 200) if ":" in folded or "-" in folded else None
    return find_date(match.group("date")) if match is not None else None


def _stamp_or_numbered_date(folded: str) -> str | None:
    """The date of a page's stamp alone on its line ("2024-11-18 21:05", under a digest's title), or of the date
    after a 文号 ("财金函[2020]第72号 2020-09-27", the line under a letter's title)."""
    if PAGE_STAMP.fullmatch(folded.strip()) is not None:
        return find_date(folded.split()[0])
    trailing = split_trailing_date(folded) if folded[-1:].isdigit() else None
    if trailing is None or trailing[0] == 0:
        return None
    before = folded[: trailing[0]].strip()
    doc = find_doc_no(before, before)
    return trailing[1] if doc is not None and fold(doc) == before else None


def _listed_date(folded: str) -> str | None:
    match = page_date_after(folded)
    if match is None or _TITLE_END.search(folded, 0, match.start()) is None:
        return None
    return find_date(match.group("date"))


def read_date(
    reply: Reply,
    tail: Tail,
    meta: Meta,
    folded: list[str],
    header_rows: list[int],
    warnings: set[str],
    titles: list[str] | None = None,
) -> None:
    """The letter's date: its signature's, else a page field's (签发日期 and 成文日期 before the publication's),
    else a dated header line, else the page's date after the reply's title (`titles`, the folded title lines,
    which may stand outside the header rows); an impossible signature date is none ("date_impossible")."""
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
        iso = (date_line(folded[i]) or published_date(folded[i]) or _listed_date(folded[i]) or _labelled_date(folded[i])
               or _stamp_or_numbered_date(folded[i]))
        if iso:
            reply.date = iso
            warnings.add("date_from_metadata")
            return
    for title in titles or []:
        iso = _listed_date(title)
        if iso:
            reply.date = iso
            warnings.add("date_from_metadata")
            return
    for i in range(tail.start, len(folded)):
        # the page's publication stamp under an undated letter ("2017-12-15 13:37:05")
        if PAGE_STAMP.fullmatch(folded[i]) is not None:
            reply.date = find_date(folded[i].split()[0])
            if reply.date:
                warnings.add("date_from_metadata")
                return
    warnings.add("no_date")
