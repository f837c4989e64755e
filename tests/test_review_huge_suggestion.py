"""A suggestion of several MB is shown a screen at a time (cppcc_review.tui.lazy_wrap): moving onto
it wraps the lines on screen, not the whole text; its highlights are there; the next key is
answered; its reading aids arriving, and the original text (o), cost no whole wrap either.

"How much was wrapped" is counted (every wrap goes through cjk_wrap.break_points), not timed:
the old way wrapped all ~1,000,000 characters on `j`, and again when the aids came.
"""

from __future__ import annotations

from rich.text import Text
from textual.strip import Strip

from cppcc_review.tui import cjk_wrap
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.cjk_wrap import may_break
from cppcc_review.tui.lazy_wrap import LAZY_FROM, LazyStrips, cut
from cppcc_review.tui.screens.original import OriginalScreen
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.widgets.original_text import OriginalText
from cppcc_review.tui.widgets.suggestion_body import SuggestionBody

from .test_review_large_reply import SIZE, Gate, build_db, large_reply, until
from .test_tui import make_reply

#: at most this many characters wrapped for one screen of the huge suggestion (a few blocks)
SCREENFUL = 20_000


class Wrapped:
    """Counts the characters wrapped (cjk_wrap.break_points: every paragraph wider than the view)."""

    def __init__(self, monkeypatch) -> None:
        self.chars = 0
        real = cjk_wrap.break_points

        def counted(line: str, width: int, hang: int = 0) -> list[int]:
            self.chars += len(line)
            return real(line, width, hang)

        monkeypatch.setattr(cjk_wrap, "break_points", counted)

    def since(self, mark: int) -> int:
        return self.chars - mark


def lines(view, count: int) -> list[str]:
    return [view.render_line(y).text for y in range(count)]


async def test_moving_onto_a_huge_suggestion_wraps_only_what_is_shown(tmp_path, monkeypatch):
    reply = large_reply("沪民提复〔2025〕1号", 3.0)
    huge = reply.suggestions[2].text
    assert len(huge) > 1_000_000 and "\n" not in huge  # one line of ~1,000,000 characters
    db = build_db(tmp_path, reply)
    gate = Gate(monkeypatch)  # the aids wait until the test lets them in
    wrapped = Wrapped(monkeypatch)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        try:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            body = screen.query_one(SuggestionBody)
            mark = wrapped.chars
            await pilot.press("j", "j")
            await pilot.pause()
            assert screen.index == 3
            shown = "".join(lines(body, 6))
            assert "三、关于其他事项" in shown and "一是已完成调研。我局认真研究了你提出的建议" in shown
            assert wrapped.since(mark) < SCREENFUL  # not the whole million characters
            assert body.virtual_size.height > 10_000  # the scroll range covers the whole text (estimated)

            await pilot.press("k")  # the next key is answered, and back onto it
            assert screen.index == 2
            await pilot.press("j")
            await pilot.pause()
            assert screen.index == 3

            await pilot.press(*["space"] * 8)  # pages on, past a few blocks: their lines are made as they come
            await pilot.pause()
            assert body.scroll_y > 0 and all(line.strip() for line in lines(body, 5))
            assert wrapped.since(mark) < 2 * SCREENFUL

            mark = wrapped.chars
            place, seen = body.scroll_y, lines(body, 8)
            gate.open()  # the aids arrive while the huge suggestion is shown
            await until(pilot, lambda: not screen.view.checking)
            await pilot.pause()
            assert screen.index == 3 and body.scroll_y == place > 0  # the reviewer's place is kept:
            assert lines(body, 8) == seen  # the same lines of the text, now highlighted (the findings took a few rows below)
            assert wrapped.since(mark) < SCREENFUL

            await pilot.press("o")  # the original text: the one-line letter, shown the same way
            await pilot.pause()
            assert isinstance(app.screen, OriginalScreen)
            original = app.screen.query_one(OriginalText)
            assert any("我局认真研究了你提出的建议" in line for line in lines(original, original.size.height))
            assert wrapped.since(mark) < 2 * SCREENFUL
            await pilot.press("space")
            await pilot.press("escape")
            assert app.screen is screen and app.is_running
        finally:
            gate.open()  # a failure above must not leave the aids' worker waiting (and the app's exit with it)


async def test_a_huge_texts_highlights_are_on_its_lines(tmp_path):
    """Figures and findings highlighted in the blocks they fall in (the spans are shared out)."""
    text = Text("标题\n\n")
    body = "我局投入资金300万元。" * (LAZY_FROM // 10)
    text.append(body)
    at = len("标题\n\n") + body.index("300万元", 30_000)
    text.stylize("bold", at, at + 5)
    made: list[Text] = []

    def lay_out(piece, block):
        made.append(piece)
        return []

    strips = LazyStrips(text, 80, lay_out)
    assert len(text) > LAZY_FROM and len(strips.blocks) > 10
    block = next(b for b in strips.blocks if b.start <= at < b.end)
    piece = strips.block_text(block)
    start = at - block.start
    assert piece.plain[start:start + 5] == "300万元"
    assert [(s.start, s.end, s.style) for s in piece.spans] == [(start, start + 5, "bold")]
    assert all(not b.spans for b in strips.blocks if b is not block)


def test_a_long_paragraph_is_cut_where_a_line_may_break():
    plain = "一二三，四五六。" * 2_000 + "\n" + "短段"
    blocks = cut(plain)
    pieces = [b for b in blocks if b.paragraph == 0]
    assert len(pieces) > 5 and pieces[0].first and not any(b.first for b in pieces[1:])
    assert "".join(plain[b.start:b.end] for b in pieces) == plain.split("\n")[0]  # nothing lost
    assert all(may_break(plain, b.end) for b in pieces[:-1])  # never before a ，or 。
    assert blocks[-1].paragraph == 1 and blocks[-1].first and plain[blocks[-1].start:blocks[-1].end] == "短段"


def test_rows_are_found_again_as_blocks_turn_out_longer_than_guessed():
    text = Text("\n".join("段" * 100 for _ in range(LAZY_FROM // 50)))
    strips = LazyStrips(text, 50, lambda piece, block: [Strip.blank(1)] * 5)  # 4 lines guessed, 5 made
    guessed = len(strips)
    assert guessed == 4 * len(strips.blocks) and not strips.grew
    assert strips.row_of(3) == 12
    strips[len(strips) - 1]  # the last block laid out
    assert strips.grew and len(strips) == guessed + 1
    assert strips.row_of(3) == 12  # blocks not laid out keep their guess: rows keep their place
    strips[0], strips[4]
    assert strips.row_of(1) == 5 and strips.row_of(2) == 9


async def test_the_aids_arriving_keep_the_place_in_a_text_whose_lines_were_guessed(tmp_path, monkeypatch):
    """Paragraphs whose line counts were guessed too high (Latin letters with accents count as wide
    until laid out): the reviewer scrolled past some, then the aids arrive; the lines on screen stay."""
    paragraph = "Café" + "é" * 150 + "我局认真研究了你提出的建议。"
    huge = "\n".join(paragraph for _ in range(1_500))
    reply = make_reply("沪民提复〔2025〕1号", "关于完善社区服务的提案", "上海市民政局", [
        ("一、关于加强社区养老服务", "我局将于2019年底前完成全部试点。"),
        ("二、关于增加社区食堂", "我局已在16个区建成社区食堂216家，下一步将继续推进。"),
        ("三、关于其他事项", huge),
    ])
    assert len(huge) > LAZY_FROM
    db = build_db(tmp_path, reply)
    gate = Gate(monkeypatch)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        try:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            body = screen.query_one(SuggestionBody)
            await pilot.press("j", "j", *["space"] * 12)
            await pilot.pause()
            assert screen.index == 3 and screen.view.checking
            place, seen = body.scroll_y, lines(body, 8)
            assert "Café" in "".join(seen)
            gate.open()
            await until(pilot, lambda: not screen.view.checking)
            await pilot.pause()
            assert body.scroll_y == place and lines(body, 8) == seen
        finally:
            gate.open()
