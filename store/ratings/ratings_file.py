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

from ..errors import CodedLine, InputError, coded
from ..labels import zh
from ..model import Communication, Rating, Relevance, ReviewState, Satisfaction
from .yaml_safe import YamlDoc, load_yaml_bytes, located, read_limited

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
    return out or coded("(top level)", "ratings.top_level")


def short_value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def json_type(name: str) -> CodedLine:
    """A JSON Schema type (string, integer...) as a coded word; English as the schema says it."""
    return coded(name, f"ratings.json.{name}")


# the top level of a YAML document as Python reads it, named by its JSON Schema type
_PY_TYPES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "list": "array", "dict": "object"}


def _wanted(want: Any) -> str:
    """The type(s) a schema asks for, "string or null", coded (two of them: ratings.json_or)."""
    if not isinstance(want, list):
        return json_type(str(want))
    if len(want) == 2:
        return coded(" or ".join(want), "ratings.json_or", first=json_type(want[0]), second=json_type(want[1]))
    return " or ".join(want)


def _describe(error: jsonschema.ValidationError) -> str:
    """A jsonschema ValidationError as a short sentence a reviewer understands (coded: the
    interface words it in its language; the English here is the line)."""
    v = error.validator
    value = short_value(error.instance)
    if v == "enum":
        allowed = ", ".join("null" if x is None else str(x) for x in error.validator_value)
        return coded(f"{value} is not allowed (expected one of: {allowed})", "ratings.enum", value=value, allowed=allowed)
    if v == "const":
        expected = repr(error.validator_value)
        return coded(f"{value} is not allowed (expected {expected})", "ratings.const", value=value, expected=expected)
    if v == "required":
        missing = [k for k in error.validator_value if isinstance(error.instance, dict) and k not in error.instance]
        fields = ", ".join(repr(k) for k in missing)
        return coded("missing field " + fields, "ratings.missing_field", fields=fields)
    if v == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})), key=str)
        fields = ", ".join(repr(k) for k in extra)
        return coded("unknown field " + fields, "ratings.unknown_field", fields=fields)
    if v == "type":
        want = _wanted(error.validator_value)
        return coded(f"{value} should be {want}", "ratings.type", value=value, want=want)
    if v == "pattern":
        return coded(f"{value} does not have the expected form", "ratings.pattern", value=value)
    if v in ("minimum", "minLength", "maxLength"):
        limit = error.validator_value
        return coded(f"{value} is out of range ({v} {limit})", f"ratings.{v}", value=value, limit=limit)
    if v == "anyOf":
        return coded(f"{value} is not a valid value", "ratings.any_of", value=value)
    return coded(str(error.message), "ratings.schema_said", said=error.message)


def schema_errors(
    data: Any, name: str, doc: YamlDoc | None = None, schema: str = "ratings", limit: int = MAX_SCHEMA_ERRORS
) -> list[str]:
    """The schema violations as `<file>: line N: <where>: <what>`, in file order (each coded:
    ratings.schema, its parts too).

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
        at, field, problem = located(name, line), path_text(path), _describe(error)
        found.append((line or 0, coded(f"{at}: {field}: {problem}", "ratings.schema", at=at, field=field,
                                       problem=problem)))
    found.sort(key=lambda item: item[0])
    texts = [text for _, text in found]
    if stopped:
        texts.append(coded(f"{name}: more problems not listed (the check stops after {limit})",
                           "ratings.not_listed", path=name, limit=limit))
    return texts


def check_header(data: Any, name: str, doc: YamlDoc) -> str | None:
    if not isinstance(data, dict):
        py_type = type(data).__name__ if data is not None else "empty"
        kind = coded(py_type, f"ratings.json.{_PY_TYPES.get(py_type, py_type)}")
        return coded(f"{name}: line 1: not a ratings export (the top level is {kind}, expected a mapping with "
                     f"'schema: {SCHEMA_ID}')", "ratings.top_not_mapping", at=located(name, 1), kind=kind,
                     schema=SCHEMA_ID)
    schema = data.get("schema")
    line = doc.line_of(["schema"]) or 1
    at = located(name, line)
    if schema is None:
        return coded(f"{name}: line 1: not a ratings export (no 'schema' field; expected 'schema: {SCHEMA_ID}')",
                     "ratings.no_schema", at=located(name, 1), schema=SCHEMA_ID)
    if schema == MERGED_SCHEMA_ID:
        return coded(
            f"{at}: this is a merged file ({MERGED_SCHEMA_ID}), not a reviewer's export; "
            "import the reviewers' own exports", "ratings.merged_file", at=at, merged=MERGED_SCHEMA_ID
        )
    if isinstance(schema, str) and schema.startswith(SCHEMA_FAMILY) and schema != SCHEMA_ID:
        return coded(
            f"{at}: schema {schema!r} is not supported by this cppcc-review "
            f"(it reads {SCHEMA_ID}); upgrade cppcc-review or export again with this version",
            "ratings.schema_unsupported", at=at, schema=repr(schema), supported=SCHEMA_ID
        )
    if schema != SCHEMA_ID:
        return coded(f"{at}: not a ratings export (schema {short_value(schema)}, expected {SCHEMA_ID})",
                     "ratings.schema_other", at=at, schema=short_value(schema), expected=SCHEMA_ID)
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
            at, field = located(name, doc.line_of([*path, key + "_zh"])), path_text([*path, key])
            problems.append(coded(
                f"{at}: {field}: {value!r} and its label {key}_zh {label!r} "
                f"disagree; change both (the English key is the one that counts) or delete {key}_zh",
                "ratings.label_disagrees", at=at, field=field, value=repr(value), key=key, label=repr(label)
            ))

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


def check_reviewers(data: dict[str, Any], name: str, doc: YamlDoc) -> str | None:
    """The top-level `reviewers` (optional) must name the entries' reviewers, no more, no
    fewer: a hand edit of one and not the other is refused, as a label that disagrees with
    its key is. A file with no entries (nothing done yet) says nothing to compare."""
    listed = data.get("reviewers")
    entries = data.get("replies") or []
    if listed is None or not entries:
        return None
    named = sorted({str(r).strip() for r in listed})
    given = sorted({str(e["reviewer"]).strip() for e in entries})
    if named == given:
        return None
    at = located(name, doc.line_of(["reviewers"]))
    listed_text, given_text = ", ".join(named) or "nobody", ", ".join(given)
    return coded(f"{at}: reviewers lists {listed_text} but the entries are by {given_text}; make them the same "
                 "(the entries' reviewer is the one that counts) or delete reviewers", "ratings.reviewers_disagree",
                 at=at, listed=listed_text, given=given_text)


def content_problems(data: dict[str, Any], name: str, doc: YamlDoc) -> list[str]:
    """What is wrong inside a well-formed export: labels that disagree with their keys,
    a `count` that is not the number of entries, `reviewers` that are not the entries'."""
    problems = check_labels(data, name, doc)
    if data["count"] == len(data["replies"]):  # (a file cut short lacks some reviewers' entries: its count says why)
        reviewers = check_reviewers(data, name, doc)
        if reviewers is not None:
            problems.append(reviewers)
    else:
        at, count, n = located(name, doc.line_of(["count"])), data["count"], len(data["replies"])
        problems.append(coded(
            f"{at}: the file says it holds {count} replies but has {n}: it was cut short or edited; export it again",
            "ratings.count", at=at, count=count, n=n
        ))
    return problems


def index_problem(at: str, reply: object, index: int, n: int, seen: set[int], *, counted_in_file: bool = False) -> str | None:
    """Why suggestion `index` of a reply with `n` suggestions cannot be taken (`seen`: the
    indices already taken in this entry, `index` added to it), or None. `n` is the database's
    count (import-ratings), or with `counted_in_file` the entry's own list (merge: no database,
    and an index past the list would become a suggestion the reply does not have)."""
    if index in seen:
        return coded(f"{at}: suggestion {index} appears twice in this reply", "ratings.suggestion_twice",
                     at=at, index=index)
    seen.add(index)
    if index <= n:
        return None
    if counted_in_file:
        return coded(f"{at}: reply {reply} has {n} suggestions in this file, the file rates suggestion {index}; "
                     "was it edited? export it again", "ratings.index_beyond_file", at=at, reply=reply, n=n, index=index)
    return coded(f"{at}: reply {reply} has {n} suggestions in this database, the file rates suggestion {index}; "
                 "were its suggestions split differently?", "ratings.split_differently", at=at, reply=reply, n=n,
                 index=index)


def own_index_problems(data: dict[str, Any], name: str, doc: YamlDoc) -> list[str]:
    """`index_problem` of every suggestion against its own entry's list (a merge's check)."""
    problems: list[str] = []
    for i, entry in enumerate(data.get("replies") or []):
        suggestions = entry.get("suggestions") or []
        seen: set[int] = set()
        reply = entry.get("doc_no") or entry.get("reply_id")
        for j, s in enumerate(suggestions):
            at = located(name, doc.line_of(["replies", i, "suggestions", j]))
            problem = index_problem(at, reply, s["index"], len(suggestions), seen, counted_in_file=True)
            if problem is not None:
                problems.append(problem)
    return problems


def more_problems(n: int) -> str:
    """" (and N more problems)" after a first problem, coded (ratings.more); "" when there are none."""
    return coded(f" (and {n} more problems)", "ratings.more", n=n) if n else ""


def load_ratings_file(path: str | os.PathLike[str]) -> tuple[dict[str, Any], YamlDoc]:
    """A validated ratings document (no database needed). Raises InputError with every
    problem on one line each (the first few)."""
    return parse_ratings_bytes(read_ratings_bytes(path), str(path))


def read_ratings_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a ratings file, read once: a file over the size limit, a folder, a
    FIFO or a missing file is an InputError naming it (cppcc_review.store.ratings.yaml_safe)."""
    return read_limited(path)


def parse_ratings_bytes(raw: bytes, name: str, *, whole_replies: bool = False) -> tuple[dict[str, Any], YamlDoc]:
    """`load_ratings_file` of a file already read with `read_limited` (merge reads each
    file once: its bytes tell a copy of another export, then they are parsed). With
    `whole_replies` (merge, which has no database to count a reply's suggestions) each
    entry's suggestion indices must also lie within its own list (own_index_problems)."""
    doc = load_yaml_bytes(raw, name)
    data = doc.data
    problems = fatal_problems(data, name, doc) or content_problems(data, name, doc)
    if not problems and whole_replies:
        problems = own_index_problems(data, name, doc)
    if problems:
        more = more_problems(len(problems) - 1)
        raise InputError(problems[0] + more, code="ratings.problems", first=problems[0], more=more)
    return data, doc
