"""Key bindings as data: descriptions in the interface language, the user's keymap, the
help table.

Every `Binding` in the app carries an `id` (e.g. `rate_adopted`). The config file's
`[keymap]` table maps binding ids to comma-separated keys and replaces that binding's
default keys everywhere (Textual's `App.set_keymap`); an unknown id, or a keymap that
gives one key two bindings on one screen, is refused at start. Descriptions are looked
up in the message catalogue as `key.<id>` when they are shown (`describe`), so the
footer and the help screen speak the interface language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from textual.binding import ActiveBinding, Binding
from textual.keys import key_to_character

from .i18n import MESSAGES, t

KeyDisplay = Callable[[Binding], str]


def describe(binding: Binding, lang: str) -> str:
    """The binding's description in the interface language (`key.<id>`; Textual's own binding,
    which has no id, `textual.<action>`), else its own."""
    if binding.id and f"key.{binding.id}" in MESSAGES:
        return t(f"key.{binding.id}", lang)
    if not binding.id and f"textual.{binding.action}" in MESSAGES:
        return t(f"textual.{binding.action}", lang)
    return binding.description or binding.action


def declared_bindings(cls: type) -> list[Binding]:
    """The Bindings declared in the BINDINGS of `cls` and its bases, nearest class first."""
    out: list[Binding] = []
    for klass in cls.__mro__:
        out.extend(item for item in klass.__dict__.get("BINDINGS", []) or [] if isinstance(item, Binding))
    return out


def binding_ids(classes: Iterable[type]) -> set[str]:
    """Every binding id declared in the BINDINGS of `classes` (and their bases)."""
    return {b.id for cls in classes for b in declared_bindings(cls) if b.id}


def key_names(spec: str) -> list[str]:
    """The keys of a comma-separated spec as Textual names them ("?" -> "question_mark")."""
    parts = [part.strip() for part in spec.split(",") if part.strip()]
    return [binding.key for binding in Binding.make_bindings([Binding(",".join(parts), "")])] if parts else []


def keymap_problems(keymap: Mapping[str, str], known: set[str], lang: str = "zh") -> list[str]:
    """One line per entry of the configured keymap that cannot be used, in `lang`: an unknown
    binding id (a typo would silently leave the key as it was) or no keys."""
    problems: list[str] = []
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            problems.append(t("keymap.unknown_id", lang, id=repr(binding_id)))
        elif not key_names(str(keys)):
            problems.append(t("keymap.no_keys", lang, id=repr(binding_id)))
    return problems


def keymap_collisions(keymap: Mapping[str, str], screens: Iterable[tuple[str, Sequence[type]]], lang: str = "zh") -> list[str]:
    """One line per key that the keymap gives to two different bindings on one screen.

    `screens` lists, per screen, the classes whose bindings are active together there
    (the app, the screen, the widget that has the focus). Two bindings on one key hide
    each other: the footer shows neither and one of them can never be used, so a keymap
    that does this is refused. Overlaps of the built-in keys alone are not reported.
    """
    wanted = {bid: key_names(keys) for bid, keys in keymap.items()}
    problems: list[str] = []
    for screen_name, classes in screens:
        owners: dict[str, dict[str, Binding]] = {}
        for cls in classes:
            for binding in declared_bindings(cls):
                name = binding.id or binding.action
                keys = wanted[binding.id] if binding.id in wanted else key_names(binding.key)
                for key in keys:
                    owners.setdefault(key, {}).setdefault(name, binding)
        for key, by_name in owners.items():
            if len(by_name) > 1 and any(name in wanted for name in by_name):
                if lang == "en":
                    both = " and ".join(f"{describe(b, lang)} ({name})" for name, b in by_name.items())
                else:
                    both = "和".join(f"{describe(b, lang)}({name})" for name, b in by_name.items())
                problems.append(t("keymap.collision", lang, key=_shown_key(key), screen=screen_name, both=both))
    return problems


def _shown_key(key: str) -> str:
    character = key_to_character(key)
    return character if character and character.isprintable() else key


@dataclass
class HelpRow:
    binding_id: str | None
    keys: list[str]
    description: str
    action: str


def help_rows(active: Mapping[str, ActiveBinding], key_display: KeyDisplay, lang: str,
              order: Sequence[str] = ()) -> list[HelpRow]:
    """One row per binding (grouped by id, else by action) of a screen's active bindings
    (`Screen.active_bindings`: the user's keymap applied, keys shadowed nearer the focus
    left out). System bindings are left out: they are not this app's keys. Rows come in
    `order` (binding ids as the screen declares them), so that a binding the keymap moved
    to other keys keeps its place; Textual's own (no id) come last.
    """
    rows: dict[tuple[str, str], HelpRow] = {}
    for _key, entry in active.items():
        binding = entry.binding
        if binding.system or (not binding.description and not binding.id):
            continue
        group = ("id", binding.id) if binding.id else ("action", binding.action)
        row = rows.get(group)
        if row is None:
            row = rows[group] = HelpRow(binding.id, [], describe(binding, lang), binding.action)
        display = key_display(binding)
        if display not in row.keys:
            row.keys.append(display)
    position = {binding_id: n for n, binding_id in enumerate(order)}

    def place(row: HelpRow) -> tuple[bool, int]:
        return (row.binding_id is None, position.get(row.binding_id or "", len(position)))

    return sorted(rows.values(), key=place)


def keys_of(active: Mapping[str, ActiveBinding], binding_id: str, key_display: KeyDisplay) -> list[str]:
    """The display forms of every key bound to `binding_id` among a screen's active
    bindings (the user's keymap applied), nearest the focus first."""
    keys: list[str] = []
    for entry in active.values():
        if entry.binding.id == binding_id:
            display = key_display(entry.binding)
            if display not in keys:
                keys.append(display)
    return keys
