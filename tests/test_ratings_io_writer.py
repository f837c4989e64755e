"""The ratings YAML writer (store/ratings/yaml_writer.py) and the streaming export.

Whatever a reviewer types (markup, quotes, colons, '#', YAML words such as yes / no /
null / ~, numbers, control characters, emoji, line breaks of every kind), the file must
load back, with `yaml.safe_load`, libyaml and our hardened loader, to exactly the
document `export_ratings` returns; and the streamed export must be the same text.
"""

from __future__ import annotations

import io
import os

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import NotSavedError
from cppcc_review.store.model import Assessment, Rating, Reply, Satisfaction, Suggestion
from cppcc_review.store.ratings import export as export_module
from cppcc_review.store.ratings import yaml_writer
from cppcc_review.store.ratings.ratings_io import (
    dump_ratings,
    export_ratings,
    export_to_file,
    load_schema,
    stream_ratings,
    write_ratings,
)
from cppcc_review.store.ratings.yaml_safe import load_yaml_text
from tests.test_ratings_io import NOW, cli, fill, ids, rate_some


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

TRICKY = [
    "",
    " ",
    "  leading spaces",
    "trailing spaces  ",
    "yes",
    "No",
    "null",
    "~",
    "true",
    "off",
    "2024",
    "0o17",
    "0x1F",
    "1_000",
    "3.14",
    ".inf",
    "-.5",
    "1e3",
    "2025-07-10",
    "2025-07-10T10:00:00+08:00",
    "<<",
    "=",
    "-",
    "- item",
    "? key",
    ": colon first",
    "key: value",
    "ends with colon:",
    "a:b",
    "x #not a comment",
    "#comment",
    "a#b",
    "[bold]不是标记[/bold]",
    "{not: a mapping}",
    "[1, 2]",
    "&anchor",
    "*alias",
    "!tag",
    "!!python/object/apply:os.system",
    "%directive",
    "@at",
    "`tick",
    "|",
    ">",
    "'single'",
    '"double"',
    "it's",
    'say "hi"',
    "back\\slash",
    "---",
    "...",
    "... more",
    "tab\there",
    "\ttab first",
    "bell\x07",
    "esc \x1b[31mred\x1b[0m",
    "nul\x00byte",
    "del\x7f",
    "c1 \x85 next line",
    "line\u2028separator",
    "para\u2029separator",
    "\ufeffbom",
    "nbsp\xa0inside",
    "\u3000ideographic space",
    "emoji 😀👍🏽 家",
    "说“三方面工作”,实际列了四项(一是…四是)",
    "第一行\n第二行",
    "two lines\n",
    "trailing blank lines\n\n\n",
    "\nleading newline",
    "  indented\nsecond",
    "first\n  indented second\n\tand a tab",
    "space before break \nnext",
    "windows\r\nbreaks",
    "old mac\rbreak",
    "# looks like a comment\n# on two lines",
    "line\n---\nnot a document",
    "line\n...\nnot an end",
    "x" * 1500,
    "长" * 1200 + "\n" + "第二行",
]


def _loads(text: str):
    """The three loaders that read our files must agree on every one."""
    pure = yaml.safe_load(text)
    fast = yaml.load(text, Loader=yaml.CSafeLoader) if hasattr(yaml, "CSafeLoader") else pure
    hardened = load_yaml_text(text, "t.yaml").data
    assert pure == fast == hardened
    return pure


# ---------------------------------------------------------------------------- scalars
@pytest.mark.parametrize("value", TRICKY)
def test_every_tricky_string_reads_back_the_same(value):
    doc = {"k": value, "list": [value, [value], {"in": value}], "nested": {"note": value}, value or "e": 1}
    assert _loads(yaml_writer.dump(doc)) == doc


def test_plain_where_safe_quoted_where_not():
    text = yaml_writer.dump({"a": "上海市科学技术委员会", "b": "yes", "c": "2024", "d": "", "e": "a: b", "f": "bell\x07"})
    assert "a: 上海市科学技术委员会\n" in text
    assert "b: 'yes'\n" in text and "c: '2024'\n" in text and "d: ''\n" in text and "e: 'a: b'\n" in text
    assert 'f: "bell\\u0007"\n' in text
    assert "\\u" not in yaml_writer.dump({"x": "中文 emoji 😀"})


def test_numbers_booleans_null_and_empty_collections():
    doc = {
        "i": 3,
        "neg": -7,
        "big": 10**30,
        "f": 0.3333,
        "tiny": 1e-05,
        "huge": 1e16,
        "nan": float("inf"),
        "ninf": float("-inf"),
        "t": True,
        "n": None,
        "l": [],
        "m": {},
        "ll": [[1, 2], [], [[3]]],
        "lm": [{}, {"a": [1]}],
    }
    assert _loads(yaml_writer.dump(doc)) == doc
    nan = _loads(yaml_writer.dump({"x": float("nan")}))["x"]
    assert nan != nan
    with pytest.raises(TypeError):
        yaml_writer.dump({"x": object()})


def test_keys_of_any_length_and_form():
    doc = {"王审阅": 1, "yes": 2, "a: b": 3, "k" * 1100: {"x": [1, 2]}, "长" * 1100: [1], "": 4, "y" * 1200: "v"}
    assert _loads(yaml_writer.dump(doc)) == doc


text_strategy = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # lone surrogates cannot be UTF-8
    max_size=60,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=text_strategy, heading=text_strategy, key=text_strategy)
def test_arbitrary_text_round_trips(note, heading, key):
    doc = {
        "suggestions": [{"index": 1, "heading": heading, "note": note}, {"heading": note}],
        "assessment": {"opinion": note},
        "by": {key: note, "x": [heading, note]},
    }
    assert _loads(yaml_writer.dump(doc)) == doc


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.text(alphabet=" \t#:-'\"a中😀\x85\u2028|>", max_size=8), min_size=2, max_size=6))
def test_arbitrary_multi_line_text_round_trips(lines):
    for sep in ("\n", "\r\n"):
        value = sep.join(lines)
        doc = {"a": value, "b": [value], "c": {"d": value}}
        assert _loads(yaml_writer.dump(doc)) == doc


# ---------------------------------------------------------------------------- exports
def _tricky_reply(n_sugg: int = 6) -> Reply:
    lines = ["关于市政协第0946号提案的答复", "九三学社界别:"]
    suggestions = []
    headings = ["yes", 'say "hi" \\ back', None, "key: value # x", "2024", "😀 关于“加强”的建议"]
    for i in range(n_sugg):
        start = len(lines)
        lines += [f"{'一二三四五六'[i]}、{headings[i] or ''}", f"答复 {i}"]
        suggestions.append(
            Suggestion(index=i + 1, heading=headings[i], text=f"答复 {i}", start=start, end=len(lines))
        )
    lines += ["上海市: 委员会", "2025年7月10日"]
    return Reply(
        doc_no="~",
        title="no: 关于 #提案",
        proposers=["yes", "王芳 代表"],
        handler="null",
        date="2025-07-10",
        declared_result="A",
        suggestions=suggestions,
        lines=lines,
        text="\n".join(lines),
    )


@pytest.fixture
def tricky(tmp_path):
    store = fill(tmp_path / "db")
    rate_some(store)
    store.add_replies([_tricky_reply()])
    rid = [s.id for s in store.summaries() if s.doc_no == "~"][0]
    for i, note in enumerate(TRICKY[:40], start=0):
        store.set_note(rid, f"r{i % 3}", 1 + i % 6, note)
    store.set_rating(rid, "r0", 2, Rating.ADOPTED)
    store.set_assessment(rid, "r1", Assessment(result=Satisfaction.SATISFIED, opinion="第一行\n  第二行: #\n"))
    for i, note in enumerate(TRICKY[40:], start=0):
        store.set_note(rid, "alice", 1 + i % 6, note)
    yield store
    store.close()


def _all_exports(store):
    for options in (
        {"all_reviewers": True},
        {"all_reviewers": True, "status": "done"},
        {"reviewer": "alice"},
        {"reviewer": "r1"},
        {"reviewer": "alice", "status": "done"},
        {"reviewer": "nobody"},
    ):
        yield options, export_ratings(store, now=NOW, **options)


def test_exports_read_back_exactly_and_validate(tricky):
    for options, doc in _all_exports(tricky):
        text = dump_ratings(doc)
        assert _loads(text) == doc, options
        jsonschema.validate(_loads(text), load_schema("ratings"))
        streamed = io.BytesIO()
        summary = stream_ratings(tricky, streamed, now=NOW, **options)
        assert streamed.getvalue().decode("utf-8") == text, options
        assert summary.count == doc["count"] and summary.reviewers == doc["reviewers"]
        assert summary.rated == sum(1 for e in doc["replies"] for s in e["suggestions"] if s["rating"])
        as_text = io.StringIO()
        stream_ratings(tricky, as_text, now=NOW, **options)
        assert as_text.getvalue() == text


def test_the_tricky_headings_come_out_as_the_store_has_them(tricky):
    doc = export_ratings(tricky, reviewer="alice", now=NOW)
    entry = [e for e in doc["replies"] if e["doc_no"] == "~"][0]
    assert [s["heading"] for s in entry["suggestions"]] == [
        "yes", 'say "hi" \\ back', None, "key: value # x", "2024", "😀 关于“加强”的建议"
    ]


def test_the_same_text_as_pyyaml_for_ordinary_exports(tricky):
    """The layout is the one docs/ratings-format.md shows (PyYAML's safe_dump), byte for byte
    where PyYAML would not fold a long line or pick another quoting."""

    class Old(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True

    Old.add_representer(
        str,
        lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|" if "\n" in v else None),
    )
    doc = export_ratings(tricky, reviewer="bob", now=NOW)
    assert dump_ratings(doc) == yaml.dump(doc, Dumper=Old, allow_unicode=True, sort_keys=False, width=100)


def test_exported_headings_match_get_reply_also_after_split_and_merge(tricky, monkeypatch):
    rid = ids(tricky)["沪教提复〔2025〕12号"]
    reply = tricky.get_reply(rid)
    tricky.split_suggestion(rid, "alice", 2, reply.suggestions[1].start + 2)
    tricky.merge_suggestion(rid, "alice", 4)
    tricky._reply_cache.clear()
    doc = export_ratings(tricky, reviewer="alice", now=NOW)
    for entry in doc["replies"]:
        truth = [x.heading for x in tricky.get_reply(entry["reply_id"]).suggestions]
        assert [s["heading"] for s in entry["suggestions"]] == truth


def test_export_to_file_is_atomic(tmp_path, tricky, monkeypatch):
    out = tmp_path / "out" / "评审 ratings.yaml"
    out.parent.mkdir()
    out.write_text("old")
    os.chmod(out, 0o640)
    done = export_to_file(tricky, out, all_reviewers=True, now=NOW)
    assert out.read_text("utf-8") == dump_ratings(export_ratings(tricky, all_reviewers=True, now=NOW))
    assert done.count == export_ratings(tricky, all_reviewers=True)["count"]
    assert (out.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in out.parent.iterdir()] == [out.name]

    # an error half-way leaves the old file and no temporary file
    before = out.read_bytes()
    calls = {"n": 0}
    real = export_module._emit_entry

    def failing(*args):
        calls["n"] += 1
        if calls["n"] > 2:
            raise RuntimeError("boom")
        return real(*args)

    monkeypatch.setattr(export_module, "_emit_entry", failing)
    monkeypatch.setattr(export_module, "_FLUSH_PARTS", 10)  # some of it reaches the temporary file
    with pytest.raises(RuntimeError):
        export_to_file(tricky, out, all_reviewers=True, now=NOW)
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == [out.name]


def test_a_full_disk_is_not_saved_and_leaves_the_old_file(tmp_path, tricky, monkeypatch):
    out = tmp_path / "r.yaml"
    write_ratings(export_ratings(tricky, reviewer="alice", now=NOW), out)
    before = out.read_bytes()

    def no_space(fd):
        raise OSError(28, "No space left on device")

    doc = export_ratings(tricky, reviewer="alice")
    with monkeypatch.context() as patch:  # only around the writes: the store's own close fsyncs too
        patch.setattr(os, "fsync", no_space)
        with pytest.raises(NotSavedError, match="No space left on device"):
            export_to_file(tricky, out, reviewer="alice")
        with pytest.raises(NotSavedError):
            write_ratings(doc, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_cli_export_stdout_and_file_agree(tmp_path, tricky):
    db = str(tricky.path)
    tricky.close()
    home = tmp_path / "home"
    out = tmp_path / "x.yaml"
    to_file = cli("--db", db, "export", "--all-reviewers", "-o", str(out), home=home)
    assert to_file.returncode == 0, to_file.stderr
    assert "exported" in to_file.stderr
    to_stdout = cli("--db", db, "export", "--all-reviewers", home=home, LC_ALL="C", PYTHONIOENCODING="ascii")
    assert to_stdout.returncode == 0, to_stdout.stderr
    a, b = yaml.safe_load(out.read_text("utf-8")), yaml.safe_load(to_stdout.stdout)
    a.pop("exported_at"), b.pop("exported_at")
    assert a == b and a["count"] > 0
    with ReviewStore(db, readonly=True) as store:
        expected = export_ratings(store, all_reviewers=True)
    expected.pop("exported_at")
    assert a == expected


def test_stream_mapping_matches_dump():
    doc = {"a": 1, "items": [{"x": "y\nz"}, 2, [3]], "empty": [], "m": {"k": None}}
    chunks: list[str] = []
    yaml_writer.stream_mapping(chunks.append, [("a", 1), ("items", iter(doc["items"])), ("empty", iter(())), ("m", doc["m"])])
    assert "".join(chunks) == yaml_writer.dump(doc)
