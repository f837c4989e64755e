"""Make text from documents and users safe to show in a terminal.

Markup is never an issue here (the TUI shows such text as `rich.text.Text` /
`Content`, never parses it); this module deals with what would reach the terminal
as control codes: ESC starts ANSI sequences that could recolour or move the
cursor, other C0/C1 controls and a few invisible format characters confuse the
layout. They are replaced by visible stand-ins, so a reviewer sees that they are
there. Newlines are kept (and, with `single_line=True`, become a visible ⏎);
a tab becomes a space; Chinese and other wide characters pass through untouched.
Every character maps to exactly one character, so offsets into the original text
(evidence spans, findings) stay valid on the displayed text.
"""

from __future__ import annotations

import re

# C0 controls (except \n and \t), DEL, C1 controls, and invisible format
# characters that change how a line is laid out (bidi overrides, zero-width ...).
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)

# Characters scanned at a time (a few milliseconds): _CONTROL matches one character, so the
# pieces give what one scan gives, and a worker thread making a large reply's text lets the
# app's keys run between them (cppcc_review.tui.screens.review_reading).
_PIECE = 100_000

_NAMED = {"\x1b": "␛", "\r": "␍", "\x00": "␀", "\x07": "␇", "\x08": "␈", "\x7f": "␡"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␁ ␂ …
    return "⍰"  # C1 controls and invisible format characters


def display_text(value: object, *, single_line: bool = False) -> str:
    """`value` as a string fit for the screen: controls made visible, CJK kept.

    `None` becomes "". With `single_line`, newlines become "⏎" (for table cells
    and headers that must stay on one line).
    """
    if value is None:
        return ""
    text = str(value).replace("\t", " ")
    if len(text) > _PIECE:  # a piece at a time: one scan of megabytes held the interpreter lock
        text = "".join(_CONTROL.sub(_visible, text[at:at + _PIECE]) for at in range(0, len(text), _PIECE))
    else:
        text = _CONTROL.sub(_visible, text)
    if single_line:
        text = text.replace("\n", "⏎")
    return text


def pasted_text(text: str) -> str:
    """A paste as a text box takes it: line ends as newlines (a terminal sends a pasted line
    end as CR, tmux and xterm among them), every other control a visible stand-in."""
    return display_text(text.replace("\r\n", "\n").replace("\r", "\n"))


def box_text(stored: str) -> str:
    """What a text box (the note editor, the opinion) shows of `stored`: its control characters
    and escapes as visible stand-ins, as everywhere else (a TextArea sent them to the terminal
    raw: an ESC[31m recoloured the screen, a BEL rang, the border moved)."""
    return display_text(stored)


def text_from_box(shown: str, *stored: str | None) -> str:
    """What a text box holding `shown` means: the first of `stored` (the saved text, its draft)
    that the box shows unchanged, whose bytes are kept as they are (opening a note and leaving it
    changes nothing); else `shown` itself, which the reviewer typed: what they saw, stand-ins and
    all (an ␛ is saved as the character ␛, never again as an escape)."""
    for text in stored:
        if text is not None and box_text(text) == shown:
            return text
    return shown
