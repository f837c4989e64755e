"""The tool's own folders (config, default database, log, session state) are where
platformdirs puts them: cppcc_review.tui.user_dirs answers the usual XDG case itself (so
that no command imports platformdirs at its start) and must give the very same paths."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from cppcc_review.tui import user_dirs
from cppcc_review.tui.config import config_path, default_db_path
from cppcc_review.tui.logs import log_path
from cppcc_review.tui.session_state import places_path

XDG = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG rules are Linux's (and other Unix)")
@pytest.mark.parametrize(("home", "xdg"), [
    ("/home/张三", None),  # nothing set: under $HOME
    ("/home/zhang/", None),  # a trailing slash
    ("/", None),
    ("/home/zhang", "/data/xdg"),  # set, absolute
    ("/home/zhang", "/data/xdg/"),
    ("/home/zhang", ""),  # set but empty: ignored
    ("/home/zhang", "relative/dir"),  # relative: ignored, as the rules say
    ("relative-home", None),  # a relative HOME: platformdirs' own answer
    ("relative-home", "/data/xdg"),
])
def test_the_folders_are_those_platformdirs_gives(monkeypatch, home, xdg):
    monkeypatch.setenv("HOME", home)
    monkeypatch.delenv("CPPCC_REVIEW_CONFIG", raising=False)
    for name in XDG:
        if xdg is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, xdg)
    try:
        expected = {
            "config": platformdirs.user_config_dir("cppcc-review"),
            "data": platformdirs.user_data_dir("cppcc-review"),
            "state": platformdirs.user_state_dir("cppcc-review"),
            "log": platformdirs.user_log_dir("cppcc-review"),
        }
    except RuntimeError:  # platformdirs finds no home at all: neither may we
        with pytest.raises(RuntimeError):
            user_dirs.user_config_dir()
        return
    assert {
        "config": user_dirs.user_config_dir(),
        "data": user_dirs.user_data_dir(),
        "state": user_dirs.user_state_dir(),
        "log": user_dirs.user_log_dir(),
    } == expected
    assert str(config_path()) == f"{expected['config']}/config.toml"
    assert str(default_db_path()) == f"{expected['data']}/db"
    assert str(log_path()) == f"{expected['log']}/cppcc-review.log"
    assert str(places_path()) == f"{expected['state']}/places.json"
