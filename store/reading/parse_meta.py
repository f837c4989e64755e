"""Page metadata above a reply: the publication fields government sites print before the
letter (发布机构, 公开主体, 成文日期, 发文字号 …), in every layout they come in.

Layouts read (all seen on real pages):
- "key:value" fields, several on a line ("发布时间:2024-08-02  来源:…"), also glued
  together ("来源:某县公安局发布时间:…"), see cppcc_review.store.reading.parse_fields.key_values;
- a label on its own line and the value on the next ("公开主体:" / "青禾市…局"), the
  label sometimes without its colon ("机构分类" / "公路局"), and a 文号 broken over
  several lines ("发文字号:" / "沪禾绿容" / "〔2024〕" / "37号");
- table rows with cells split by "|" ("索引号 | 5326-… | 发布机构 | 石城县… |");
- bullet lists without colons ("• 发布机构 黔江区人民政府"), also without their labels ("• 禾街区公安局",
  "• 2024-06-18": a unit's name is the publishing unit, a date the publication date);
- columns without colons set apart by two spaces or more ("索 引 号  X  公开方式  主动公开").
Labels spaced out to align a column ("公 开 主 体", "来 源") are closed up first.

The result is a mapping from the label (closed up, folded) to its first non-empty value
as written, and the set of lines that belong to the metadata: those lines are never a
salutation, a title or part of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import CLOCK, DATE_THEN_FIELD, date_line, leading_date
from .parse_fields import CONTACT_KEYS, META_KEYS, RESULT_KEYS, find_doc_no, is_key_line, key_values
from .parse_tail import is_unit_name
from .textclean import CHROME_WORDS, fold

_ALL = frozenset(META_KEYS + CONTACT_KEYS + RESULT_KEYS + ("索 引 号",))
_GAPS = re.compile(r"[\s\u3000]+")
_BULLET = re.compile(r"^(?:[•·●▪◆]\s*|-\s)")
# (and "[ 发布机构 ] | X |": a table's labels in square brackets)
_LABEL_TRIM = " :|\t\u3000[]"
# Labels that stand alone on a line without a colon in publication tables; a line equal
# to one of these is a label whatever follows.
_BARE_LABELS = frozenset(
    ["提案人", "案由", "索引号", "文号", "发文字号", "公开日期", "发布日期", "成文日期", "发文日期", "发文时间", "主题词", "机构分类", "主题分类", "行业分类", "公文类型", "发布机构", "发文机关", "发布机关", "发布单位", "公开主体", "发文机构", "公开目录", "信息来源", "来源", "体裁分类", "生效日期", "有效性", "文件标题", "标题", "信息名称", "信息分类", "公开方式", "公开属性", "公开类型", "统一编号", "时效", "办文单位", "所属机构",
     # a record page's date of the answer, its label over its value ("答复时间" / "2024-09-30")
     "答复时间", "答复日期"]
)
_DOC_KEYS = frozenset(("文号", "发文字号"))
# The fields that name the units assisting the lead (协办 / 会办 units).
CO_KEYS = ("会办单位", "协办单位")
_UNIT_LIST = re.compile(r"[、,]")


def label_of(folded: str) -> str | None:
    """The label a (folded) text is, closed up and without its colon, or None."""
    if len(folded) > 24:
        return None
    key = _GAPS.sub("", folded).strip(_LABEL_TRIM)
    return key if key in _ALL else None


@dataclass
class Meta:
    values: dict[str, str] = field(default_factory=dict)
    lines: set[int] = field(default_factory=set)

    def get(self, *keys: str) -> str | None:
        for key in keys:
            value = self.values.get(key)
            if value:
                return value
        return None

    def put(self, key: str, value: str) -> None:
        key = _GAPS.sub("", fold(key))
        value = value.strip(" \t\u3000|;,，；。")
        if "【" in value:
            # "来源:X局  【字体: 大 中 小】 打印": the page's font buttons after the value.
            value = _BUTTONS.split(value, 1)[0]
        if " " in value:
            # "来源:禾南县市场监管局 打印": the page's buttons after the value are no part of it.
            words = value.split()
            while len(words) > 1 and words[-1] in CHROME_WORDS:
                words.pop()
            value = value[: value.rindex(words[-1]) + len(words[-1])]
        # Matched on the folded value ("时间：" has the ASCII colon there), cut from the value at
        # the same index (fold keeps one char for one).
        folded = fold(value)
        glued = _LEADING_LABEL.match(folded) if ":" in folded[:8] else None
        if glued is not None and label_of(glued.group("label")) is not None:
            # "作者:时间:2023年08月08日": a field left empty with the next one glued to its colon.
            self.put(value[: glued.end("label")], value[glued.end() :])
            return
        if key in _UNIT_KEYS and " " in value:
            self._unit_and_date(value)
        if value and key not in self.values:
            self.values[key] = value

    def _unit_and_date(self, value: str) -> None:
        """"来源:禾县农业农村局 2023-11-20 14:34": a unit's name, then the publication date and
        clock, in one value; the date becomes the publication date and the unit is kept apart
        (DATED_SOURCE: read as the unit of last resort, after the units the answer names). Anything
        else before the date ("本站 2023-11-20") is left as written."""
        dated = _UNIT_THEN_DATE.match(value)
        if dated is None or not is_unit_name(fold(dated.group("unit"))):
            return
        self.put("发布日期", dated.group("date"))
        self.put(DATED_SOURCE, dated.group("unit"))


_LEADING_LABEL = re.compile(r"^(?P<label>[\u4e00-\u9fff]{2,6})\s?:")
# The key under which the unit of a dated 来源 is kept (no label of a page: closed up, folded).
DATED_SOURCE = "dated_source"
# The labels whose value is the publishing unit, and that may carry its date after it.
_UNIT_KEYS = frozenset(("来源", "信息来源", "文章来源", "发布机构"))
_UNIT_THEN_DATE = re.compile(
    rf"^(?P<unit>[^\s0-9]{{3,30}})\s+(?P<date>[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}})(?:\s+{CLOCK})?$"
)
_BUTTONS = re.compile(r"\s+【\s*(?:字体|字号|打印|关闭|收藏|分享|大|中|小)")
# The longest label a bullet may have glued to its value ("- 发布机构X县政府办公室").
_GLUED_LABEL_MAX = 6


# A cell holding a whole field of its own, known or not ("发文时间:2024-08-22").
_FIELD_CELL = re.compile(r"^[\u4e00-\u9fff]{2,8}:")


def _cells(meta: Meta, line: str) -> bool:
    """Read a table row ("key | value | key | value |"); True if it held a label."""
    cells = [_without_alias(c.strip()) for c in line.split("|")]
    found = False
    # A cell may hold a whole field ("| 发文字号: | 发文时间:2024-08-22 |"): read it as one, and
    # never as the value of an empty label in the cell before it.
    fields = [(key_values(c, fold(c)) or []) if ":" in c or "：" in c else [] for c in cells]
    for j, cell in enumerate(cells):
        key = label_of(fold(cell))
        dated = leading_date(fold(cell)) if key is None and cell[:1].isdigit() else None
        if dated is not None and is_key_line(fold(cell)[dated[0] :]):
            # "| 2024-06-11 作者: 点击数: |": a byline's cell, the page's date before its fields
            # (read as a line's: cppcc_review.store.reading.parse_head.published_date).
            found = True
            meta.put("发布日期", dated[1])
            fields[j] = key_values(cell[dated[0] :], fold(cell)[dated[0] :]) or []
        if key is None:
            for pair_key, value in fields[j]:
                found = True
                meta.put(pair_key, value)
            continue
        found = True
        if (
            j + 1 < len(cells)
            and cells[j + 1]
            and label_of(fold(cells[j + 1])) is None
            and _FIELD_CELL.match(fold(cells[j + 1])) is None
        ):
            meta.put(key, cells[j + 1])
    return found


# "主办单位(分办单位):": a record table's label with another name for it in brackets.
_ALIAS = re.compile(r"^(?P<label>[\u4e00-\u9fff]{2,8})[(（][\u4e00-\u9fff]{2,8}[)）](?=\s*[:：]|$)")


def _without_alias(cell: str) -> str:
    """A table cell with its label's bracketed alias taken out ("主办单位(分办单位):X" -> "主办单位:X"),
    when the label is one of ours; else the cell as it is."""
    alias = _ALIAS.match(cell) if "(" in cell or "（" in cell else None
    if alias is None or label_of(fold(alias.group("label"))) is None:
        return cell
    return alias.group("label") + cell[alias.end() :]


def read_metadata(lines: list[str], folded: list[str], limit: int) -> Meta:
    """The metadata among lines[:limit] (see the module docstring)."""
    meta = Meta()
    i = 0
    while i < limit:
        text = folded[i]
        if "|" in text and len(text) <= 300 and _cells(meta, lines[i]):
            meta.lines.add(i)
            i += 1
            continue
        bullet = _BULLET.match(text) if text[:1] in "•·●▪◆-" else None
        if bullet is not None and _label_alone(text[bullet.end() :]):
            # "• 发文单位:" with its value on the next line ("住房和城乡建设部"), not itself a bullet:
            # a label alone on its line (also without its colon: "• 发布机构" / "X局")
            if i + 1 < limit and folded[i + 1][:1] not in "•·●▪◆-":
                text, bullet = text[bullet.end() :], None
        if bullet is not None:
            rest, rest_folded = lines[i][bullet.end() :], text[bullet.end() :]
            parts = rest_folded.split(None, 1)
            if parts and (label := label_of(parts[0])) is not None:
                value = rest[len(rest) - len(parts[1]) :] if len(parts) == 2 else ""
                i = _bullet_field(meta, lines, folded, i, limit, label, value)
                continue
            if _labelled_bullet(meta, rest, rest_folded):
                # "• 发布机构:X局" (the colon kept), "- 发布日期2018-08-19" (the label glued to its value)
                meta.lines.add(i)
                i += 1
                continue
            if text[0] != "-" and _unlabelled_value(meta, rest.strip(), rest_folded.strip()):
                # "• 禾街区公安局" / "• 2024-06-18": a list whose labels the copy lost.
                meta.lines.add(i)
                i += 1
                continue
        below = _column_labels(meta, lines, folded, i, limit) if " " in text and ":" not in text else i
        if below > i:
            i = below
            continue
        bare = label_of(text)
        if bare is not None and (":" in text or bare in _BARE_LABELS):
            # A label alone on its line: the value, if any, is on the next line(s).
            meta.lines.add(i)
            j = i + 1
            # ("文号:" with nothing under it but the next field, "生成日期: 2023-11-03": no value.)
            if j < limit and _value_under_label(folded[j]):
                value = lines[j]
                meta.lines.add(j)
                if bare in _DOC_KEYS:
                    # A 文号 broken over lines: "沪禾绿容" / "〔2024〕" / "37号".
                    while find_doc_no(value, fold(value)) is None and j + 1 < limit and len(folded[j + 1]) <= 12:
                        if label_of(folded[j + 1]) is not None or _glued_field(folded[j + 1]):
                            break
                        j += 1
                        value += lines[j]
                        meta.lines.add(j)
                meta.put(bare, value)
                i = j + 1
                continue
            i += 1
            continue
        # a line of fields: columns set apart by wide spaces, a row of labels and values without
        # colons, or label:value pairs (the first reading that finds any)
        line = lines[i]
        if "浏览" in text:
            # "来源:区人大常委会浏览:1300次'时间:…": a views counter glued between two fields.
            line, text = _without_counter(line, text)
        pairs = ((_column_pairs(line, text) if "  " in text and ":" not in text else None)
                 or (spaced_row(line, text) if " " in text and ":" not in _CLOCKS.sub("", text) else None)
                 or key_values(line, text)
                 or (_after_date(line, text) if text[:1].isdigit() else None)
                 or (_in_brackets(line, text) if text[:1] == "【" else None)
                 or (_square_labels(line, text) if text[:1] == "[" else None))
        if pairs:
            meta.lines.add(i)
            for key, value in pairs:
                meta.put(key, value)
            _catalogue_unit(meta, pairs)
        i += 1
    return meta


def _catalogue_unit(meta: Meta, pairs: list[tuple[str, str]]) -> None:
    """"索引号: 000019705/2019-00174 主办单位: 国家X局": a disclosure catalogue's entry files the page under
    its unit, as 办文单位 does (a 主办单位 alone, at a page's top or foot, is the site's host)."""
    keys = {fold(key).replace(" ", ""): value for key, value in pairs}
    unit = keys.get("主办单位")
    if unit and "索引号" in keys:
        meta.put("办文单位", unit)


def _bullet_field(meta: Meta, lines: list[str], folded: list[str], i: int, limit: int, label: str, value: str) -> int:
    """Store the field of the list item lines[i] (label and value after its dash) and return the next row to read."""
    under = _BULLET.match(folded[i + 1]) if not value and i + 1 < limit else None
    if under is not None and _bullet_value(folded[i + 1][under.end() :]):
        # "- 成文日期:" / "- 2023-06-01": a list whose every label and value has its own dash; the
        # value is the next item (not when that is the next label: "- 有效性:" / "- 成文日期:")
        meta.put(label, lines[i + 1][under.end() :].strip())
        meta.lines.update((i, i + 1))
        return i + 2
    # ("• 发布机关 :X总局", "- 发布日期: 2025-09-16": stored under the label without its colon)
    meta.put(label, value[1:] if value[:1] in ":：" else value)
    meta.lines.add(i)
    return i + 1


def _bullet_value(text: str) -> bool:
    """A list item that is a value, not the next label: neither empty nor opening with a label."""
    parts = text.split(None, 1)
    return bool(parts) and label_of(parts[0]) is None and not _glued_field(text)


def _label_alone(text: str) -> bool:
    """A label with its colon ("发文单位:"), or one that stands alone without it ("发布机构")."""
    label = label_of(text)
    return label is not None and (text.endswith(":") or label in _BARE_LABELS)


# The column labels of a record table whose values stand under them one a line: its unit and its date.
_UNIT_COLUMNS = frozenset(("承办单位", "主办单位", "办理单位"))
_DATE_COLUMNS = frozenset(("答复日期", "办结时间", "签发日期", "成文日期"))


def _column_labels(meta: Meta, lines: list[str], folded: list[str], i: int, limit: int) -> int:
    """"承办单位 答复日期 答复内容" over "水利厅" / "2015年6月18日": a record table's row of column labels
    (two of ours at least, no values) with its cells below it one a line, the copy having lost the
    table; the unit goes to its unit column and the date to its date column, as a reader matches them.
    Returns the line after those read (i when the row is none)."""
    words = folded[i].split()
    labels = [label_of(w) for w in words]
    if not 2 <= len(words) <= 6 or sum(label is not None for label in labels) < 2:
        return i
    unit_key = next((label for label in labels if label in _UNIT_COLUMNS), None)
    date_key = next((label for label in labels if label in _DATE_COLUMNS), None)
    j = i + 1
    while j < limit:
        if date_key is not None and date_line(folded[j].strip()):
            meta.put(date_key, lines[j])
            date_key = None
        elif unit_key is not None and is_unit_name(folded[j].strip()):
            meta.put(unit_key, lines[j])
            unit_key = None
        else:
            break
        j += 1
    if j > i + 1:
        meta.lines.update(range(i, j))
        return j
    return i


_CLOCK = re.compile(rf"^{CLOCK}$")
# (also a clock in words, "2019年07月17日 14时55分", in a bulleted byline)
_CLOCKS = re.compile(rf"(?<![0-9])(?:{CLOCK}|[0-9]{{1,2}}时[0-9]{{1,2}}分(?:[0-9]{{1,2}}秒)?)(?![0-9])")


def spaced_row(line: str, folded: str) -> list[tuple[str, str]] | None:
    """A record page's row of labels and values set apart by single spaces, without colons
    ("签发人 李杨 签发日期 2021-07-20 发布日期 2021-07-22 类别 A"): the known labels with the word
    after each (a clock time after a date stays with it); None unless the row opens with a
    known label and holds two of them. A label spaced out character by character ("索 引 号
    640400005/2024-00013 发文时间 2023-10-16") is closed up first."""
    if len(folded) > 160:
        return None
    words, folded_words = _words(line), _words(folded)
    if len(words) != len(folded_words):
        return None
    words, folded_words = _spaced_labels_closed(words, folded_words)
    co_key = label_of(folded_words[0]) if len(words) == 2 else None
    if co_key in CO_KEYS and all(is_unit_name(unit) for unit in _UNIT_LIST.split(folded_words[1])):
        # A record page's fields one a line without colons ("承办单位 X局" / "协办单位 Y局、Z局"): the
        # assisting units' row is a field of its own (one pair, where a row of labels holds two), when
        # it names units (not "协办单位 无", nor a sentence).
        return [(co_key or "", words[1])]
    if len(words) < 4 or label_of(folded_words[0]) is None:
        return None
    pairs = []
    k = 0
    while k < len(words) - 1:
        key = label_of(folded_words[k])
        if key is None or label_of(folded_words[k + 1]) is not None:
            k += 1
            continue
        value = words[k + 1]
        k += 2
        if k < len(words) and _CLOCK.match(folded_words[k]):
            value += " " + words[k]
            k += 1
        pairs.append((key, value))
    return pairs if len(pairs) >= 2 else None


def _words(line: str) -> list[str]:
    """The words of a row; a record table's row ("签发人 | 李杨 | 签发日期 | 2021-07-20 |") is split at its
    bars, which are no values; a cell spaced out character by character ("索 引 号") is closed up."""
    if "|" not in line:
        return line.split()
    cells = [cell.split() for cell in line.split("|")]
    return ["".join(cell) if all(len(c) == 1 for c in cell) else " ".join(cell) for cell in cells if cell]


def _spaced_labels_closed(words: list[str], folded_words: list[str]) -> tuple[list[str], list[str]]:
    """The words with each run of two to four single characters that spells a label ("索 引 号", "文 号") closed up
    into one word; a value of one character ("类别 A") stays its own."""
    if all(len(w) > 1 for w in folded_words):
        return words, folded_words
    out, out_folded = [], []
    k = 0
    while k < len(words):
        for size in (4, 3, 2):
            run = folded_words[k : k + size]
            if len(run) == size and all(len(w) == 1 for w in run) and label_of("".join(run)) is not None:
                out.append("".join(words[k : k + size]))
                out_folded.append("".join(run))
                k += size
                break
        else:
            out.append(words[k])
            out_folded.append(folded_words[k])
            k += 1
    return out, out_folded


def _after_date(line: str, folded: str) -> list[tuple[str, str]] | None:
    """"2022-06-28 17:28  来源:X局  【字体:": the fields after a publication date and clock; also
    "2021-10-18 X总局10870", a copy site's date, publishing unit and views count."""
    lead = DATE_THEN_FIELD.match(folded)  # a date and clock before the fields (2022-06-28 17:28  来源:X局)
    if lead is None:
        return None
    pairs = key_values(line[lead.end() :], folded[lead.end() :])
    if pairs is None and ":" not in folded:
        unit = _UNIT_THEN_COUNT.match(folded, lead.end())
        if unit is not None and is_unit_name(unit.group("unit")):
            return [("发布日期", line[: lead.end()].strip()), ("发布机构", line[unit.start("unit") : unit.end("unit")])]
    return pairs


_UNIT_THEN_COUNT = re.compile(r"(?P<unit>[\u4e00-\u9fff()（）]{3,30}?)\s*[0-9]{0,7}\s*$")


_COUNTER = re.compile(r"浏览(?:次数|量)?\s?:\s?[0-9]+\s?次?['’]?")


def _without_counter(line: str, folded: str) -> tuple[str, str]:
    """The line and its folded copy with a page's views counter ("浏览:1300次'") blanked out (same length), and
    the blanks before the first field dropped ("浏览:1864次'时间:2019年9月3日": the counter opened the line)."""
    spans = [m.span() for m in _COUNTER.finditer(folded)]
    for start, end in spans:
        line = line[:start] + " " * (end - start) + line[end:]
        folded = folded[:start] + " " * (end - start) + folded[end:]
    lead = len(folded) - len(folded.lstrip(" "))
    return line[lead:], folded[lead:]


def _in_brackets(line: str, folded: str) -> list[tuple[str, str]] | None:
    """"【信息来源:  信息时间:2021-03-25  阅读次数:】 【我要打印】": the fields of a line inside 【】."""
    end = folded.find("】")
    end = len(folded) if end < 0 else end
    return key_values(line[1:end], folded[1:end])


_BRACKETED_LABEL = re.compile(r"【([^】]{2,6})】")
# "[ 成文日期 ] 2024-06-04 [ 发布日期 ] 2024-06-04": a row of fields whose labels stand in square brackets.
_SQUARE_FIELD = re.compile(r"\[\s?(?P<key>[^\[\]]{2,12}?)\s?\]\s*(?P<value>[^\[]*)")


def _square_labels(line: str, folded: str) -> list[tuple[str, str]] | None:
    """The fields of a row of square-bracketed labels, each with the value after it (or none);
    None unless the row is nothing but such fields, every label a known one."""
    fields = list(_SQUARE_FIELD.finditer(folded))
    if not fields or fields[0].start() != 0 or fields[-1].end() != len(folded):
        return None
    ends = [f.start() for f in fields[1:]] + [len(folded)]
    if any(label_of(f.group("key")) is None or f.end() != end for f, end in zip(fields, ends, strict=True)):
        return None
    return [(f.group("key"), line[f.start("value") : f.end("value")].strip()) for f in fields]


def _value_under_label(folded: str) -> bool:
    """The line under a label alone is its value: no label, no field line, no glued field."""
    return label_of(folded) is None and _is_value_line(folded) and not is_key_line(folded) and not _glued_field(folded)


def _glued_field(folded: str) -> bool:
    """A table's next field, its label glued to its value without a colon ("发布日期2022-12-02",
    "时效性有效"): no value of the label above it."""
    return _glued_label(folded) is not None


def _glued_label(folded: str) -> int | None:
    """The length of a bare label glued to the value at the line's start ("发布日期2018-08-19"), the longest first."""
    return next((size for size in range(min(_GLUED_LABEL_MAX, len(folded) - 1), 1, -1)
                 if folded[:size] in _BARE_LABELS), None)


def _labelled_bullet(meta: Meta, rest: str, folded: str) -> bool:
    """A bullet's field with its colon ("发布机构:X局") or with its label glued to the value
    ("发布日期2018-08-19"); True if it was one."""
    if ":" in folded:
        pairs = key_values(rest, folded)
        if pairs:
            for key, value in pairs:
                meta.put(key, value)
            return True
    bracketed = _BRACKETED_LABEL.match(folded) if folded[:1] == "【" else None
    if bracketed is not None and label_of(bracketed.group(1)) is not None:
        # "•【公布日期】2022.05.12": a document site's field, its label in 【】
        meta.put(bracketed.group(1), rest[bracketed.end() :])
        return True
    size = _glued_label(folded)
    if size is not None:
        meta.put(folded[:size], rest[size:])
        return True
    return False


def _unlabelled_value(meta: Meta, value: str, folded: str) -> bool:
    """A bullet's value without its label, read by its shape: a unit's name is the
    publishing unit, a date the publication date; True if the line belongs to the list."""
    if is_unit_name(folded):
        meta.put("发布机构", value)
        return True
    if date_line(folded) or ((":" in folded or "分" in folded) and date_line(_CLOCKS.sub("", folded).strip())):
        # ("• 2024-08-13 11:33": the date with its clock)
        meta.put("发布日期", value)
        return True
    # A short category ("• 政协提案", "• 提案,答复") is the list's too, not a title line.
    return len(folded) <= 12


_COLUMN_GAP = re.compile(r"\s{2,}")


def _column_pairs(line: str, folded: str) -> list[tuple[str, str]] | None:
    """"索 引 号  X  公开方式  主动公开": labels and values in columns set apart by two spaces or
    more, without colons; None unless the line is only such pairs."""
    cells: list[str] = []
    start = 0
    stripped = folded.rstrip()
    for gap in _COLUMN_GAP.finditer(stripped):
        if gap.start() > start:
            cells.append(line[start : gap.start()])
        start = gap.end()
    cells.append(line[start : len(stripped)])
    if len(cells) < 4 or len(cells) % 2:
        return None
    pairs = []
    for k in range(0, len(cells), 2):
        key = label_of(fold(cells[k]))
        if key is None or label_of(fold(cells[k + 1])) is not None:
            return None
        pairs.append((key, cells[k + 1].strip()))
    return pairs


_NOT_VALUE = re.compile(r"收悉|如下|答复|复函|:$")


def _is_value_line(folded: str) -> bool:
    """A short line that can be a label's value (not a salutation, title or opening)."""
    return 0 < len(folded) <= 60 and _NOT_VALUE.search(folded) is None
