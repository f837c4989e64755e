"""A huge text of many short paragraphs laid out lazily: what each step of `tui.lazy_wrap` costs
with 20,000 and 100,000 blocks (a block a paragraph).

    python -m benchmarks.many_blocks [--paragraphs 20000,100000] [--width 90]

The reader takes at most 20,000 lines a reply (store.reading.parser.MAX_LINES), so a suggestion
imported from a file has at most that many paragraphs; 100,000 is the text beyond it (a reply added
through the store's API, an original text). On the app's thread, for each count: the blocks made
beside the figures' highlights (`blocks_of`: cut + spans shared out, done by the aids' worker for a
large reply's suggestions), the LazyStrips made from them (line estimates), the first screen (40
rows) laid out, a screen in the middle, the last screen, and `restyled` (the aids' highlights
arriving, with their blocks made beforehand). The layout is the body's (cjk_wrap, Rich's
strips) without a widget. Seconds, median of 3.
"""

from __future__ import annotations

import argparse
import statistics
import time

from rich.console import Console
from rich.text import Text
from textual.strip import Strip

from cppcc_review.tui.cjk_wrap import wrap_text
from cppcc_review.tui.lazy_wrap import LazyStrips, blocks_of

FILLER = "我局认真研究了你提出的建议，已会同有关部门在2025年开展专项行动，投入资金300万元。"
SCREEN = 40


def _text(paragraphs: int) -> Text:
    text = Text("\n".join([FILLER] * paragraphs))
    step = len(FILLER) + 1
    for at in range(0, len(text), step):  # the figures' highlights: two a paragraph
        text.stylize("bold", at + 23, at + 28)
        text.stylize("bold", at + 37, at + 43)
    return text


def _one(paragraphs: int, width: int) -> dict[str, float]:
    console = Console(width=width, legacy_windows=False)
    text = _text(paragraphs)

    def lay_out(piece: Text, _block: object) -> list[Strip]:
        return [Strip(line.render(console)) for line in wrap_text(piece, width).split("\n")]

    out: dict[str, float] = {}
    began = time.perf_counter()
    blocks = blocks_of(text)
    out["blocks_of"] = time.perf_counter() - began
    began = time.perf_counter()
    strips = LazyStrips(text, width, lay_out, blocks)
    out["strips"] = time.perf_counter() - began
    for name, first in (("first screen", 0), ("middle screen", len(strips) // 2), ("last screen", len(strips) - SCREEN)):
        began = time.perf_counter()
        _ = strips[first:first + SCREEN]
        out[name] = time.perf_counter() - began
    restyled = text.copy()
    restyled.stylize("underline", 100, 200)
    new_blocks = blocks_of(restyled)  # (the worker's)
    began = time.perf_counter()
    _ = strips.restyled(restyled, new_blocks)[0:SCREEN]
    out["restyled + a screen"] = time.perf_counter() - began
    out["blocks"] = len(blocks)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--paragraphs", default="20000,100000")
    ap.add_argument("--width", type=int, default=90)
    args = ap.parse_args()
    rows = []
    for paragraphs in (int(p) for p in args.paragraphs.split(",")):
        runs = [_one(paragraphs, args.width) for _ in range(3)]
        rows.append((paragraphs, {k: statistics.median(r[k] for r in runs) for k in runs[0]}))
    keys = [k for k in rows[0][1] if k != "blocks"]
    print("| paragraphs | blocks | " + " | ".join(keys) + " |")
    print("|---:|---:|" + "---:|" * len(keys))
    for paragraphs, r in rows:
        print(f"| {paragraphs:,} | {int(r['blocks']):,} | " + " | ".join(f"{r[k]:.3f}" for k in keys) + " |")


if __name__ == "__main__":
    main()
