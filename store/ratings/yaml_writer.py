"""A small, fast block-style YAML writer for the ratings files (no PyYAML emitter).

PyYAML's emitter is pure Python and builds an event per node: 17 MB of ratings took
25-45 s and the whole event tree in memory. The files we write are plain data (dicts,
lists, str, int, float, bool, None), so this module writes them directly, a mapping
or a list item at a time, in the layout `yaml.safe_dump(..., allow_unicode=True,
sort_keys=False)` gives them:

    key: value
    list:
    - item
    nested:
      key: value
    note: |-
      a multi-line text
      as a literal block

Every scalar is written so that a YAML 1.1 loader (`yaml.safe_load`, libyaml, our own
`cppcc_review.store.ratings.yaml_safe`) reads back exactly the same value:

* a string is written **plain** (unquoted; Chinese stays readable) only when that is
  safe: no indicator at its start, no `: ` or ` #` inside, no leading or trailing
  whitespace, only printable characters, and PyYAML's own implicit resolvers (the ones
  `safe_load` uses) would read it back as a string, not as a bool, null, number or date
  (`yes`, `~`, `2024`, `2025-07-10` are quoted);
* a multi-line string without trailing spaces or unusual line breaks is a **literal
  block** (`|-`, `|` or `|+` for none, one or several trailing newlines);
* anything else is quoted: in single quotes if all of it is printable (no control
  character, tab or line break; `'` doubled), else **double-quoted** with
  `json.dumps(s, ensure_ascii=False)` (a JSON string is a valid YAML double-quoted
  scalar), with the few characters YAML does not accept raw (C1 controls, U+2028/2029,
  BOM, non-characters, lone surrogates) escaped as `\\uXXXX`;
* numbers, booleans and null as YAML 1.1 reads them (`1.0e-05`, `.nan`, `true`, `null`).

Long strings are never folded, so one value is one line (or one literal block).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from typing import Any

import yaml

__all__ = ["dump", "emit_item", "emit_mapping", "emit_scalar_line", "quoted", "render_str", "scalar_text", "stream_mapping", "writer_for"]

# Characters that may not appear raw anywhere in a YAML stream (PyYAML's reader refuses
# them), plus line breaks other than \n that YAML would fold.
_NEEDS_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")

# What rules a string out of the plain style (once the first character is known good).
_NOT_PLAIN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]"  # controls, breaks, BOM
    "|: |:$| #"  # would end the scalar or start a comment
)
# What rules out single quotes (where nothing can be escaped but the quote itself).
_NOT_SINGLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_NOT_PLAIN_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` \t")

# What rules a multi-line string out of the literal block style.
_NOT_LITERAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]"  # \t and \n are fine
    "|[ \t]\n|[ \t]$"  # trailing whitespace on a line: kept by YAML, but invisible and stripped by editors
)

_RESOLVERS = yaml.SafeLoader.yaml_implicit_resolvers
_WILDCARD = tuple(_RESOLVERS.get(None, ()))

# The common case decided by one regex: a first character that is neither an indicator,
# whitespace nor the first character of any implicit resolver (so no bool, number, null
# or date can match), no control character, no `:` or `#` at all (those go the long way,
# `_plain_ok`), and no whitespace at the end. Such a string is plain as it is.
_FAST_PLAIN = re.compile(
    "[^\\s"
    + re.escape("".join(sorted(set(_NOT_PLAIN_FIRST) | {k for k in _RESOLVERS if k}))).replace("\\ ", "")
    + "\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]"
    "(?:[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff:#]*"
    "[^\\s\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff:#])?"
)

# The longest key written as `key: value`; YAML limits a simple key to 1024 characters.
_MAX_SIMPLE_KEY = 1000


def _resolves_to_str(s: str) -> bool:
    """Would `safe_load` read the plain scalar `s` as the string `s` (not a bool, number...)?"""
    for _tag, regexp in _RESOLVERS.get(s[0], ()):
        if regexp.match(s):
            return False
    return all(not regexp.match(s) for _tag, regexp in _WILDCARD)


def _plain_ok(s: str) -> bool:
    if not s or s[0] in _NOT_PLAIN_FIRST or s != s.strip() or s.startswith("..."):
        return False
    if _NOT_PLAIN.search(s):
        return False
    return _resolves_to_str(s)


def quoted(s: str) -> str:
    """`s` quoted on one line: single quotes when it holds only printable characters
    (as PyYAML writes it: `'2025-07-10'`, `''`), else double quotes (JSON string syntax)."""
    if not _NOT_SINGLE.search(s):
        return "'" + s.replace("'", "''") + "'"
    text = json.dumps(s, ensure_ascii=False)
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def _literal_lines(s: str) -> tuple[str, list[str]] | None:
    """(indicator, lines) for a literal block holding `s`, or None if `s` needs quotes."""
    if s[0] in " \t\n" or _NOT_LITERAL.search(s):
        return None
    if s.endswith("\n"):
        body = s[:-1]
        indicator = "|+" if body.endswith("\n") else "|"
    else:
        body, indicator = s, "|-"
    return indicator, body.split("\n")


# A token is the text of a scalar after `key: ` / `- `: a str for one line, or a tuple
# (block indicator, lines) for a literal block. Short strings repeat a lot (ratings,
# labels, names, times), so their tokens are kept; the cache is emptied when full.
_TOKENS: dict[str, str | tuple[str, list[str]]] = {}
_KEYS: dict[Any, str | None] = {}
_CACHE_MAX = 50_000
_CACHE_LEN = 200  # longer strings are rendered each time (notes, opinions)


def _render_str(s: str) -> str | tuple[str, list[str]]:
    if _FAST_PLAIN.fullmatch(s) and not _WILDCARD:
        return s
    if "\n" in s:
        literal = _literal_lines(s)
        if literal is not None:
            return literal
        return quoted(s)
    if _plain_ok(s):
        return s
    return quoted(s)


def _str_token(s: str) -> str | tuple[str, list[str]]:
    token = _TOKENS.get(s)
    if token is None:
        token = _render_str(s)
        if len(s) <= _CACHE_LEN:
            if len(_TOKENS) >= _CACHE_MAX:
                _TOKENS.clear()
            _TOKENS[s] = token
    return token


def render_str(s: str) -> tuple[str, list[str] | None]:
    """(token, None) for a one-line scalar, or (block indicator, lines) for a literal block."""
    token = _str_token(s)
    return (token, None) if isinstance(token, str) else (token[0], token[1])


def _float_text(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:  # 1e-05 is a string to YAML 1.1; 1.0e-05 a float
        text = text.replace("e", ".0e", 1)
    return text


def _token(value: Any) -> str | tuple[str, list[str]]:
    kind = type(value)
    if kind is str:
        return _str_token(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return _float_text(value)
    # subclasses (a str enum, an IntEnum, numpy-free floats): their plain value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _str_token(str.__str__(value))
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float_text(float(value))
    raise TypeError(f"cannot write a {type(value).__name__} to a ratings file: {value!r}")


def scalar_text(value: Any) -> tuple[str, list[str] | None]:
    """A scalar as (token, None) or, for a multi-line string, (indicator, lines)."""
    token = _token(value)
    return (token, None) if isinstance(token, str) else (token[0], token[1])


def _key_text(key: Any) -> str | None:
    """A mapping key on one line, or None when it must be an explicit (`? `) key."""
    known = _KEYS.get(key) if type(key) is str else None
    if known is not None:
        return known
    if isinstance(key, str):
        token = key if _plain_ok(key) else quoted(key)
    else:
        any_token = _token(key)
        # only strings give blocks
        token = any_token if isinstance(any_token, str) else quoted(str(key))
    if len(token) > _MAX_SIMPLE_KEY:
        return None
    if type(key) is str and len(key) <= _CACHE_LEN:
        if len(_KEYS) >= _CACHE_MAX:
            _KEYS.clear()
        _KEYS[key] = token
    return token


# ------------------------------------------------------------------------ the emitter
def _block(parts: list[str], lines: list[str], indent: int) -> None:
    """The lines of a literal block, at `indent` (empty lines stay empty)."""
    pad = " " * indent
    parts.append("".join([pad + line + "\n" if line else "\n" for line in lines]))


def emit_scalar_line(parts: list[str], prefix: str, value: Any, indent: int) -> None:
    """`prefix` (e.g. `"  note:"` or `"- "`-less `"  -"`) then the scalar: one line, or a
    literal block whose lines go at `indent` + 2 (`indent` = the column of the key or dash)."""
    scalar = _TOKENS.get(value) or _str_token(value) if type(value) is str else _token(value)
    if isinstance(scalar, str):
        parts.append(f"{prefix} {scalar}\n")
    else:
        parts.append(f"{prefix} {scalar[0]}\n")
        _block(parts, scalar[1], indent + 2)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list, tuple))


def emit_mapping(parts: list[str], mapping: dict, indent: int, *, first_inline: bool = False) -> None:
    """Append a block mapping at `indent` (its first key right here if `first_inline`).
    A list under a key is not indented (`key:` then `- item` at the key's column), as
    PyYAML writes it."""
    pad = " " * indent
    append = parts.append
    lead = "" if first_inline else pad
    keys, tokens = _KEYS, _TOKENS
    for key, value in mapping.items():
        token = keys.get(key) if type(key) is str else None
        if token is None:
            token = _key_text(key)
            if token is None:  # an explicit key: `? "long key"` then `: value`
                append(f"{lead}? {quoted(key if isinstance(key, str) else str(key))}\n{pad}:")
                lead = pad
                _explicit_value(parts, value, indent)
                continue
        kind = type(value)
        if kind is str:
            scalar = tokens.get(value) or _str_token(value)
            if isinstance(scalar, str):
                append(f"{lead}{token}: {scalar}\n")
            else:
                append(f"{lead}{token}: {scalar[0]}\n")
                _block(parts, scalar[1], indent + 2)
        elif value is None or kind is int or kind is bool or kind is float or _is_scalar(value):
            scalar = _token(value)
            if isinstance(scalar, str):
                append(f"{lead}{token}: {scalar}\n")
            else:
                append(f"{lead}{token}: {scalar[0]}\n")
                _block(parts, scalar[1], indent + 2)
        elif isinstance(value, dict):
            if value:
                append(f"{lead}{token}:\n")
                emit_mapping(parts, value, indent + 2)
            else:
                append(f"{lead}{token}: {{}}\n")
        elif value:
            append(f"{lead}{token}:\n")
            for item in value:
                emit_item(parts, item, indent)
        else:
            append(f"{lead}{token}: []\n")
        lead = pad


def _explicit_value(parts: list[str], value: Any, indent: int) -> None:
    """The value after an explicit key's `:` (a list is indented there)."""
    if _is_scalar(value):
        emit_scalar_line(parts, "", value, indent)
    elif isinstance(value, dict):
        if value:
            parts.append("\n")
            emit_mapping(parts, value, indent + 2)
        else:
            parts.append(" {}\n")
    elif value:
        parts.append("\n")
        for item in value:
            emit_item(parts, item, indent + 2)
    else:
        parts.append(" []\n")


def emit_item(parts: list[str], item: Any, indent: int, *, first_inline: bool = False) -> None:
    """Append one `- item` of a block sequence at `indent`."""
    lead = "" if first_inline else " " * indent
    if _is_scalar(item):
        emit_scalar_line(parts, f"{lead}-", item, indent)
    elif isinstance(item, dict):
        if item:
            parts.append(f"{lead}- ")
            emit_mapping(parts, item, indent + 2, first_inline=True)
        else:
            parts.append(f"{lead}- {{}}\n")
    elif item:
        parts.append(f"{lead}- ")
        first = True
        for sub in item:
            emit_item(parts, sub, indent + 2, first_inline=first)
            first = False
    else:
        parts.append(f"{lead}- []\n")


def dump(doc: dict) -> str:
    """YAML text of a mapping (the whole document at once; see `emit_mapping` to stream)."""
    if not isinstance(doc, dict):
        raise TypeError("a ratings document is a mapping")
    if not doc:
        return "{}\n"
    parts: list[str] = []
    emit_mapping(parts, doc, 0)
    return "".join(parts)


_END = object()
_FLUSH_PARTS = 4096  # pieces of text gathered before a write (some tens of KB)


def stream_mapping(write: Callable[[str], None], items: Iterable[tuple[str, Any]]) -> None:
    """Write a top-level mapping piece by piece: `items` are (key, value) pairs, and a
    value that is a list or any other iterator (a generator of entries) is written as a
    block sequence one item at a time, so the document never sits in memory as text.
    The output is the same as `dump(dict(items))` gives.
    """
    parts: list[str] = []
    for key, value in items:
        if value is None or isinstance(value, (dict, str, int, float, bool)) or (
            isinstance(value, (list, tuple)) and not value
        ):
            emit_mapping(parts, {key: value}, 0)
            continue
        iterator = iter(value)
        item = next(iterator, _END)
        if item is _END:
            emit_mapping(parts, {key: []}, 0)
            continue
        token = _key_text(key)
        if token is None:
            raise ValueError(f"top-level key too long: {key[:40]!r}...")
        parts.append(token)
        parts.append(":\n")
        while item is not _END:
            emit_item(parts, item, 0)
            if len(parts) >= _FLUSH_PARTS:
                write("".join(parts))
                parts.clear()
            item = next(iterator, _END)
    if parts:
        write("".join(parts))


def writer_for(out: Any) -> Callable[[str], None]:
    """A `write(text)` for `out`: a binary file gets UTF-8 bytes, a text file the text."""
    import io

    if isinstance(out, io.TextIOBase):
        text_out = out

        def write_text(text: str) -> None:
            text_out.write(text)

        return write_text

    def write_bytes(text: str) -> None:
        out.write(text.encode("utf-8"))

    return write_bytes
