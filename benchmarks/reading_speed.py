"""How fast the reader and the checks are, in one process: what the unit tests no longer time.

    python -m benchmarks.reading_speed [--repeat 5]

Prints one table: the seed reply (沪科提复〔2025〕56号, 10 KB) parsed (ms per parse, median of
`--repeat` runs of 20 parses), and the quality checks on a periodic text of 250 KB and of
1 MB (seconds, median of `--repeat`), with their ratio: a scan linear in the text gives
about 4, a quadratic one about 16. Before, tests/test_parser.py and tests/test_checks.py
asserted these with wall-clock bounds, which failed on a loaded machine (the rule: speed
lives here, behaviour in the tests).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from benchmarks.stats import percentile
from cppcc_review.store.aids.checks import check_reply
from cppcc_review.store.reading.parser import parse_reply
from tests.test_checks_support import reply_with

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "000_c6de6327335c32eb.txt"
UNIT = "技术转移转化、科技金融、知识产权服务,加强研究探索推动,一是二是三是四是。"


def parse_ms(text: str) -> float:
    begin = time.perf_counter()
    for _ in range(20):
        parse_reply(text)
    return (time.perf_counter() - begin) / 20 * 1000


def check_seconds(size: int) -> float:
    body = UNIT * (size // len(UNIT.encode("utf-8")))
    reply = reply_with(body)
    reply.text = body + "\n" + reply.text
    begin = time.perf_counter()
    check_reply(reply, today="2025-08-01")
    return time.perf_counter() - begin


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    seed = SEED.read_text(encoding="utf-8")
    parse_reply(seed)  # (imports and compiled patterns out of the figure)
    parses = [parse_ms(seed) for _ in range(args.repeat)]
    quarter = [check_seconds(250_000) for _ in range(args.repeat)]
    whole = [check_seconds(1_000_000) for _ in range(args.repeat)]
    q, w = percentile(quarter, 50), percentile(whole, 50)
    print("| figure | median | spread (min-max) |")
    print("|---|---|---|")
    print(f"| parse the seed reply (10 KB) | {percentile(parses, 50):.1f} ms | {min(parses):.1f}-{max(parses):.1f} ms |")
    print(f"| checks, periodic text 250 KB | {q:.2f} s | {min(quarter):.2f}-{max(quarter):.2f} s |")
    print(f"| checks, periodic text 1 MB | {w:.2f} s | {min(whole):.2f}-{max(whole):.2f} s |")
    print(f"| 1 MB / 250 KB (linear ~4, quadratic ~16) | {w / q:.1f} | |")


if __name__ == "__main__":
    main()
