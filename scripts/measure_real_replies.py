"""How well the parser reads a folder of real replies against hand-written expectations.

    python scripts/measure_real_replies.py FOLDER [--only dev|held-out] [--split N] [-v]

FOLDER holds `rNNN.txt` (a reply as copied from a web page) and `rNNN.expected.yaml`
(its reading, written by hand before the parser was run; the keys are listed in
docs/parsing-real-replies.md); another collection may name its texts with another letter
(`fNNN.txt`). Texts are split by the order they were collected: the first N (`--split`,
default 35) are the development set, the rest are held out (`--split 0`: all held out).

Figures printed per set:
- header fields right: kind, 文号, proposal number, title, proposers, handler,
  co-handlers, date, declared result, contacts — ten fields per reply;
- handler right among the replies that name the answering unit anywhere;
- suggestion count right among complete replies (the page excerpt is not cut off);
- lines of header / closing / signature / contact / chrome inside a suggestion: the
  suggestion lines that lie outside the body the expectation marks (`body.first` to
  `body.last`), and how many replies have any;
- pages that are not replies and were refused.

Comparison is on what a reader sees, not on width or spacing: both sides are folded
(full-width -> half-width, traditional key characters -> simplified) with whitespace and
title quotes removed; a title also loses a leading 关于 and a trailing 的提案 / 的建议,
a proposal number its 第 and 号. A field written as {any_of: [...]} accepts any of the
listed values (used only where the page text itself is garbled).
The real texts are other people's published text: keep them out of git.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cppcc_review.store.errors import ParseError
from cppcc_review.store.reading.parser import parse_reply
from cppcc_review.store.reading.textclean import fold

HEADER_FIELDS = (
    "kind", "doc_no", "proposal_no", "title", "proposers", "handler",
    "co_handlers", "date", "declared_result", "contacts",
)  # fmt: skip
# Contact fields a reviewer uses; others the parser may keep (主题词, 校对 …) are not scored.
SCORED_CONTACTS = frozenset(
    ["签发人", "签发", "领导署名", "领导签发", "领导签字", "领导签批", "审签人", "联系人", "联系人姓名", "联系电话", "联系人及电话", "联系人及联系电话", "联系方式", "联系单位", "联系地址", "电话", "传真", "邮编", "邮政编码", "电子邮箱", "抄送", "抄报", "送", "报", "承办人", "经办人"]
)
_SPACE = re.compile(r"\s+")
_QUOTES = re.compile(r"[《》“”\"「」『』‘’']")
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
_TITLE_HEAD = re.compile(r"^(?:关于对|关于)")
_TITLE_TAIL = re.compile(r"(?:的)?(?:提案|建议|议案)$")
# A collected text is named by one letter and its order: r001.txt, f001.txt.
_TEXT_NAME = re.compile(r"[a-z]\d+")


def _plain(value: str) -> str:
    return _SPACE.sub("", fold(value)).strip(" ,;。.、")


def norm(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field == "title":
        text = _QUOTES.sub("", _plain(value))
        text = _TITLE_TAIL.sub("", _TITLE_HEAD.sub("", text))
        return text or None
    if field == "proposal_no":
        return _plain(value).removeprefix("第").removesuffix("号") or None
    if field in ("proposers", "co_handlers"):
        return [_plain(v) for v in value]
    if field == "contacts":
        out = {}
        for key, val in (value or {}).items():
            key = _plain(key)
            if key in SCORED_CONTACTS and val:
                out[key] = _plain(str(val))
        return out
    if field == "date":
        return str(value)
    return _plain(str(value))


def _options(value: Any) -> list[Any]:
    """The readings an expectation accepts: {any_of: [...]} or the one value."""
    return list(value["any_of"]) if isinstance(value, dict) and "any_of" in value else [value]


def matches(field: str, expected: Any, actual: Any) -> bool:
    got = norm(field, actual)
    return any(norm(field, option) == got for option in _options(expected))


def _find(lines: list[str], snippet: Any, start: int = 0, last: bool = False) -> int | None:
    """The first (or, with `last`, the last) line from `start` on that holds `snippet` (or, for
    {any_of: [...]}, the first of its readings found)."""
    order = range(len(lines) - 1, start - 1, -1) if last else range(start, len(lines))
    plain = {i: _plain(_PINYIN.sub("", lines[i])) for i in order}  # (each line once, whatever the readings)
    for option in _options(snippet):
        want = _plain(option)
        for i in order:
            if want in plain[i]:
                return i
    return None


class Tally:
    def __init__(self) -> None:
        self.texts = self.replies = self.non_replies = self.refused_right = 0
        self.fields = self.fields_right = 0
        self.named = self.handler_right = 0
        self.complete = self.count_right = 0
        self.foreign_lines = self.foreign_texts = self.body_unlocated = 0
        self.per_field: dict[str, list[int]] = {f: [0, 0] for f in HEADER_FIELDS}

    def pct(self, a: int, b: int) -> str:
        return f"{a}/{b} = {100 * a / b:.1f}%" if b else "n/a"


def measure(path: Path, expected: dict, tally: Tally, verbose: bool) -> list[str]:
    text = path.read_text(encoding="utf-8")
    notes: list[str] = []
    tally.texts += 1
    try:
        reply = parse_reply(text)
        refused = None
    except ParseError as exc:
        reply, refused = None, str(exc)
    if not expected.get("is_reply", True):
        tally.non_replies += 1
        if refused is not None:
            tally.refused_right += 1
        else:
            notes.append("not a reply, but read as one")
        return notes
    tally.replies += 1
    if reply is None:
        notes.append(f"refused: {refused}")
    for field in HEADER_FIELDS:
        actual = None
        if reply is not None:
            actual = reply.kind.value if field == "kind" else getattr(reply, field)
        ok = reply is not None and matches(field, expected.get(field), actual)
        tally.fields += 1
        tally.fields_right += ok
        tally.per_field[field][1] += 1
        tally.per_field[field][0] += ok
        if not ok and reply is not None:
            notes.append(f"{field}: expected {expected.get(field)!r}, got {actual!r}")
        if field == "handler" and expected.get("handler_named", True):
            tally.named += 1
            tally.handler_right += ok
    sugg = expected.get("suggestions")
    if expected.get("complete", True) and sugg is not None:
        tally.complete += 1
        got = len(reply.suggestions) if reply is not None else None
        right = got in _options(sugg["count"])
        tally.count_right += right
        if not right and reply is not None:
            notes.append(f"suggestions: expected {sugg['count']}, got {got}")
    body = expected.get("body")
    if reply is not None and body:
        first = _find(reply.lines, body["first"])
        last = _find(reply.lines, body["last"], first, last=True) if first is not None else None
        if first is None or last is None:
            tally.body_unlocated += 1
            notes.append("body snippets not found in the parsed lines")
        else:
            foreign = [
                reply.lines[i]
                for s in reply.suggestions
                for i in range(s.start, s.end)
                if i < first or i > last
            ]
            if foreign:
                tally.foreign_lines += len(foreign)
                tally.foreign_texts += 1
                notes.append("outside the body, inside a suggestion: " + " | ".join(x[:30] for x in foreign))
    if verbose and reply is not None and getattr(reply, "parse_warnings", None):
        notes.append("warnings: " + ", ".join(reply.parse_warnings))
    return notes


def report(name: str, tally: Tally) -> None:
    print(f"== {name}: {tally.texts} texts ({tally.replies} replies, {tally.non_replies} not replies)")
    print(f"  header fields right           {tally.pct(tally.fields_right, tally.fields)}")
    print(f"  handler right (texts naming it) {tally.pct(tally.handler_right, tally.named)}")
    print(f"  suggestion count right (complete) {tally.pct(tally.count_right, tally.complete)}")
    print(
        f"  lines of header/closing/signature/contact/chrome inside suggestions: "
        f"{tally.foreign_lines} (in {tally.foreign_texts} texts; body not located in {tally.body_unlocated})"
    )
    print(f"  non-replies refused           {tally.pct(tally.refused_right, tally.non_replies)}")
    print("  per field: " + ", ".join(f"{f} {a}/{b}" for f, (a, b) in tally.per_field.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", choices=("dev", "held-out"))
    parser.add_argument("--split", type=int, default=35, help="texts 1..N are the development set")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each text's differences")
    args = parser.parse_args(argv)
    files = sorted(
        p
        for p in args.folder.glob("*.txt")
        if _TEXT_NAME.fullmatch(p.stem) and p.with_name(p.stem + ".expected.yaml").is_file()
    )
    if not files:
        print(f"{args.folder}: no rNNN.txt (or fNNN.txt) with its .expected.yaml", file=sys.stderr)
        return 1
    sets = {"dev": Tally(), "held-out": Tally()}
    for path in files:
        number = int(re.sub(r"\D", "", path.stem) or 0)
        which = "dev" if number <= args.split else "held-out"
        if args.only and which != args.only:
            continue
        expected = yaml.safe_load(path.with_name(path.stem + ".expected.yaml").read_text(encoding="utf-8"))
        notes = measure(path, expected, sets[which], args.verbose)
        if args.verbose and notes:
            print(f"{path.name}:")
            for note in notes:
                print(f"    {note}")
    for name, tally in sets.items():
        if tally.texts:
            report(name, tally)
    return 0


if __name__ == "__main__":
    sys.exit(main())
