"""Key bindings as data: localised descriptions, the user's keymap, the help table.

Every `Binding` in the app carries an `id` (e.g. `rate_adopted`). The config file's
`[keymap]` table maps binding ids to comma-separated keys and replaces that
binding's default keys everywhere (Textual's `App.set_keymap`). Descriptions are
looked up in the message catalogue as `key.<id>`, so the footer and the help screen
speak the interface language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def binding_ids(classes: Iterable[type]) -> set[str]:
    """Every binding id declared in the BINDINGS of `classes` (and their bases)."""
    ids: set[str] = set()
    for cls in classes:
        for klass in cls.__mro__:
            for item in klass.__dict__.get("BINDINGS", []) or []:
                if isinstance(item, Binding) and item.id:
                    ids.add(item.id)
    return ids


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


def help_rows(binding_chain, key_display) -> list[HelpRow]:
    """One row per binding (grouped by id, else by action) of a screen's binding chain.

    `binding_chain` is `Screen._binding_chain` (the keymap already applied by
    Textual); `key_display(binding)` gives the key's display form. Bindings of text
    editing widgets and system bindings are left out: they are not this app's keys.
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
    # this app's bindings (with ids) first, then the generic ones of Textual's widgets
    return sorted(rows.values(), key=lambda row: row.binding_id is None)


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
