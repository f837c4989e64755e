"""Timestamps of the frames a headless Textual app paints.

Headless, `App._display` receives each compositor update but skips turning it into
terminal output. The recorder wraps `_display`, performs that last step too
(`render_segments`, so a frame costs what it costs in a real terminal, minus the
write), and records when each frame was finished. A test then measures "key press to
the frame that shows the change" without guessing when Textual's 60 fps update timer
fires.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")
# Every generated reply has a 文号 such as 沪科提复〔2024〕37号 (or 建复, other brackets).
_INBOX_ROW = re.compile(r"[提建]复[〔【\[(（]\d{4}[〕】\])）]\d+号")


class FrameRecorder:
    def __init__(self, app, *, render: bool = True):
        self.app = app
        self.render = render
        self.times: list[float] = []
        self._predicate: Callable[[str], bool] | None = None
        self._matched: float | None = None
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            text = renderable.render_segments(app.console) if self.render else ""
            now = time.perf_counter()
            self.times.append(now)
            if self._predicate is not None and self._matched is None:
                if self._predicate(_ANSI.sub("", text)):
                    self._matched = now

        app._display = display  # instance attribute shadows the method

    @property
    def count(self) -> int:
        return len(self.times)

    @staticmethod
    def looks_like_inbox(text: str) -> bool:
        return bool(_INBOX_ROW.search(text))

    async def wait_for(self, predicate: Callable[[str], bool], timeout: float = 30.0) -> float:
        """perf_counter time of the first frame (from now on) whose text satisfies `predicate`."""
        self._matched = None
        self._predicate = predicate
        deadline = time.perf_counter() + timeout
        try:
            while self._matched is None:
                if time.perf_counter() > deadline:
                    raise TimeoutError("no frame matched within the timeout")
                await asyncio.sleep(0.001)
            return self._matched
        finally:
            self._predicate = None

    async def after(self, t: float, n_before: int, *, quiet: float = 0.04, timeout: float = 1.0):
        """(first frame after t, last frame before `quiet` seconds without frames), or (None, None)."""
        deadline = t + timeout
        while self.count <= n_before or self.times[-1] <= t:
            if time.perf_counter() > deadline:
                return None, None
            await asyncio.sleep(0.0005)
        first = next(x for x in self.times[n_before:] if x > t)
        while True:
            last = self.times[-1]
            await asyncio.sleep(quiet)
            if self.times[-1] == last or time.perf_counter() > deadline:
                return first, self.times[-1]

    async def settle(self, quiet: float = 0.1, timeout: float = 5.0) -> None:
        """Wait until no frame has been painted for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            n = self.count
            await asyncio.sleep(quiet)
            if self.count == n:
                return
