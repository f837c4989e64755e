"""The hardened YAML loader: hostile files give one-line errors with the line, quickly."""

from __future__ import annotations

import time

import pytest

from cppcc_review.store.ratings import yaml_safe
from cppcc_review.store.ratings.yaml_safe import YamlError, load_yaml_file, load_yaml_text

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def _error(text: str) -> YamlError:
    with pytest.raises(YamlError) as info:
        load_yaml_text(text, "r.yaml")
    message = str(info.value)
    assert "\n" not in message and message.startswith("r.yaml")
    return info.value


def test_plain_yaml_loads_with_lines_and_dates_as_strings():
    doc = load_yaml_text("a: 1\nb: 2025-07-10\nc:\n  - x\n  - 中文\n", "r.yaml")
    assert doc.data == {"a": 1, "b": "2025-07-10", "c": ["x", "中文"]}
    assert doc.line_of(["b"]) == 2
    assert doc.line_of(["c", 1]) == 5
    assert doc.line_of(["c", 7, "zz"]) == 3  # nearest known ancestor


def test_python_tags_are_refused():
    err = _error("a: 1\nb: !!python/object/apply:os.system ['echo pwned']\n")
    assert err.line == 2 and "python/object/apply" in str(err)
    _error("x: !!python/name:os.system\n")
    _error("x: !custom 1\n")
    _error("x: !!binary aGVsbG8=\n")


def test_billion_laughs_is_refused_fast():
    start = time.monotonic()
    err = _error(BILLION_LAUGHS)
    assert "alias" in str(err)
    assert time.monotonic() - start < 2


def test_deep_doubling_alias_bomb_is_refused():
    lines = ["a0: &a0 [x, x]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 60)]
    err = _error("\n".join(lines) + "\n")
    assert "alias" in str(err)


def test_a_few_aliases_are_fine():
    assert load_yaml_text("a: &x 1\nb: *x\n").data == {"a": 1, "b": 1}


def test_duplicate_keys_name_both_lines():
    err = _error("schema: x\ncount: 1\nschema: y\n")
    assert err.line == 3 and "duplicate key 'schema'" in str(err) and "line 1" in str(err)
    _error("a:\n  b: 1\n  b: 2\n")


def test_merge_keys_and_complex_keys_are_refused():
    _error("a: &x {p: 1}\nb:\n  <<: *x\n")
    _error("? [a]\n: 1\n")


def test_malformed_yaml_names_the_line():
    err = _error("a: 1\nb: [1, 2\nc: 3\n")
    assert err.line is not None and err.line >= 2
    err = _error("a: 'unterminated\n")
    assert "end of stream" in str(err)
    _error("a: 1\n---\nb: 2\n")  # two documents
    _error("a:\n\t- b\n")  # a tab for indentation


def test_control_characters_and_nesting():
    assert _error("a: b\x00c\n").line == 1
    assert "U+001B" in str(_error("a: 1\nb: \x1b[31m\n"))
    assert "nesting" in str(_error("a: " + "[" * 500 + "]" * 500 + "\n"))


def test_file_limits_and_encoding(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_bytes(b"")
    with pytest.raises(YamlError, match="empty"):
        load_yaml_file(empty)
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("a: 1\nb: 中文\n".encode("gbk"))
    with pytest.raises(YamlError, match=r"line 2: not UTF-8"):
        load_yaml_file(gbk)
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml_file(bom).data == {"a": 1}
    with pytest.raises(YamlError, match="no such file"):
        load_yaml_file(tmp_path / "missing.yaml")
    with pytest.raises(YamlError, match="folder"):
        load_yaml_file(tmp_path)


def test_a_100_mb_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, instant to make
    start = time.monotonic()
    with pytest.raises(YamlError, match=r"file is 100 MB, over the 20 MB limit"):
        load_yaml_file(big)
    assert time.monotonic() - start < 1


def test_the_limit_is_checked_on_what_was_read(tmp_path, monkeypatch):
    monkeypatch.setattr(yaml_safe, "MAX_BYTES", 10)
    path = tmp_path / "r.yaml"
    path.write_text("a: 123456789\n")
    with pytest.raises(YamlError, match="limit"):
        load_yaml_file(path, max_bytes=10)
