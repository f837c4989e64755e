"""Where the tool keeps its own files in the user's home: the config file's folder, the
default database's, the log's and the session state's.

platformdirs decides, on every platform. On Linux (and the other systems platformdirs
reads by the XDG Base Directory rules) the usual case, an `XDG_*_HOME` that holds an
absolute path or none and an absolute `$HOME`, is answered here exactly as platformdirs
answers it (tests/test_user_dirs.py holds the two side by side): every command asks
for these folders at its start, and importing platformdirs costs ~5 ms of it (it loads
tempfile, shutil, random, bz2 and lzma at import), a twentieth of a `cppcc-review rate`
call. Anything else (Windows, macOS, Android, a relative `$HOME`) is platformdirs' own.
"""

from __future__ import annotations

import os
import posixpath
import sys

APP_NAME = "cppcc-review"

# The XDG variable of each folder, and where it is under $HOME when the variable is not set
# (platformdirs.unix.Unix: user_config_dir, user_data_dir, user_state_dir).
_XDG = {"config": ("XDG_CONFIG_HOME", ".config"), "data": ("XDG_DATA_HOME", ".local/share"),
        "state": ("XDG_STATE_HOME", ".local/state")}


def _by_xdg_rules() -> bool:
    """Whether platformdirs reads this system's folders by the XDG rules (its Unix class)."""
    if sys.platform in ("win32", "darwin", "ios") or hasattr(sys, "getandroidapilevel"):
        return False
    return not (os.environ.get("ANDROID_DATA") or os.environ.get("ANDROID_ROOT"))  # (an Android app's)


def _folder(kind: str) -> str | None:
    """The folder platformdirs gives for `kind`, when it is the usual XDG case; else None."""
    if not _by_xdg_rules():
        return None
    variable, under_home = _XDG[kind]
    path = os.environ.get(variable, "")
    if posixpath.isabs(path):  # a relative or empty XDG variable is ignored, as the rules say
        return posixpath.join(path, APP_NAME)
    home = os.environ.get("HOME", "")
    if posixpath.isabs(home):
        return posixpath.join(home.rstrip("/") or "/", under_home, APP_NAME)
    return None


def _platformdirs(name: str) -> str:
    """platformdirs' own answer (its function `name`): imported only off the usual case."""
    import platformdirs

    return str(getattr(platformdirs, name)(APP_NAME))


def user_config_dir() -> str:
    return _folder("config") or _platformdirs("user_config_dir")


def user_data_dir() -> str:
    return _folder("data") or _platformdirs("user_data_dir")


def user_state_dir() -> str:
    return _folder("state") or _platformdirs("user_state_dir")


def user_log_dir() -> str:
    folder = _folder("state")  # (platformdirs' Unix: the state folder's `log`)
    return posixpath.join(folder, "log") if folder else _platformdirs("user_log_dir")
