"""Settings: one typed object, read from defaults < config file < environment < command line.

The config file is TOML (read with the standard library's tomllib) at
`<user config dir>/cppcc-review/config.toml`, or the file named by $CPPCC_REVIEW_CONFIG:

    reviewer = "王芳"          # name recorded with each rating
    lang = "zh"                # zh | en
    theme = "textual-light"    # any theme of the palette's theme picker
    auto_advance = true        # after a rating, move to the next unrated suggestion
    result_scheme = "shanghai" # how declared labels (A / B类 / 解决采纳) map to ratings
    backups = 5                # rotating backups kept in <db>/backups
    db = "~/reviews/db"        # the database folder
    debug = false              # write debug detail to the log file
    hint_rubric = "default"    # suggested ratings: default | strict (vague promise alone = explained)
    hint_learning = true       # learn the suggested ratings from your own ratings
    hints_shown = "all"        # all | confident (weak hints hidden) | none
    vague_check = false        # also flag plans made only of 研究/探索/积极-type words (right ~1 in 3 on real replies)

    [keymap]                   # binding id -> keys (comma-separated), see the help screen
    rate_adopted = "1,a"

Every field below names its environment variable (CPPCC_REVIEW_<FIELD>). A value of the
wrong type is refused with one line naming where it came from: `backups = true` is not a
number, `auto_advance = 1` is not true or false, an unknown `result_scheme` or `lang` is
not guessed at. The theme and the keymap are checked by the app (they need Textual).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..store.errors import InputError, coded
from ..store.model import CONSENSUS
from .user_dirs import user_config_dir, user_data_dir

APP_NAME = "cppcc-review"
ENV_CONFIG = "CPPCC_REVIEW_CONFIG"
ENV_PREFIX = "CPPCC_REVIEW_"
LANGS = ("zh", "en")
DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True)
class Settings:
    """What the user can set; every field documented, with its environment variable."""

    reviewer: str | None = None
    """Name recorded with each rating; None means the OS user name. $CPPCC_REVIEW_REVIEWER, --reviewer."""
    lang: str = "zh"
    """Interface language: zh (default) or en. $CPPCC_REVIEW_LANG, --lang."""
    theme: str = DEFAULT_THEME
    """Colour theme: a name the palette's theme picker lists (textual-dark, textual-light,
    cppcc-high-contrast ...). $CPPCC_REVIEW_THEME."""
    auto_advance: bool = True
    """After a rating, move to the next unrated suggestion. $CPPCC_REVIEW_AUTO_ADVANCE."""
    result_scheme: str = "default"
    """Named scheme mapping declared result labels to ratings (cppcc_review.store.aids.hints.scheme_names()),
    used by the review screen's hints and checks and by `check`. $CPPCC_REVIEW_RESULT_SCHEME."""
    backups: int = 5
    """How many rotating backups of the database files to keep (0 or more). $CPPCC_REVIEW_BACKUPS."""
    db: Path | None = None
    """The database folder; None means the user data folder. $CPPCC_REVIEW_DB, --db."""
    debug: bool = False
    """Write debug detail to the log file. $CPPCC_REVIEW_DEBUG, --debug."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys, overriding the defaults (config file only)."""
    hint_rubric: str = "default"
    """Suggested ratings: "default" rubric, or "strict" (a vague promise alone is explained).
    $CPPCC_REVIEW_HINT_RUBRIC."""
    hint_learning: bool = True
    """Learn the suggested ratings from this reviewer's own ratings (cppcc_review.store.aids.hint_learner).
    $CPPCC_REVIEW_HINT_LEARNING."""
    hints_shown: str = "all"
    """Which suggested ratings to show: "all", "confident" (weak ones hidden) or "none".
    $CPPCC_REVIEW_HINTS_SHOWN."""
    vague_check: bool = False
    """Also run the opt-in check vague_response (a plan made only of 研究/探索/积极-type words), in the review
    screen and in `check` (cppcc_review.store.aids.checks.OPT_IN_KINDS: off by default, it was right about one time
    in three on real replies). $CPPCC_REVIEW_VAGUE_CHECK, `check --vague`."""
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Not a setting: where each value that is not a default came from (the config file's path,
    $CPPCC_REVIEW_<FIELD>, --option), for a check made later (the theme's, by the app) to name
    it as load_settings names a wrong value."""

    @property
    def db_path(self) -> Path:
        """The database folder to open: `db`, else the user data folder."""
        return self.db if self.db is not None else default_db_path()


def config_path() -> Path:
    override = os.environ.get(ENV_CONFIG)
    if override:
        return Path(override).expanduser()
    return Path(user_config_dir()) / "config.toml"


def default_db_path() -> Path:
    return Path(user_data_dir()) / "db"


# --- one value, from any source --------------------------------------------------------
def _as_str(value: object, where: str, name: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{where}: {name} should be text, not {value!r}", code="config.text", where=where, name=name,
                         value=repr(value))
    return value


def _as_bool(value: object, where: str, name: str) -> bool:
    if isinstance(value, str):  # the environment and the command line give text
        words = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}
        if value.strip().lower() in words:
            return words[value.strip().lower()]
    if not isinstance(value, bool):
        raise InputError(f"{where}: {name} should be true or false, not {value!r}", code="config.bool", where=where,
                         name=name, value=repr(value))
    return value


def _as_count(value: object, where: str, name: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    # bool is an int to Python; `backups = true` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"{where}: {name} should be a whole number, 0 or more, not {value!r}", code="config.count",
                         where=where, name=name, value=repr(value))
    return value


def _as_lang(value: object, where: str, name: str) -> str:
    text = _as_str(value, where, name)
    if text not in LANGS:
        raise InputError(f"{where}: {name} must be zh or en, not {text!r}", code="config.lang", where=where, name=name,
                         value=repr(text))
    return text


def _as_scheme(value: object, where: str, name: str) -> str:
    from ..store.aids.schemes import scheme_names  # (not through hints: its imports cost ~0.1 s of the start)

    text = _as_str(value, where, name)
    known = scheme_names()
    if text not in known:
        raise InputError(f"{where}: unknown {name} {text!r}; known: {', '.join(known)}", code="config.scheme",
                         where=where, name=name, value=repr(text), known=", ".join(known))
    return text


def _as_rubric(value: object, where: str, name: str) -> str:
    from ..store.aids.hint_learner import RUBRIC_CHOICES  # with the hints (imported when a value is given)

    return _one_of(RUBRIC_CHOICES, value, where, name)


def _as_shown(value: object, where: str, name: str) -> str:
    from ..store.aids.hint_learner import SHOW_CHOICES

    return _one_of(SHOW_CHOICES, value, where, name)


def _one_of(choices: tuple[str, ...], value: object, where: str, name: str) -> str:
    text = _as_str(value, where, name)
    if text not in choices:
        listed = ", ".join(choices[:-1]) + " or " + choices[-1]
        raise InputError(f"{where}: {name} must be {listed}, not {text!r}", code="config.one_of", where=where,
                         name=name, value=repr(text), choices="、".join(choices))
    return text


RESERVED_REVIEWERS = (CONSENSUS,)
"""Names the tool itself records under (settled disputes)."""


def reviewer_problem(text: str) -> str | None:
    """Why `text` (stripped) cannot be recorded as a reviewer's name, or None: a reserved
    name, or one holding a control character or a line break (it would print across lines
    and be a different reviewer from the name as typed). The phrase carries its code
    (store.errors.coded) for the command line to word it in the interface's language."""
    if text.casefold() in RESERVED_REVIEWERS:
        return coded("is reserved for settled disputes (set in the app, D); use your own name", "reviewer.reserved")
    bad = next((c for c in text if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)
    if bad is not None:
        return coded(f"holds a control character (U+{ord(bad):04X}); give the name as plain text on one line",
                     "reviewer.control", char=f"U+{ord(bad):04X}")
    return None


def option_reviewer(given: str) -> str:
    """The --reviewer option's name, stripped, or its refusal: empty, reserved, a control character."""
    value = given.strip()
    if not value:
        raise InputError("--reviewer is empty; give your name (or leave the option out to use the configured one)",
                         code="reviewer_option_empty")
    problem = reviewer_problem(value)
    if problem is not None:
        raise InputError(f"--reviewer {value!r}: this name {problem}", code="reviewer_option", name=repr(value),
                         problem=problem)
    return value


def _as_reviewer(value: object, where: str, name: str) -> str:
    text = _as_str(value, where, name).strip()
    if not text:
        raise InputError(f"{where}: {name} is empty; give your name or leave it out", code="setting_reviewer_empty",
                         where=where, name=name)
    problem = reviewer_problem(text)
    if problem is not None:
        raise InputError(f"{where}: {name} {text!r} {problem}", code="setting_reviewer", where=where, name=name,
                         text=repr(text), problem=problem)
    return text


def _as_path(value: object, where: str, name: str) -> Path:
    text = _as_str(value, where, name).strip()
    if not text:
        raise InputError(f"{where}: {name} is empty", code="config.empty", where=where, name=name)
    return Path(text).expanduser()


def _as_keymap(value: object, where: str, name: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InputError(f'{where}: [{name}] must be a table of binding id = "keys"', code="config.keymap_table",
                         where=where, name=name)
    for key, keys in value.items():
        if not isinstance(keys, str):
            raise InputError(f'{where}: [{name}] {key} = {keys!r}: the value must be a string of keys, '
                             f'e.g. {key} = "1" (several: "1,a")', code="config.keymap_keys", where=where, name=name,
                             key=key, keys=repr(keys))
    return {str(k): v for k, v in value.items()}


PARSERS: dict[str, Callable[[object, str, str], Any]] = {
    "reviewer": _as_reviewer,
    "lang": _as_lang,
    "theme": _as_str,
    "auto_advance": _as_bool,
    "result_scheme": _as_scheme,
    "backups": _as_count,
    "db": _as_path,
    "debug": _as_bool,
    "keymap": _as_keymap,
    "hint_rubric": _as_rubric,
    "hint_learning": _as_bool,
    "hints_shown": _as_shown,
    "vague_check": _as_bool,
}
"""How each field's value is checked and converted, whatever its source."""

FROM_ENVIRONMENT = tuple(name for name in PARSERS if name != "keymap")


def _apply(settings: Settings, values: Mapping[str, object], where: str) -> Settings:
    known = {f.name for f in fields(Settings)} - {"sources"}
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if name not in known:
            raise InputError(f"{where}: unknown setting {name!r}", code="config.unknown", where=where, name=repr(name))
        if value is None:
            continue
        changes[name] = PARSERS[name](value, where, name)
    if not changes:
        return settings
    return replace(settings, **changes, sources={**settings.sources, **dict.fromkeys(changes, where)})


_read_this_command: dict[Path, dict[str, object] | InputError] | None = None
"""While a command runs (read_once): each config file's table, or the error reading it gave."""


@contextmanager
def read_once() -> Iterator[None]:
    """Within the block, the config file is read at most once: a command asks for it for its
    language (before and after parsing), its log level, its settings and its reviewer's name,
    and read it up to 5 times. What is read holds for the block (one command); outside it,
    every call reads the file as it is now. Blocks nest: the outermost one holds."""
    global _read_this_command
    if _read_this_command is not None:
        yield
        return
    _read_this_command = {}
    try:
        yield
    finally:
        _read_this_command = None


def read_config_file(path: Path) -> dict[str, object]:
    """The config file's table, or {} when there is none; a broken file is a one-line error.
    Read once within read_once (the same table, or the same error, each time)."""
    held = _read_this_command
    if held is None:
        return _read_config_file(path)
    if path not in held:
        try:
            held[path] = _read_config_file(path)
        except InputError as exc:
            held[path] = exc
    table = held[path]
    if isinstance(table, InputError):
        raise table.with_traceback(None)  # (the traceback of this raise, not every earlier one's)
    return dict(table)


def _read_config_file(path: Path) -> dict[str, object]:
    if not path.exists():
        return {}
    import tomllib  # only when there is a file to read (every command starts here: 10-15 ms)

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the config file: {exc}", code="config.unreadable", path=path,
                         detail=exc) from exc


def environment_values(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """The settings given as CPPCC_REVIEW_<FIELD> variables (empty ones are ignored)."""
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for name in FROM_ENVIRONMENT:
        value = environ.get(ENV_PREFIX + name.upper())
        if value:
            values[name] = value
    return values


def load_settings(
    command_line: Mapping[str, object] | None = None,
    *,
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Defaults < config file < environment < command line (`command_line`: the options
    given, None for those left out)."""
    path = path or config_path()
    settings = _apply(Settings(), read_config_file(path), str(path))
    for name, value in environment_values(environ).items():
        settings = _apply(settings, {name: value}, f"${ENV_PREFIX}{name.upper()}")
    for name, value in (command_line or {}).items():
        settings = _apply(settings, {name: value}, f"--{name.replace('_', '-')}")
    return settings


def load_config(path: Path | None = None) -> Settings:
    """The config file and the environment (no command line): what the sub-commands read."""
    return load_settings(path=path)


def interface_language(command_line: str | None = None) -> str:
    """The interface's language: `command_line` (--lang), else $CPPCC_REVIEW_LANG, else the config
    file's `lang`, else Chinese; as load_settings decides it, yet also when another setting is
    refused (a reserved reviewer name in the config file is refused in the language it asks for).
    A config file that cannot be read at all leaves the variable and Chinese."""
    if command_line in LANGS:
        return command_line
    chosen = environment_values().get("lang")
    if chosen in LANGS:
        return str(chosen)
    try:
        chosen = read_config_file(config_path()).get("lang")
    except InputError:
        chosen = None
    return str(chosen) if chosen in LANGS else "zh"
