"""Sort keys that order Chinese text by pinyin, as a reader's index does (安徽 before 北京),
not by code point (北京 U+5317 before 安徽 U+5B89).

pypinyin is imported on first use (about 0.3 s), so only a sort by name pays for it,
never the start of the app. Names (units, proposers) are short and repeat across
replies: each distinct name is read once, as a phrase, so that polyphonic characters
take their reading in context (重庆 chóng qìng). Titles are long and nearly all
different: they are read character by character (each distinct character once), which
is some thirty times faster and orders them the same way but for a rare polyphone.
Characters without a reading (digits, Latin letters, punctuation) stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

_SEPARATOR = "\x01"  # below any letter: 安 an < 安徽 an hui


def _lazy_pinyin() -> Callable[[str], list[str]]:
    from pypinyin import lazy_pinyin  # (here: 0.3 s to load, paid only by a sort by name)

    return lazy_pinyin


def warm() -> None:
    """Start loading pypinyin in a background thread, if no one has yet: the inbox calls this when
    its sort picker opens, so that the load overlaps the reviewer's choosing (QA: the first sort by
    a name column took 1.2 s, the load being most of it). Python's import lock makes a sort chosen
    before the load ends wait for it, no longer than before."""
    import sys
    import threading

    if "pypinyin" not in sys.modules:
        threading.Thread(target=_lazy_pinyin, name="pypinyin-load", daemon=True).start()


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Sort key of a name (read as a phrase)."""
    if not text:
        return ""
    return _SEPARATOR.join(_lazy_pinyin()(text)).lower()


@lru_cache(maxsize=65536)
def _char(ch: str) -> str:
    return _lazy_pinyin()(ch)[0].lower()


def text_key(text: str) -> str:
    """Sort key of a longer text such as a title (read character by character)."""
    if not text:
        return ""
    return _SEPARATOR.join(_char(ch) if ch > "\u2e7f" else ch.lower() for ch in text)
