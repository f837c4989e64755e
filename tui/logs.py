"""The log file: where a failure that the screen shows in one line is told in full.

`start_logging(debug)` attaches a rotating file handler to the project's logger
`cppcc_review` (cppcc_review.store.log; libraries' warnings are routed there too) at start-up, for
the command line and the app alike. The file is `<user log dir>/cppcc-review.log`
(`~/.local/state/cppcc-review/log/` on Linux, platformdirs elsewhere: cppcc_review.tui.user_dirs); `--debug` (or
`debug = true`) lowers the level from INFO to DEBUG. Every caught exception is logged
with its traceback (`LOG.exception` / `exc_info=True`), so a message such as "a check
failed" can be traced afterwards. A log folder that cannot be written is said once on
stderr and the program goes on: a log is never a reason to stop a review.

The file is rotated (`cppcc-review.log.1` ... `.3`) by the standard library's
RotatingFileHandler, but `logging.handlers` (with socket, pickle and queue: ~6 ms of
every command's start) is imported only when a record would take the file past
MAX_BYTES (`LogFile`); until then records are appended as logging.FileHandler does.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from ..store.log import LOG, route_library_warnings
from .user_dirs import user_log_dir

LOG_NAME = "cppcc-review.log"
MAX_BYTES = 1_000_000
KEEP = 3
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


_said_unwritable: set[Path] = set()
"""The log files said on stderr not to be writable: said once a process (the command line starts
logging, then the app it opens does)."""


def log_path() -> Path:
    return Path(user_log_dir()) / LOG_NAME


class LogFile(logging.FileHandler):
    """Appends each record to the log file (opened at once, so a folder that cannot be
    written is said at start); hands over to a RotatingFileHandler with the same file
    and limits when a record would take the file past MAX_BYTES, which rolls it over."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8")
        self.rotating: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.rotating is None:
            try:
                full = self._full(record)
            except Exception:  # as logging does: a record that cannot be written is said on stderr
                self.handleError(record)
                return
            if not full:
                super().emit(record)
                return
            self.rotating = self._rotating_handler()
        self.rotating.emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        """RotatingFileHandler.shouldRollover's test: the file's end (other processes
        append too) plus this record reaches MAX_BYTES."""
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, 2)
        return self.stream.tell() + len(self.format(record)) + 1 >= MAX_BYTES

    def _rotating_handler(self) -> logging.Handler:
        import logging.handlers

        if self.stream is not None:
            self.stream.close()
            self.stream = None  # FileHandler's own way of saying "not open"
        handler = logging.handlers.RotatingFileHandler(self.baseFilename, maxBytes=MAX_BYTES, backupCount=KEEP,
                                                       encoding="utf-8")
        handler.setFormatter(self.formatter)
        return handler

    def close(self) -> None:
        if self.rotating is not None:
            self.rotating.close()
        super().close()


def start_logging(debug: bool = False, path: Path | None = None,
                  unwritable: Callable[[Path, str], str] | None = None) -> Path | None:
    """Attach the log file (once per process) and set the level; the file's path, or None
    when it cannot be written. `unwritable(path, reason)`: the warning said on stderr then, in
    the interface's language (the catalogue's `log.unwritable`: this module is below it)."""
    route_library_warnings()
    LOG.setLevel(logging.DEBUG if debug else logging.INFO)
    for handler in LOG.handlers:
        if isinstance(handler, LogFile):
            return Path(handler.baseFilename)
    path = path or log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        log_file = LogFile(path)
    except OSError as exc:
        reason = str(exc.strerror or exc)
        line = unwritable(path, reason) if unwritable else f"cppcc-review: warning: no log file ({path}: {reason})"
        if path not in _said_unwritable:
            _said_unwritable.add(path)
            print(line, file=sys.stderr)
        return None
    log_file.setFormatter(logging.Formatter(FORMAT))
    LOG.addHandler(log_file)
    return path


def stop_logging() -> None:
    """Detach and close the log file (tests, and a process that starts logging anew)."""
    for handler in list(LOG.handlers):
        if isinstance(handler, LogFile):
            LOG.removeHandler(handler)
            handler.close()


def logger(name: str) -> logging.Logger:
    """The logger of one part of the interface: `cppcc_review.tui.<name>`."""
    return LOG.getChild(f"tui.{name}")
