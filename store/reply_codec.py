"""A parsed reply as stored: its text once, everything else as positions in it.

`Reply.to_dict()` holds the text three times over: `text`, the cleaned `lines` (the
same characters again) and each suggestion's `heading`, `text`, `commitments` and
`figures` (again). The stored form keeps `text` and says where the rest is:

    {"v": 2, "id": "0123456789ab", "doc_no": ..., ..., "text": "...",
     "lines": [0, 12, 1, 40, ...],
     "suggestions": [5, 9, 9, 16, ...],
     "salutation": [120, 9], ...}

`lines` are, one after the other, the gap since the end of the line before and the
length of each line in `text` (when every line is found in order; else a list of
`[offset, length]` spans and the lines not found, as they are); when the lines are
simply the text's non-empty lines, stripped (`plain_lines`), they are not stored. The parser builds every
suggestion as `build_suggestion(lines, start, end, index)`, so a suggestion is its range
of lines (start, end, ...; decoding builds it again). A reply whose suggestions are not
numbered 1, 2, ... keeps each as [index, start, end, heading, text, commitments,
figures]: heading and text as spans of the lines joined by newlines, commitments and
figures as spans of its own text (flat pairs of numbers when all are found). Anything not found is kept as it is (a
string), so `decode` always gives back exactly the Reply that was encoded
(tests/test_reply_codec.py). Data of `Reply.to_dict()` (an older release's reply file)
decodes too.
"""

from __future__ import annotations

from typing import Any

from .model import Reply, Suggestion, reply_fields

VERSION = 2
PARSED = "_built_by_parser"  # set on a Reply straight from parse_reply (mark_parsed)


def mark_parsed(reply: Reply) -> Reply:
    """Say that `reply` is parse_reply's, unchanged: each suggestion is exactly
    build_suggestion(lines, start, end, index), so its range is all that is stored. (A
    Reply built otherwise keeps its suggestions' texts, as spans.) `dataclasses.replace`
    and copies drop the mark."""
    object.__setattr__(reply, PARSED, True)
    return reply
_SCALARS = ("doc_no", "proposal_no", "title", "handler", "date", "declared_result", "salutation", "opening", "closing")


def _span(value: str | None, base: str, hint: int = 0) -> Any:
    """[offset, length] of `value` in `base` (searched from `hint`, then from the start),
    or `value` itself when it is not there (None stays None)."""
    if not value:
        return value
    at = base.find(value, hint)
    if at < 0:
        at = base.find(value)
    return [at, len(value)] if at >= 0 else value


def _text(item: Any, base: str) -> Any:
    if isinstance(item, list):
        start, length = item
        if not (type(start) is int and type(length) is int and start >= 0 and start + length <= len(base)):
            raise ValueError("a span outside the text")
        return base[start : start + length]
    return item


def _spans(values: list[str], base: str) -> list[Any]:
    """Flat [offset, length, ...] of `values` in `base` when all are there, else one item each."""
    items = [_span(v, base) for v in values]
    if all(isinstance(i, list) for i in items):
        return [n for i in items for n in i]
    return items


def _texts(items: list[Any], base: str) -> list[str]:
    if items and all(type(i) is int for i in items):
        if len(items) % 2:
            raise ValueError("an odd list of spans")
        return [_text([items[i], items[i + 1]], base) for i in range(0, len(items), 2)]
    return [_text(i, base) for i in items]


def _line_spans(lines: list[str], text: str) -> list[Any]:
    """Gap, length, gap, length ... of `lines` found in order in `text`; else spans and lines."""
    flat: list[int] = []
    spans: list[Any] = []
    at = 0
    in_order = True
    for line in lines:
        found = text.find(line, at) if line else -1
        if found < 0 and line:
            found = text.find(line)
            in_order = False
        if found >= 0 and line:
            spans.append([found, len(line)])
            flat += (found - at, len(line))
            at = found + len(line)
        else:
            spans.append(line)
            in_order = False
    return flat if in_order else spans


def plain_lines(text: str) -> list[str]:
    """The text's non-empty lines, stripped: what the parser's lines are for most replies
    (nothing dropped as page furniture, no line split); then they are not stored."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def encode(reply: Reply, reply_id: str) -> dict[str, Any]:
    text = reply.text
    lines: Any = None  # the text's non-empty lines: not stored
    if reply.lines != plain_lines(text):
        lines = _line_spans(reply.lines, text)
    suggestions: list[Any] = []
    if getattr(reply, PARSED, False) and all(s.index == i for i, s in enumerate(reply.suggestions, start=1)):
        # The parser builds every suggestion as build_suggestion(lines, start, end, index):
        # its range says it all.
        for s in reply.suggestions:
            suggestions += (s.start, s.end)
    else:
        joined = "\n".join(reply.lines)
        starts: list[int] = []
        offset = 0
        for line in reply.lines:  # where each line starts in `joined`
            starts.append(offset)
            offset += len(line) + 1
        for s in reply.suggestions:
            hint = starts[s.start] if 0 <= s.start < len(starts) else 0
            body = s.text
            suggestions.append([s.index, s.start, s.end, _span(s.heading, joined, hint), _span(body, joined, hint),
                                _spans(s.commitments, body), _spans(s.figures, body)])
    data: dict[str, Any] = {"v": VERSION, "id": reply_id}
    for name in _SCALARS[:6]:
        data[name] = getattr(reply, name)
    data["kind"] = reply.kind.value
    data["proposers"] = list(reply.proposers)
    data["co_handlers"] = list(reply.co_handlers)
    data["contacts"] = dict(reply.contacts)
    data["text"] = text
    if lines is not None:
        data["lines"] = lines
    data["suggestions"] = suggestions
    for name in _SCALARS[6:]:
        data[name] = _span(getattr(reply, name), text)
    source = reply.source
    data["source"] = None if source is None else {"name": source.name, "format": source.format, "size": source.size,
                                                  "sha256": source.sha256, "encoding": source.encoding}
    data["parse_warnings"] = list(reply.parse_warnings)
    # What is not there reads back as None or empty: left out.
    return {k: v for k, v in data.items() if v is not None and (k == "lines" or (v != [] and v != {}))}


def decode(data: dict[str, Any]) -> Reply:
    """The Reply of a stored form (this release's, or `Reply.to_dict()` data)."""
    if data.get("v") != VERSION:
        return Reply.from_dict(data)
    text = data.get("text", "")
    if not isinstance(text, str):
        raise ValueError("text is not text")
    items = data.get("lines")
    if items is None:
        lines = plain_lines(text)
    elif items and all(type(i) is int for i in items):  # gap, length, gap, length ...
        if len(items) % 2:
            raise ValueError("an odd list of line lengths")
        lines = []
        at = 0
        for i in range(0, len(items), 2):
            start = at + items[i]
            lines.append(_text([start, items[i + 1]], text))
            at = start + items[i + 1]
    else:
        lines = [_text(item, text) for item in items]
    joined = "\n".join(lines)
    suggestions = []
    items = data.get("suggestions") or []
    if items and all(type(i) is int for i in items):  # start, end, start, end ...
        from .reading.parse_sections import build_suggestion

        if len(items) % 2:
            raise ValueError("an odd list of suggestion ranges")
        for k in range(0, len(items), 2):
            start, end = items[k], items[k + 1]
            if not 0 <= start <= end <= len(lines):
                raise ValueError("a suggestion outside the lines")
            suggestions.append(build_suggestion(lines, start, end, k // 2 + 1))
        items = []
    for s in items:
        index, start, end, heading, body, commitments, figures = s
        body = _text(body, joined)
        suggestions.append(Suggestion(
            index=int(index),
            heading=_text(heading, joined),
            text=body,
            commitments=_texts(commitments, body),
            figures=_texts(figures, body),
            start=int(start),
            end=int(end),
        ))
    return Reply(
        **reply_fields(data),
        suggestions=suggestions,
        lines=lines,
        text=text,
        salutation=_text(data.get("salutation"), text),
        opening=_text(data.get("opening"), text),
        closing=_text(data.get("closing"), text),
    )
