"""The benchmark corpus generator: deterministic, 3-8 suggestions a reply, and parseable."""

from __future__ import annotations

from benchmarks.generator import generate_reply, review_plan, write_corpus
from cppcc_review.store.reading.parser import parse_reply

SAMPLE = range(0, 120)


def test_same_seed_same_text_other_seed_other_text():
    for i in (0, 1, 57, 9999):
        assert generate_reply(7, i).text == generate_reply(7, i).text
    assert generate_reply(7, 3).text != generate_reply(8, 3).text
    assert generate_reply(7, 3).text != generate_reply(7, 4).text


def test_shape_of_the_corpus():
    counts = set()
    doc_nos = set()
    for i in SAMPLE:
        reply = generate_reply(7, i)
        assert 3 <= reply.n_suggestions <= 8
        assert len(reply.headings) == reply.n_suggestions
        size = len(reply.text.encode("utf-8"))
        assert 4_500 <= size <= 12_000, (i, size)
        counts.add(reply.n_suggestions)
        doc_nos.add(reply.doc_no)
    assert counts == set(range(3, 9))  # every count occurs
    assert len(doc_nos) == len(SAMPLE)  # 文号s are distinct, so reply ids are too


def test_write_corpus_is_deterministic(tmp_path):
    write_corpus(tmp_path / "a", 12, seed=3)
    write_corpus(tmp_path / "b", 12, seed=3)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 12
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_review_plan_is_deterministic_and_respects_the_share():
    ids = [(f"id{i}", 3 + i % 6) for i in range(1000)]
    plan = review_plan(ids, 0.3, seed=1)
    assert plan == review_plan(ids, 0.3, seed=1)
    assert 230 <= len(plan) <= 370
    assert all(len(marks) == dict(ids)[rid] for rid, marks in plan)
    assert len(review_plan(ids, 1.0, seed=1)) == 1000


def test_replies_parse_to_the_generated_number_of_suggestions():
    for i in SAMPLE:
        reply = generate_reply(7, i)
        parsed = parse_reply(reply.text)
        assert len(parsed.suggestions) == reply.n_suggestions, (i, reply.text[:300])
