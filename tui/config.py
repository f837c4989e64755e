"""Settings: defaults < config file < environment < command line.

The config file is TOML (read with the standard library's tomllib) at
`<user config dir>/cppcc-review/config.toml`, or the file named by $CPPCC_REVIEW_CONFIG:

    reviewer = "王芳"          # name recorded with each rating
    lang = "zh"                # zh | en
    auto_advance = true        # after a rating, move to the next unrated suggestion
    result_scheme = "shanghai" # how declared labels (A / B类 / 解决采纳) map to ratings
    backups = 5                # rotating backups kept in <db>/backups
    hint_rubric = "default"    # suggested ratings: default | strict (vague promise alone = explained)
    hint_learning = true       # learn the suggested ratings from your own ratings
    hints_shown = "all"        # all | confident (weak hints hidden) | none

    [keymap]                   # binding id -> keys (comma-separated), see the help screen
    rate_adopted = "1,a"
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

from store.errors import InputError

APP_NAME = "cppcc-review"
ENV_CONFIG = "CPPCC_REVIEW_CONFIG"


@dataclass
class Settings:
    reviewer: str | None = None
    """Name recorded with each rating; None means the OS user name."""
    lang: str = "zh"
    """Interface language: zh (default) or en."""
    auto_advance: bool = True
    """After a rating, move to the next unrated suggestion."""
    result_scheme: str = "default"
    """Named scheme mapping declared result labels to ratings (see store.hints)."""
    backups: int = 5
    """How many rotating backups of the database files to keep."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys, overriding the defaults."""
    hint_rubric: str = "default"
    """Suggested ratings: "default" rubric, or "strict" (a vague promise alone is explained)."""
    hint_learning: bool = True
    """Learn the suggested ratings from this reviewer's own ratings (store.hint_learner)."""
    hints_shown: str = "all"
    """Which suggested ratings to show: "all", "confident" (weak ones hidden) or "none"."""


def config_path() -> Path:
    override = os.environ.get(ENV_CONFIG)
    if override:
        return Path(override).expanduser()
    return Path(user_config_dir(APP_NAME)) / "config.toml"


def default_db_path() -> Path:
    return Path(user_data_dir(APP_NAME)) / "db"


def load_config(path: Path | None = None) -> Settings:
    """Read the config file if there is one; a broken file is a one-line error."""
    path = path or config_path()
    settings = Settings()
    if not path.exists():
        return settings
    import tomllib  # only when there is a file to read (every command starts here)

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the config file: {exc}") from exc
    for key, value in data.items():
        if key == "keymap":
            if not isinstance(value, dict):
                raise InputError(f"{path}: [keymap] must be a table of binding id = \"keys\"")
            settings.keymap = {str(k): str(v) for k, v in value.items()}
        elif hasattr(settings, key):
            expected = type(getattr(settings, key)) if getattr(settings, key) is not None else str
            if not isinstance(value, expected):
                raise InputError(f"{path}: {key} should be {expected.__name__}, not {value!r}")
            setattr(settings, key, value)
        else:
            raise InputError(f"{path}: unknown setting {key!r}")
    if settings.lang not in ("zh", "en"):
        raise InputError(f"{path}: lang must be zh or en, not {settings.lang!r}")
    if settings.hint_rubric not in ("default", "strict"):
        raise InputError(f"{path}: hint_rubric must be default or strict, not {settings.hint_rubric!r}")
    if settings.hints_shown not in ("all", "confident", "none"):
        raise InputError(f"{path}: hints_shown must be all, confident or none, not {settings.hints_shown!r}")
    return settings
