"""A hardened YAML loader for files that come from other people (ratings exports).

`yaml.safe_load` already refuses `!!python/...` tags, but it still accepts things a
ratings file never needs and a hostile file can abuse:

* **Size**: a file larger than `MAX_BYTES` (20 MB, about 20,000 reviewed replies) is
  refused before a byte of YAML is parsed, so a 100 MB file cannot eat memory or time.
* **Aliases**: anchors and aliases (`&a` / `*a`) let a few hundred bytes describe a
  billion nodes ("billion laughs"). At most `MAX_ALIASES` alias uses are accepted, and
  the document, with every alias expanded, may hold at most `MAX_NODES` nodes.
* **Nesting**: at most `MAX_DEPTH` levels (a ratings file uses five).
* **Entries and values**: before any node is built, a pass over the parser's events
  refuses a list or mapping of more than `MAX_ENTRIES` entries, a file of more than
  `MAX_VALUES` values, a value longer than `MAX_VALUE_CHARS` characters and a number
  longer than `MAX_NUMBER_CHARS` (Python refuses to convert an integer of over 4,300
  digits; a YAML 1.1 base-60 integer costs quadratic time). PyYAML spends about 1 KB
  per value, so a 3 MB file of 1,000,000 empty entries took 95 s and 2.4 GB.
* **Duplicate keys**: YAML says keys are unique, PyYAML silently keeps the last one;
  here a repeated key is an error (which one did the author mean?).
* **Tags**: only YAML's standard scalar and collection tags are constructed; any other
  tag (`!!python/object/apply:os.system`, `!!binary`, `!custom`) is an error.
* **Timestamps**: dates stay strings (`2025-07-10`), as the JSON Schema expects, instead
  of turning into `datetime` objects when a hand-edited file loses its quotes.

Every error is a `YamlError` (an `InputError`) whose message is one line:
`<file>: line <n>, column <c>: <problem>`. `load_yaml` also returns where each value
came from (`lines[path] -> line`), so a schema error found later can name its line too.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import Event
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import CodedLine, InputError, coded
from ..reading.regular_file import NotRegularFile, open_regular, size_in_mb

MAX_BYTES = 20 * 1024 * 1024  # 20 MB
MAX_ALIASES = 100
MAX_NODES = 5_000_000
MAX_DEPTH = 64
# A 20 MB export holds about 10,000 replies of ~90 values each.
MAX_ENTRIES = 50_000
MAX_VALUES = 1_500_000
MAX_VALUE_CHARS = 1_000_000
MAX_NUMBER_CHARS = 100

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster

# The tags a ratings file may carry (the resolved form of plain YAML values).
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}

Path_ = tuple[Any, ...]


def located(name: str, line: int | None = None, column: int | None = None) -> CodedLine:
    """Where a problem in a YAML file is, `<file>: line N, column C` (the file alone without a
    line, no column without one), coded (yaml_at, yaml_at_line, yaml_at_column) for the
    interface to word it in its language: a YamlError's place and a ratings file's content
    problem (cppcc_review.store.ratings.ratings_file) are named alike."""
    if not line:
        return coded(name, "yaml_at", path=name)
    if column is None:
        return coded(f"{name}: line {line}", "yaml_at_line", path=name, line=line)
    return coded(f"{name}: line {line}, column {column}", "yaml_at_column", path=name, line=line, column=column)


class YamlError(InputError):
    """A YAML file that cannot be read safely; the message is one line naming file and line."""

    def __init__(self, name: str, problem: str, line: int | None = None, column: int | None = None, *,
                 code: str | None = None, **values: object):
        self.name = name
        self.problem = " ".join(str(problem).split())
        self.line = line
        self.column = column
        at = located(name, line, column)
        # code: the refusal the interface words in its language (tui.refusal_words), `at` where it is
        super().__init__(f"{at}: {self.problem}", code=code, path=name, at=at, **values)


class _Refused(yaml.constructor.ConstructorError):
    """A mapping this loader refuses, with the refusal's code and values (YamlError's)."""

    def __init__(self, problem: str, mark: Any, code: str, **values: object) -> None:
        super().__init__(None, None, problem, mark)
        self.code, self.values = code, values


class _HardenedLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that refuses duplicate keys and keeps timestamps as strings."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, MappingNode):
            seen: dict[Any, Any] = {}
            for key_node, _value in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused("merge keys (<<) are not accepted", key_node.start_mark, "yaml_merge_key")
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:
                    raise _Refused("a mapping key must be a plain value", key_node.start_mark,
                                   "yaml_key_not_plain") from None
                if first is not None:
                    raise _Refused(f"duplicate key {key!r} (first at line {first.line + 1})", key_node.start_mark,
                                   "yaml_duplicate_key", key=repr(key), first=first.line + 1)
                seen[key] = key_node.start_mark
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def _mark_of(node: Node | Event) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _check_graph(root: Node, name: str) -> dict[Path_, int]:
    """Walk the composed node graph once: tags, aliases, depth, expanded size.

    Returns the line of every value by its path (keys and list indices), used to
    point schema errors at a line. Iterative, so depth cannot overflow the stack.
    """
    lines: dict[Path_, int] = {}
    visits: dict[int, int] = {}  # id(node) -> times reached (more than once = an alias)
    aliases = 0
    # The expanded size of shared nodes, computed bottom-up with memoisation.
    stack: list[tuple[Node, Path_, int]] = [(root, (), 1)]
    order: list[Node] = []
    while stack:
        node, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise YamlError(name, f"nesting deeper than {MAX_DEPTH} levels", *_mark_of(node), code="yaml_too_deep",
                            n=MAX_DEPTH)
        if node.tag not in _ALLOWED_TAGS:
            raise YamlError(name, f"tag {node.tag!r} is not accepted in a ratings file", *_mark_of(node), code="yaml_tag",
                            tag=repr(node.tag))
        count = visits.get(id(node), 0)
        visits[id(node)] = count + 1
        if count:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise YamlError(
                    name, f"more than {MAX_ALIASES} YAML aliases (*name): refused as a possible alias bomb", *_mark_of(node),
                    code="yaml_aliases", n=MAX_ALIASES,
                )
            continue  # its children were walked the first time
        lines.setdefault(path, node.start_mark.line + 1)
        order.append(node)
        if isinstance(node, SequenceNode):
            for i, child in enumerate(node.value):
                stack.append((child, (*path, i), depth + 1))
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, ScalarNode) else None
                # A value's line is its key's line: where a reader looks for it.
                lines.setdefault((*path, key), key_node.start_mark.line + 1)
                stack.append((key_node, (*path, None), depth + 1))
                stack.append((value_node, (*path, key), depth + 1))
    if aliases:
        size: dict[int, int] = {}
        for node in reversed(order):  # children before parents
            if isinstance(node, SequenceNode):
                total = 1 + sum(size.get(id(c), 1) for c in node.value)
            elif isinstance(node, MappingNode):
                total = 1 + sum(size.get(id(k), 1) + size.get(id(v), 1) for k, v in node.value)
            else:
                total = 1
            if total > MAX_NODES:
                raise YamlError(
                    name,
                    f"aliases expand to more than {MAX_NODES:,} values: refused as an alias bomb",
                    *_mark_of(node), code="yaml_alias_bomb", n=f"{MAX_NODES:,}",
                )
            size[id(node)] = total
    return lines


@dataclass
class YamlDoc:
    """A loaded YAML document and the line of each value, by path."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Iterable[Any]) -> int | None:
        """The line of the value at `path`, else of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def _line_of_offset(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _check_events(loader: Any, name: str) -> None:
    """Count entries and values, and measure values, from the parser's events alone
    (one event alive at a time), before the document's nodes are built."""
    counts: list[int] = []  # entries so far in each open collection, innermost last
    limits: list[int] = []  # a mapping's entries are its keys and values: twice the limit
    values = 0
    while True:
        event = loader.get_event()
        if event is None:
            return
        if isinstance(event, (yaml.CollectionEndEvent)):
            counts.pop()
            limits.pop()
            continue
        if not isinstance(event, (yaml.NodeEvent)):
            continue  # stream and document start / end
        values += 1
        if values > MAX_VALUES:
            raise YamlError(name, f"more than {MAX_VALUES:,} values: far more than a ratings file holds", *_mark_of(event),
                            code="yaml_too_many_values", n=f"{MAX_VALUES:,}")
        if counts:
            counts[-1] += 1
            if counts[-1] > limits[-1]:
                raise YamlError(
                    name, f"more than {MAX_ENTRIES:,} entries in one list or mapping: far more than a ratings file holds",
                    *_mark_of(event), code="yaml_too_many_entries", n=f"{MAX_ENTRIES:,}",
                )
        if isinstance(event, yaml.CollectionStartEvent):
            counts.append(0)
            limits.append(2 * MAX_ENTRIES if isinstance(event, yaml.MappingStartEvent) else MAX_ENTRIES)
        elif isinstance(event, yaml.ScalarEvent):
            size = len(event.value)
            if size > MAX_VALUE_CHARS:
                raise YamlError(name, f"a value of {size:,} characters (the limit is {MAX_VALUE_CHARS:,})", *_mark_of(event),
                                code="yaml_long_value", size=f"{size:,}", limit=f"{MAX_VALUE_CHARS:,}")
            if (
                size > MAX_NUMBER_CHARS
                and event.implicit[0]
                and loader.resolve(ScalarNode, event.value, event.implicit) in _NUMBER_TAGS
            ):
                raise YamlError(name, f"a number {size:,} characters long (the limit is {MAX_NUMBER_CHARS})", *_mark_of(event),
                                code="yaml_long_number", size=f"{size:,}", limit=MAX_NUMBER_CHARS)


def load_yaml_text(text: str, name: str = "<text>") -> YamlDoc:
    """Parse one YAML document from `text` with every protection of this module."""
    bad = _BAD_CHAR.search(text)
    if bad:
        line, column = _line_of_offset(text, bad.start())
        raise YamlError(name, f"control character U+{ord(bad.group()):04X} is not allowed in YAML", line, column,
                        code="yaml_control_char", char=f"{ord(bad.group()):04X}")
    loader = _HardenedLoader(text)
    try:
        try:
            _check_events(loader, name)
        finally:
            loader.dispose()
        loader = _HardenedLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise YamlError(name, "the file is empty", code="yaml_empty")
            lines = _check_graph(node, name)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not valid YAML"
        if exc.context and exc.problem and "constructor" not in type(exc).__name__.lower():
            problem = f"{exc.problem} ({exc.context})"
        # (PyYAML's own words, or this loader's refusal with its code: _Refused)
        code, values = getattr(exc, "code", "yaml_syntax"), getattr(exc, "values", {"said": problem})
        if mark is not None:
            raise YamlError(name, problem, mark.line + 1, mark.column + 1, code=code, **values) from None
        raise YamlError(name, problem, code=code, **values) from None
    except yaml.reader.ReaderError as exc:
        line, column = _line_of_offset(text, exc.position)
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise YamlError(name, f"character U+{char:04X} is not allowed in YAML", line, column, code="yaml_char",
                        char=f"{char:04X}") from None
    except yaml.YAMLError as exc:
        raise YamlError(name, f"not valid YAML ({exc})", code="yaml_not_valid", detail=exc) from None
    except RecursionError:
        raise YamlError(name, "nesting too deep", code="yaml_nesting") from None
    except (ValueError, OverflowError, MemoryError) as exc:  # a value PyYAML cannot construct
        raise YamlError(name, f"a value that cannot be read ({type(exc).__name__}: {str(exc)[:120]})",
                        code="yaml_value_unreadable", detail=f"{type(exc).__name__}: {str(exc)[:120]}") from None
    return YamlDoc(data, lines)


def read_limited(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of `path`, refusing a file over `max_bytes` before reading it."""
    path = Path(path)
    try:
        with open_regular(path) as handle:  # a FIFO or a device is refused, never waited on
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise YamlError(
                    str(path),
                    f"file is {size_in_mb(size)} MB, over the {size_in_mb(max_bytes)} MB limit for ratings files; "
                    "split the export (e.g. export --status done) and import the parts",
                    code="ratings_too_large", size=size_in_mb(size), limit=size_in_mb(max_bytes),
                )
            data = handle.read(max_bytes + 1)
    except NotRegularFile as exc:
        raise YamlError(str(path), str(exc), code="not_regular", kind=exc.kind) from None
    except FileNotFoundError:
        raise _not_there(path) from None
    except IsADirectoryError:
        raise YamlError(str(path), "is a folder, not a ratings file", code="folder_not_ratings") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # (a symbolic link that loops: not "cannot be read (Too many levels ...)")
            raise _not_there(path) from None
        raise YamlError(str(path), f"cannot be read ({exc.strerror or exc})", code="file_unreadable",
                        reason=exc.strerror or exc) from None
    if len(data) > max_bytes:  # grew while we read it, or a special file
        raise YamlError(str(path), f"over the {size_in_mb(max_bytes)} MB limit for ratings files",
                        code="ratings_over_limit", limit=size_in_mb(max_bytes))
    return data


def _not_there(path: Path) -> YamlError:
    """No file to read at `path`, said as what is there, in the reply reader's words
    (store.reading.extract.missing_file): a symbolic link that loops, one to a place where there is
    nothing, or no such file."""
    from ..reading.extract import missing_file  # (only when a file is not there: the readers' module)

    why = missing_file(path)
    if why.code == "no_file":
        return YamlError(str(path), "no such file", code="no_file")
    return YamlError(str(path), str(why).removeprefix(f"{path}: "), code=why.code, **why.values)


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is allowed) or a one-line error naming the line of the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError(name, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line,
                        code="yaml_not_utf8", byte=f"{data[exc.start]:02x}") from None


def load_yaml_file(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> YamlDoc:
    """Read and parse a YAML file with the size limit and every protection above."""
    return load_yaml_bytes(read_limited(path, max_bytes), str(path))


def load_yaml_bytes(data: bytes, name: str) -> YamlDoc:
    """Parse the bytes of a file already read (`read_limited`), named `name` in errors."""
    if not data.strip():
        raise YamlError(name, "the file is empty", code="yaml_empty")
    return load_yaml_text(decode(data, name), name)


__all__ = [
    "MAX_ALIASES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_ENTRIES",
    "MAX_NODES",
    "MAX_NUMBER_CHARS",
    "MAX_VALUES",
    "MAX_VALUE_CHARS",
    "YamlDoc",
    "YamlError",
    "decode",
    "load_yaml_bytes",
    "load_yaml_file",
    "load_yaml_text",
    "located",
    "read_limited",
]
