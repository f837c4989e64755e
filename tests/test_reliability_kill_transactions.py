"""Kill tests of the multi-change writes (issue 14 #6, #7): SIGKILL at random moments in
`import-ratings` and in a re-import of changed documents never leaves a partial result.

* import-ratings: a child imports two ratings files in turn (each sets every rating,
  note and assessment of 4 replies to its own values); after each kill the database holds
  exactly one file's values, never a mixture (and every acknowledged import is there);
* re-import: a child re-imports 6 rated replies in two versions of their texts (the
  second inserts a line before the suggestions, so every rating's anchor moves); after
  each kill, without importing anything again, every reply opens, shows all its ratings
  on the suggestions they belong to, and the export holds every rating.

The children are forked (no interpreter start-up per kill); run with `-s` for the counts.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Rating, Relevance, Reply, Satisfaction, Suggestion
from cppcc_review.store.ratings.ratings_io import export_ratings, write_ratings
from tests.helpers import kill_child
from tests.helpers.replies import make_reply

IMPORT_KILLS = 40
REIMPORT_KILLS = 40
N_REPLIES = 4
N_SUGGESTIONS = 4




def _run_and_kill(rng, target, *args, wanted_acks: int, delay: float) -> tuple[list[str], int | None]:
    """Start the child, let `wanted_acks` acknowledgements through, kill it after `delay`;
    return its lines and the number of the last acknowledged step (None if none)."""
    pid, pipe = kill_child.fork(target, *args)
    lines: list[str] = []
    stuck: list[bool] = []
    watchdog = threading.Timer(60, lambda: (stuck.append(True), os.kill(pid, signal.SIGKILL)))
    watchdog.start()
    try:
        acks = 0
        while acks < wanted_acks:
            raw = pipe.readline()
            if not raw:
                break
            lines.append(raw.decode().strip())
            acks += lines[-1].startswith("ack")
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
    finally:
        os.waitpid(pid, 0)
        watchdog.cancel()
    lines += pipe.read().decode().splitlines()
    pipe.close()
    assert not stuck, lines[-5:]
    assert not any(line.startswith("error") for line in lines), lines
    acked = [int(line.split()[1]) for line in lines if line.startswith("ack")]
    return lines, (acked[-1] if acked else None)


def _ratings_files(folder: Path, rids: list[str]) -> list[Path]:
    """Two ratings files for the same replies, every value different between them."""
    files = []
    for version, (rating, satisfaction) in enumerate(
        [(Rating.ADOPTED, Satisfaction.SATISFIED), (Rating.EXPLAINED, Satisfaction.UNSATISFIED)]
    ):
        source = folder / f"source{version}"
        with ReviewStore(source) as s:
            for i in range(N_REPLIES):
                s.add_reply(make_reply(f"沪科提复〔2025〕{60 + i}号", n=N_SUGGESTIONS))
            for rid in rids:
                for index in range(1, N_SUGGESTIONS + 1):
                    s.set_rating(rid, "alice", index, rating, note=f"v{version}-{index}")
                s.set_assessment(rid, "alice", Assessment(result=satisfaction, attitude=satisfaction,
                                                          relevance=Relevance.TARGETED, opinion=f"v{version}"))
            path = folder / f"ratings{version}.yaml"
            write_ratings(_same_times(export_ratings(s, reviewer="alice")), path)
        files.append(path)
    return files


def _same_times(doc: dict) -> dict:
    """Both files dated alike: every rating and assessment made before both exports. An
    import keeps work newer than its file, so a file whose ratings were made a second
    after the other's would not replace them, and this test would see that, not a kill."""
    doc["exported_at"] = "2026-01-02T10:00:00+08:00"
    for entry in doc["replies"]:
        for suggestion in entry["suggestions"]:
            if suggestion.get("time"):
                suggestion["time"] = "2026-01-02T09:00:00+08:00"
        if entry.get("assessment"):
            entry["assessment"]["completed_at"] = "2026-01-02T09:00:00+08:00"
    return doc


def _version_seen(db: Path, rids: list[str]) -> int | None:
    """Which file's values the database holds (None: none yet); asserts there is no mixture."""
    seen = set()
    with ReviewStore(db, readonly=True) as r:
        for rid in rids:
            review = r.get_review(rid, "alice")
            for sr in review.suggestions:
                seen.add(sr.note.split("-")[0] if sr.note else None)
            seen.add(review.assessment.opinion or None)
    assert len(seen) == 1, f"a partial import: {sorted(map(str, seen))}"
    value = seen.pop()
    return None if value is None else int(value[1:])


@pytest.mark.slow
def test_sigkill_of_import_ratings_leaves_one_file_whole_or_absent(tmp_path, record_property, monkeypatch):
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    kill_child.without_fsync(monkeypatch)
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rids = [s.add_reply(make_reply(f"沪科提复〔2025〕{60 + i}号", n=N_SUGGESTIONS))[0] for i in range(N_REPLIES)]
    files = [str(p) for p in _ratings_files(tmp_path, rids)]
    rng = random.Random(20261201)
    state = None  # the version the database holds
    kills = acked = in_flight_kept = 0
    started = time.monotonic()
    for _ in range(IMPORT_KILLS):
        lines, last = _run_and_kill(
            rng, kill_child.import_ratings_loop, str(db), files,
            wanted_acks=rng.choice([0, 0, 1, 2, 3]), delay=rng.uniform(0, 0.03),
        )
        kills += 1
        tries = [int(line.split()[1]) for line in lines if line.startswith("try")]
        acked += sum(line.startswith("ack") for line in lines)
        seen = _version_seen(db, rids)
        if last is not None:
            state = last % 2
        if tries and tries[-1] != last:  # an import in flight: its file whole, or the one before
            in_flight = tries[-1] % 2
            assert seen in (state, in_flight), (lines[-4:], seen, state)
            in_flight_kept += seen == in_flight and seen != state
        else:
            assert seen == state, (lines[-4:], seen, state)
        state = seen
    summary = (f"kill test (import-ratings): {kills} SIGKILLs, {acked} acknowledged imports, 0 partial, "
               f"in-flight import present {in_flight_kept} times, {time.monotonic() - started:.1f} s")
    print("\n" + summary)
    record_property("import_ratings_kills", kills)
    assert acked >= 10


def _reply(doc_no: str, shifted: bool) -> Reply:
    """A reply in one of two versions: the second has one more line before its suggestions
    (every suggestion starts a line later) and a changed sentence in suggestion 2."""
    lines = ["关于市政协十三届三次会议第0946号提案的答复", "九三学社界别:"]
    if shifted:
        lines.append("(本件于2025年8月修订)")
    lines.append("你们提出的提案收悉,经研究,现将办理情况答复如下:")
    suggestions = []
    for i in range(3):
        start = len(lines)
        lines.append(f"{'一二三'[i]}、关于加强第{i + 1}项工作的建议")
        lines.append(f"我委已开展{i + 3}项工作。" + ("新增一句。" if shifted and i == 1 else ""))
        suggestions.append(Suggestion(index=i + 1, heading=lines[start], text=lines[start + 1], start=start, end=len(lines)))
    lines += ["上海市科学技术委员会", "2025年7月10日"]
    return Reply(doc_no=doc_no, title="关于加强科技工作的提案", handler="上海市科学技术委员会", date="2025-07-10",
                 suggestions=suggestions, lines=lines, text="\n".join(lines))


@pytest.mark.slow
def test_sigkill_of_a_reimport_hides_no_rating(tmp_path, record_property, monkeypatch):
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    kill_child.without_fsync(monkeypatch)
    db = tmp_path / "db"
    doc_nos = [f"沪科提复〔2025〕{70 + i}号" for i in range(6)]
    versions = [[_reply(d, shifted=False) for d in doc_nos], [_reply(d, shifted=True) for d in doc_nos]]
    with ReviewStore(db) as s:
        rids = [rid for rid, _ in s.add_replies(versions[0])]
        for rid in rids:
            for index in (1, 2, 3):
                s.set_rating(rid, "alice", index, Rating.PARTIALLY_ADOPTED, note=f"{rid}-{index}")
    rng = random.Random(20261202)
    kills = acked = rolled_back = 0
    texts_seen: set[bool] = set()
    started = time.monotonic()
    for _ in range(REIMPORT_KILLS):
        lines, _last = _run_and_kill(
            rng, kill_child.reimport_loop, str(db), versions,
            wanted_acks=rng.choice([0, 1, 2]), delay=rng.uniform(0, 0.05),
        )
        kills += 1
        acked += sum(line.startswith("ack") for line in lines)
        # Nothing imported again: the database must be whole as it is.
        with ReviewStore(db, readonly=True) as r:
            for rid in rids:
                reply = r.get_reply(rid)
                texts_seen.add(reply.lines[2].startswith("("))
                review = r.get_review(rid, "alice")
                assert [(sr.rating, sr.note) for sr in review.suggestions] == [
                    (Rating.PARTIALLY_ADOPTED, f"{rid}-{i}") for i in (1, 2, 3)
                ], (lines[-4:], rid, review)
            doc = export_ratings(r, reviewer="alice")
            assert sum(1 for e in doc["replies"] for sg in e["suggestions"] if sg["rating"]) == 18
        with ReviewStore(db) as w:  # a writer's open repairs whatever the kill interrupted
            report = w.check()
            assert report["ok"], report["problems"]
            # Killed between writing a batch's texts and the line that makes them count:
            # their pack is named by nothing (the replies read as they were).
            rolled_back = len(report["orphans"])
    summary = (f"kill test (re-import): {kills} SIGKILLs, {acked} acknowledged re-imports, 0 hidden ratings, "
               f"{rolled_back} batches killed between their texts and their line (read as they were), {time.monotonic() - started:.1f} s")
    print("\n" + summary)
    record_property("reimport_kills", kills)
    assert acked >= 5 and texts_seen == {True, False}
