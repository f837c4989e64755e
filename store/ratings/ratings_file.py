"""What a ratings file must be (schema cppcc-review/ratings/v1, docs/ratings-format.md):
the JSON Schema shipped beside this module, its violations said in a reviewer's words with
their line, labels that must agree with their keys, and `load_ratings_file`, the
validated read that merge and import share."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from enum import Enum
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..labels import zh
from ..model import Communication, Rating, Relevance, ReviewState, Satisfaction
from .yaml_safe import YamlDoc, load_yaml_bytes, read_limited

if TYPE_CHECKING:  # the library itself is loaded on first use (schema_errors)
    import jsonschema

SCHEMA_ID = "cppcc-review/ratings/v1"
MERGED_SCHEMA_ID = "cppcc-review/merged/v1"
SCHEMA_FAMILY = "cppcc-review/ratings/"
MAX_SCHEMA_ERRORS = 100

ASSESSMENT_ENUMS: dict[str, type[Enum]] = {
    "result": Satisfaction,
    "attitude": Satisfaction,
    "communication": Communication,
    "relevance": Relevance,
}


@cache
def load_schema(name: str = "ratings") -> dict[str, Any]:
    """The JSON Schema shipped with the package: "ratings" or "merged"."""
    text = resources.files("cppcc_review.store.ratings").joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def path_text(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def short_value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(error: jsonschema.ValidationError) -> str:
    """A jsonschema ValidationError as a short sentence a reviewer understands."""
    v = error.validator
    if v == "enum":
        allowed = ", ".join("null" if x is None else str(x) for x in error.validator_value)
        return f"{short_value(error.instance)} is not allowed (expected one of: {allowed})"
    if v == "const":
        return f"{short_value(error.instance)} is not allowed (expected {error.validator_value!r})"
    if v == "required":
        missing = [k for k in error.validator_value if isinstance(error.instance, dict) and k not in error.instance]
        return "missing field " + ", ".join(repr(k) for k in missing)
    if v == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})), key=str)
        return "unknown field " + ", ".join(repr(k) for k in extra)
    if v == "type":
        want = error.validator_value
        want = " or ".join(want) if isinstance(want, list) else want
        return f"{short_value(error.instance)} should be {want}"
    if v == "pattern":
        return f"{short_value(error.instance)} does not have the expected form"
    if v in ("minimum", "minLength", "maxLength"):
        return f"{short_value(error.instance)} is out of range ({v} {error.validator_value})"
    if v == "anyOf":
        return f"{short_value(error.instance)} is not a valid value"
    return str(error.message)


def schema_errors(
    data: Any, name: str, doc: YamlDoc | None = None, schema: str = "ratings", limit: int = MAX_SCHEMA_ERRORS
) -> list[str]:
    """The schema violations as `<file>: line N: <where>: <what>`, in file order.

    At most `limit` (a file of 50,000 empty entries has 50,000, and jsonschema takes
    50 µs over each; five are shown), then one line saying that more were not listed.
    """
    import jsonschema  # 0.2 s to load: only when a file is checked, never at start-up

    validator_cls = jsonschema.validators.validator_for(load_schema(schema))
    validator = validator_cls(load_schema(schema))
    found: list[tuple[int, str]] = []
    stopped = False
    for error in validator.iter_errors(data):
        if len(found) == limit:
            stopped = True
            break
        path = list(error.absolute_path)
        line = doc.line_of(path) if doc is not None else None
        where = f"{name}: line {line}" if line else name
        found.append((line or 0, f"{where}: {path_text(path)}: {_describe(error)}"))
    found.sort(key=lambda item: item[0])
    texts = [text for _, text in found]
    if stopped:
        texts.append(f"{name}: more problems not listed (the check stops after {limit})")
    return texts


def check_header(data: Any, name: str, doc: YamlDoc) -> str | None:
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "empty"
        return f"{name}: line 1: not a ratings export (the top level is {kind}, expected a mapping with 'schema: {SCHEMA_ID}')"
    schema = data.get("schema")
    line = doc.line_of(["schema"]) or 1
    if schema is None:
        return f"{name}: line 1: not a ratings export (no 'schema' field; expected 'schema: {SCHEMA_ID}')"
    if schema == MERGED_SCHEMA_ID:
        return (
            f"{name}: line {line}: this is a merged file ({MERGED_SCHEMA_ID}), not a reviewer's export; "
            "import the reviewers' own exports"
        )
    if isinstance(schema, str) and schema.startswith(SCHEMA_FAMILY) and schema != SCHEMA_ID:
        return (
            f"{name}: line {line}: schema {schema!r} is not supported by this cppcc-review "
            f"(it reads {SCHEMA_ID}); upgrade cppcc-review or export again with this version"
        )
    if schema != SCHEMA_ID:
        return f"{name}: line {line}: not a ratings export (schema {short_value(schema)}, expected {SCHEMA_ID})"
    return None


def check_labels(data: dict[str, Any], name: str, doc: YamlDoc) -> list[str]:
    """The *_zh labels must agree with the English keys they stand beside."""
    problems: list[str] = []

    def check(path: list[str | int], obj: dict[str, Any], key: str, kind: type[Enum]) -> None:
        label = obj.get(key + "_zh")
        if label is None:
            return
        value = obj.get(key)
        expected = zh(kind(value)) if value else None
        if label != expected:
            line = doc.line_of([*path, key + "_zh"])
            problems.append(
                f"{name}: line {line}: {path_text([*path, key])}: {value!r} and its label {key}_zh {label!r} "
                f"disagree; change both (the English key is the one that counts) or delete {key}_zh"
            )

    for i, entry in enumerate(data.get("replies") or []):
        base: list[str | int] = ["replies", i]
        for j, s in enumerate(entry.get("suggestions") or []):
            check([*base, "suggestions", j], s, "rating", Rating)
        for key, enum_kind in ASSESSMENT_ENUMS.items():
            check([*base, "assessment"], entry.get("assessment") or {}, key, enum_kind)
        check(base, entry, "state", ReviewState)
    return problems


def fatal_problems(data: Any, name: str, doc: YamlDoc) -> list[str]:
    """Why `data` is not a ratings export at all (header, schema): nothing else is worth
    checking then."""
    header = check_header(data, name, doc)
    if header:
        return [header]
    return schema_errors(data, name, doc)


def content_problems(data: dict[str, Any], name: str, doc: YamlDoc) -> list[str]:
    """What is wrong inside a well-formed export: labels that disagree with their keys,
    a `count` that is not the number of entries."""
    problems = check_labels(data, name, doc)
    if data["count"] != len(data["replies"]):
        problems.append(
            f"{name}: line {doc.line_of(['count'])}: the file says it holds {data['count']} replies but has "
            f"{len(data['replies'])}: it was cut short or edited; export it again"
        )
    return problems


def load_ratings_file(path: str | os.PathLike[str]) -> tuple[dict[str, Any], YamlDoc]:
    """A validated ratings document (no database needed). Raises InputError with every
    problem on one line each (the first few)."""
    return parse_ratings_bytes(read_ratings_bytes(path), str(path))


def read_ratings_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a ratings file, read once: a file over the size limit, a folder, a
    FIFO or a missing file is an InputError naming it (cppcc_review.store.ratings.yaml_safe)."""
    return read_limited(path)


def parse_ratings_bytes(raw: bytes, name: str) -> tuple[dict[str, Any], YamlDoc]:
    """`load_ratings_file` of a file already read with `read_limited` (merge reads each
    file once: its bytes tell a copy of another export, then they are parsed)."""
    doc = load_yaml_bytes(raw, name)
    data = doc.data
    problems = fatal_problems(data, name, doc) or content_problems(data, name, doc)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise InputError(problems[0] + more)
    return data, doc
