"""The inbox's lines drawn (ReplyList.render_line), 100,000 rows, in one process.

    python -m benchmarks.inbox_lines [--rows 100000] [--pages 500] [--rounds 5]

Builds N synthetic inbox rows (文号 like 沪水务提复〔2021〕123号, one in ten without one:
its proposal's number is shown instead; Chinese titles, proposers and units), puts them in
the inbox's list at 120x40 headless (`run_test`), measures the 文号 column, and then draws
`--pages` whole screens (every line of the list, as a frame does), each page further down.
Prints, per round, the CPU milliseconds for all pages (CPU time: other processes on a shared
machine move the wall clock), then the fastest and the median round per screen and per line:
what one frame of the inbox costs in its list, where the store is not read.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time

UNITS = ["市水务局", "市科委", "市教委", "市民政局", "市卫健委", "市交通委", "市生态环境局", "市商务委"]
ABBR = ["沪水务", "沪科", "沪教委", "沪民", "沪卫健", "沪交", "沪环", "沪商务"]
WORDS = "关于加强推进完善城市社区养老服务体系建设的建议提案进一步优化营商环境促进高质量发展"


def _rows(n: int) -> list[object]:
    from cppcc_review.tui.inbox_row import InboxRow

    rng = random.Random(n)
    rows = []
    for i in range(n):
        unit = rng.randrange(len(UNITS))
        doc_no = None if i % 10 == 0 else f"{ABBR[unit]}提复〔{rng.randint(2018, 2025)}〕{rng.randint(1, 400)}号"
        start = rng.randrange(len(WORDS) - 20)
        title = WORDS[start:start + rng.randint(8, 20)]
        proposers = tuple("".join(rng.choice(WORDS) for _ in range(3)) for _ in range(rng.randint(1, 3)))
        rows.append(InboxRow(f"r{i:06d}", doc_no, f"第{rng.randint(1, 999)}号", title, None, proposers,
                             UNITS[unit], "2024-05-01", rng.randint(3, 8)))
    return rows


async def _round(rows: list[object], pages: int) -> tuple[float, int]:
    from textual.app import App, ComposeResult

    from cppcc_review.tui.widgets.reply_list import ReplyList

    class ListOnly(App[None]):
        def compose(self) -> ComposeResult:
            yield ReplyList("zh", id="list")

    app = ListOnly()
    async with app.run_test(size=(120, 40)) as pilot:
        replies = app.query_one(ReplyList)
        replies.set_rows(rows)  # type: ignore[arg-type]
        replies.measure_doc_nos(rows)  # type: ignore[arg-type]
        await pilot.pause()
        height = replies.scrollable_content_region.height
        step = max(len(rows) // pages, 1)
        lines = 0
        started = time.process_time()
        for page in range(pages):
            replies.scroll_to(y=page * step, animate=False, immediate=True)
            for y in range(height):
                replies.render_line(y)
            lines += height
        return time.process_time() - started, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rows = _rows(args.rows)
    times = []
    for i in range(args.rounds):
        seconds, lines = asyncio.run(_round(rows, args.pages))
        times.append(seconds)
        print(f"round {i + 1}: {seconds * 1000:8.1f} ms CPU for {args.pages} screens ({lines} lines)")
    for name, seconds in (("fastest", min(times)), ("median", statistics.median(times))):
        print(f"{name}: {seconds * 1000:.1f} ms CPU for {args.pages} screens; {seconds * 1000 / args.pages:.3f} ms a "
              f"screen; {seconds * 1e6 / lines:.1f} µs a line")


if __name__ == "__main__":
    main()
