"""The project's log, and the route that takes libraries' warnings into it.

pypdf reports each repair it makes to a damaged PDF through `logging` (one warning per
misplaced object); with no handler configured, Python prints every one on stderr, so a
one-line error once came with up to 96 lines of "Ignoring wrong pointing object …".
Such warnings are about the document, not for the terminal: they go to the logger
`cppcc_review` (child `lib.<library>`), as do Python `warnings` raised while a document
is read. `cppcc_review` has a NullHandler, so nothing is printed unless a handler (a
log file) is attached to it or to the root logger.
"""

from __future__ import annotations

import logging

LOG = logging.getLogger("cppcc_review")
LOG.addHandler(logging.NullHandler())

# Libraries that log about the documents they read.
_LIBRARIES = ("pypdf", "docx", "charset_normalizer")


class _ToProjectLog(logging.Handler):
    """Passes a library's record on to `cppcc_review.lib.<library>` (and so to whatever
    handlers the project log has), instead of letting it reach Python's last-resort
    stderr handler."""

    def __init__(self, library: str) -> None:
        super().__init__()
        self.target = LOG.getChild(f"lib.{library}")

    def emit(self, record: logging.LogRecord) -> None:
        self.target.handle(record)


_routed = False


def route_library_warnings() -> None:
    """Send the libraries' log records and Python warnings to the project log (once)."""
    global _routed
    if _routed:
        return
    _routed = True
    for library in _LIBRARIES:
        logger = logging.getLogger(library)
        logger.addHandler(_ToProjectLog(library))
        logger.propagate = False
    logging.captureWarnings(True)  # warnings.warn(...) -> logger "py.warnings"
    py_warnings = logging.getLogger("py.warnings")
    py_warnings.addHandler(_ToProjectLog("warnings"))
    py_warnings.propagate = False


__all__ = ["LOG", "route_library_warnings"]
