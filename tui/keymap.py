"""Key bindings as data: localised descriptions, the user's keymap, the help table.

Every `Binding` in the app carries an `id` (e.g. `rate_adopted`). The config file's
`[keymap]` table maps binding ids to comma-separated keys and replaces that
binding's default keys everywhere (Textual's `App.set_keymap`). Descriptions are
looked up in the message catalogue as `key.<id>`, so the footer and the help screen
speak the interface language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from textual.binding import Binding, BindingsMap

from tui.i18n import t


def localize(bindings: BindingsMap, lang: str) -> BindingsMap:
    """A copy of `bindings` whose descriptions come from the catalogue (`key.<id>`)."""
    keys: dict[str, list[Binding]] = {}
    for key, binding in bindings:
        if binding.id and f"key.{binding.id}" in _catalogue_keys():
            binding = replace(binding, description=t(f"key.{binding.id}", lang))
        keys.setdefault(key, []).append(binding)
    return BindingsMap.from_keys(keys)


def _catalogue_keys() -> Mapping[str, object]:
    from tui.i18n import MESSAGES

    return MESSAGES


def declared_bindings(cls: type) -> list[Binding]:
    """The Bindings declared in the BINDINGS of `cls` and its bases, nearest class first."""
    out: list[Binding] = []
    for klass in cls.__mro__:
        out.extend(item for item in klass.__dict__.get("BINDINGS", []) or [] if isinstance(item, Binding))
    return out


def binding_ids(classes: Iterable[type]) -> set[str]:
    """Every binding id declared in the BINDINGS of `classes` (and their bases)."""
    return {b.id for cls in classes for b in declared_bindings(cls) if b.id}


def _keys(spec: str) -> list[str]:
    from textual.keys import _character_to_key  # how Textual itself names "?" or "["

    return [_character_to_key(k) if len(k) == 1 else k for k in (k.strip() for k in spec.split(",")) if k]


def keymap_collisions(keymap: Mapping[str, str], screens: Iterable[tuple[str, Sequence[type]]], lang: str = "zh") -> list[str]:
    """One line per key that the keymap gives to two different bindings on one screen.

    `screens` lists, per screen, the classes whose bindings are active together there
    (the app, the screen, the widget that has the focus). Two bindings on one key hide
    each other: the footer shows neither and one of them can never be used, so a keymap
    that does this is refused. Overlaps of the built-in keys alone are not reported.
    """
    wanted = {bid: _keys(keys) for bid, keys in keymap.items()}
    problems: list[str] = []
    for screen_name, classes in screens:
        owners: dict[str, dict[str, Binding]] = {}
        for cls in classes:
            for binding in declared_bindings(cls):
                name = binding.id or binding.action
                keys = wanted[binding.id] if binding.id in wanted else _keys(binding.key)
                for key in keys:
                    owners.setdefault(key, {}).setdefault(name, binding)
        for key, by_name in owners.items():
            if len(by_name) > 1 and any(name in wanted for name in by_name):
                if lang == "en":
                    both = " and ".join(f"{_description(b, lang)} ({name})" for name, b in by_name.items())
                else:
                    both = "和".join(f"{_description(b, lang)}({name})" for name, b in by_name.items())
                problems.append(t("keymap.collision", lang, key=_shown_key(key), screen=screen_name, both=both))
    return problems


def _description(binding: Binding, lang: str) -> str:
    if binding.id and f"key.{binding.id}" in _catalogue_keys():
        return t(f"key.{binding.id}", lang)
    return binding.description or binding.action


def _shown_key(key: str) -> str:
    from textual.keys import key_to_character

    character = key_to_character(key)
    return character if character and character.isprintable() else key


def check_keymap(keymap: Mapping[str, str], known: set[str]) -> tuple[dict[str, str], list[str]]:
    """Split the configured keymap into (usable entries, problems to tell the user)."""
    usable: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            problems.append(f"keymap: unknown binding id {binding_id!r}")
            continue
        cleaned = ",".join(k.strip() for k in str(keys).split(",") if k.strip())
        if not cleaned:
            problems.append(f"keymap: no keys given for {binding_id!r}")
            continue
        usable[binding_id] = cleaned
    return usable, problems


@dataclass
class HelpRow:
    binding_id: str | None
    keys: list[str]
    description: str
    action: str


def help_rows(binding_chain, key_display, order: Sequence[str] = ()) -> list[HelpRow]:
    """One row per binding (grouped by id, else by action) of a screen's binding chain.

    `binding_chain` is `Screen._binding_chain` (the keymap already applied by
    Textual); `key_display(binding)` gives the key's display form. Bindings of text
    editing widgets and system bindings are left out: they are not this app's keys.
    Rows come in `order` (binding ids as the screen declares them), so that a binding
    the keymap moved to other keys keeps its place.
    """
    rows: dict[tuple, HelpRow] = {}
    seen_keys: set[str] = set()
    for _node, bindings in binding_chain:
        for key, binding in bindings:
            if binding.system or not binding.description and not binding.id:
                continue
            if key in seen_keys:
                continue  # shadowed by a binding nearer the focus
            seen_keys.add(key)
            group = ("id", binding.id) if binding.id else ("action", binding.action)
            row = rows.get(group)
            if row is None:
                row = rows[group] = HelpRow(binding.id, [], binding.description, binding.action)
            display = key_display(binding)
            if display not in row.keys:
                row.keys.append(display)
    # this app's bindings (with ids) first, in the declared order; then the generic ones of Textual's widgets
    position = {binding_id: n for n, binding_id in enumerate(order)}

    def place(row: HelpRow) -> tuple[bool, int]:
        return (row.binding_id is None, position.get(row.binding_id, len(position)))

    return sorted(rows.values(), key=place)


def keys_of(binding_chain, binding_id: str, key_display) -> list[str]:
    """The display forms of every key bound to `binding_id` in a screen's binding chain
    (the user's keymap applied), nearest the focus first."""
    keys: list[str] = []
    for _node, bindings in binding_chain:
        for _key, binding in bindings:
            if binding.id == binding_id:
                display = key_display(binding)
                if display not in keys:
                    keys.append(display)
    return keys
