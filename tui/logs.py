"""The log file: where a failure that the screen shows in one line is told in full.

`start_logging(debug)` attaches a rotating file handler to the project's logger
`cppcc_review` (cppcc_review.store.log; libraries' warnings are routed there too) at start-up, for
the command line and the app alike. The file is `<user log dir>/cppcc-review.log`
(`~/.local/state/cppcc-review/log/` on Linux, platformdirs elsewhere); `--debug` (or
`debug = true`) lowers the level from INFO to DEBUG. Every caught exception is logged
with its traceback (`LOG.exception` / `exc_info=True`), so a message such as "a check
failed" can be traced afterwards. A log folder that cannot be written is said once on
stderr and the program goes on: a log is never a reason to stop a review.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from platformdirs import user_log_dir

from cppcc_review.store.log import LOG, route_library_warnings

LOG_NAME = "cppcc-review.log"
MAX_BYTES = 1_000_000
KEEP = 3
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


def log_path() -> Path:
    return Path(user_log_dir("cppcc-review")) / LOG_NAME


def start_logging(debug: bool = False, path: Path | None = None) -> Path | None:
    """Attach the log file (once per process) and set the level; the file's path, or None
    when it cannot be written."""
    route_library_warnings()
    LOG.setLevel(logging.DEBUG if debug else logging.INFO)
    for handler in LOG.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    path = path or log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8")
    except OSError as exc:
        print(f"cppcc-review: warning: no log file ({path}: {exc.strerror or exc})", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    LOG.addHandler(handler)
    return path


def stop_logging() -> None:
    """Detach and close the log file (tests, and a process that starts logging anew)."""
    for handler in list(LOG.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            LOG.removeHandler(handler)
            handler.close()


def logger(name: str) -> logging.Logger:
    """The logger of one part of the interface: `cppcc_review.tui.<name>`."""
    return LOG.getChild(f"tui.{name}")
