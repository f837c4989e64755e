"""The app's once-a-second retry of kept notes (notes the full disk refused: tui/unsaved_notes.py),
one tick timed, with how often it read a reply's layout and tried a write.

    python -m benchmarks.kept_notes_tick [--ticks 300] [--suggestions 60]
    PYTHONPATH=/tmp/base/pkg python -m benchmarks.kept_notes_tick     # another build (a folder holding
                                                                      # a cppcc_review package)

A new database in a temporary folder holds one reply of `--suggestions` suggestions; 1, 10 or 50 of
them have a kept note (`UnsavedNotes.keep`, as the review screen keeps one the disk refused). Two
cases:

- disk full: the journal's writes over 1,000 bytes fail with ENOSPC (as tests/test_tui_note_full_disk.py
  simulates it); each tick finds the layout unchanged, tries the first note and stops;
- no suggestion left: the disk takes writes, but the reply was imported again from a letter in which
  no suggestion is read (the notes have nowhere to go: said once, kept in memory).

Prints, per case and number of notes, the median and the 90th percentile of a tick's wall time
(`UnsavedNotes.save_kept`, what the poll calls) and, per tick, the reads of the reply's layout
(`ReviewStore.suggestion_ranges`) and the notes' writes tried (`ReviewStore.set_note`).
"""

from __future__ import annotations

import argparse
import errno
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

LONG = "这条建议的答复只说了过去的做法，" * 100  # 4.8 KB: more than the full disk takes


def _reply(n: int) -> Any:
    from cppcc_review.store.model import Reply, Suggestion

    lines = ["关于市政协十三届三次会议第0946号提案的答复", "九三学社界别：", "你们提出的提案收悉，现将办理情况答复如下："]
    suggestions = []
    for i in range(n):
        start = len(lines)
        lines += [f"{i + 1}.关于第{i + 1}项建议", f"我委围绕第{i + 1}项建议开展了工作。"]
        suggestions.append(Suggestion(index=i + 1, heading=lines[start], text=lines[start + 1], start=start,
                                      end=len(lines)))
    lines += ["感谢你们对我市工作的关心和支持。", "上海市科学技术委员会", "2025年7月10日"]
    return Reply(doc_no="沪科提复〔2025〕56号", title="关于科技创新的提案", proposers=["九三学社界别"],
                 handler="上海市科学技术委员会", date="2025-07-10", suggestions=suggestions, lines=lines,
                 text="\n".join(lines))


class _Alerts:
    def notify(self, message: str, **_kwargs: Any) -> None:
        pass

    def bell(self) -> None:
        pass


class _Counting:
    """Wraps a store method, counting its calls."""

    def __init__(self, store: Any, name: str) -> None:
        self.calls = 0
        method = getattr(store, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return method(*args, **kwargs)

        setattr(store, name, counted)


def _case(folder: Path, name: str, notes: int, suggestions: int, ticks: int) -> tuple[list[float], float, float]:
    from textual.dom import DOMNode

    import cppcc_review.store.journal as journal_mod
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.tui.status import SaveStatus
    from cppcc_review.tui.unsaved_notes import UnsavedNote, UnsavedNotes

    db = folder / f"{name}-{notes}"
    real_write = os.write
    full = name == "disk full"

    def write(fd: int, data: Any) -> int:
        if full and len(data) > 1000:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    with ReviewStore(db) as store:
        rid, _ = store.add_reply(_reply(suggestions))
        layout = [list(r) for r in store.suggestion_ranges(rid)]
        if not full:
            store.add_reply(_reply(0))  # imported again: no suggestion left
        status = SaveStatus(DOMNode(), store, "zh", "bench", db, None)
        kept = UnsavedNotes(store, "bench", status, _Alerts())
        for index in range(1, notes + 1):
            kept.keep(UnsavedNote(rid, index, LONG, "", layout))
        reads, writes = _Counting(store, "suggestion_ranges"), _Counting(store, "set_note")
        journal_mod.os.write = write  # type: ignore[assignment]
        try:
            times = []
            for _ in range(ticks):
                started = time.perf_counter()
                kept.save_kept()
                times.append(time.perf_counter() - started)
        finally:
            journal_mod.os.write = real_write  # type: ignore[assignment]
        assert len(kept) == notes, f"{name}: {len(kept)} notes kept, not {notes}"
    return times, reads.calls / ticks, writes.calls / ticks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ticks", type=int, default=300)
    parser.add_argument("--suggestions", type=int, default=60)
    args = parser.parse_args()
    import cppcc_review.tui

    print(f"build: {Path(cppcc_review.tui.__file__).parent.parent}")
    print(f"{'case':<20} {'notes':>5} {'tick p50':>10} {'tick p90':>10} {'layout reads':>13} {'writes tried':>13}")
    with tempfile.TemporaryDirectory(prefix="kept-notes-") as tmp:
        for name in ("disk full", "no suggestion left"):
            for notes in (1, 10, 50):
                times, reads, writes = _case(Path(tmp), name, notes, args.suggestions, args.ticks)
                p50 = statistics.median(times) * 1e6
                p90 = statistics.quantiles(times, n=10)[-1] * 1e6
                print(f"{name:<20} {notes:>5} {p50:>8.0f}µs {p90:>8.0f}µs {reads:>13.1f} {writes:>13.1f}")


if __name__ == "__main__":
    main()
