"""The footer: every key of each shown binding, the ones that matter first.

Textual's Footer shows one key per action, in the order the bindings happen to be in
after the user's keymap was applied: with `rate_adopted = "1,y"` the footer moved 采纳
to the end (cut off at 80 columns) and showed only `1`. This footer groups the keys of
one binding (`1/y 采纳`), keeps the order the screen declares, and puts the bindings a
screen names in `FOOTER_FIRST` (binding ids) in front, so that a narrow terminal still
shows them. A short label `footer.<binding id>` from the catalogue is used when there is
one (the help screen keeps the full description).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Footer
# FooterKey is not exported by textual.widgets; it is the footer's own key (the same look,
# and a click presses the key). Only this module uses it.
from textual.widgets._footer import FooterKey

from tui.i18n import MESSAGES, t


def footer_items(screen, key_display) -> list[tuple[str, str, str, str, bool, str]]:
    """(first key, all keys shown, label, action, enabled, tooltip) per shown binding of
    `screen`, in footer order."""
    groups: dict[str, list] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.show:
            continue
        groups.setdefault(binding.id or binding.action, []).append((key, active))
    first = list(getattr(screen, "FOOTER_FIRST", ()))
    lang = getattr(screen.app, "lang", "zh")
    positions = {name: n for n, name in enumerate(groups)}

    def order(name: str) -> tuple[int, int]:
        if name == "help":  # `?` is everywhere and the help screen lists it: last
            return (len(first) + 1, 0)
        return (first.index(name) if name in first else len(first), positions[name])

    items = []
    for name in sorted(groups, key=order):
        entries = groups[name]
        key, active = entries[0]
        binding = active.binding
        shown = "/".join(dict.fromkeys(key_display(a.binding) for _k, a in entries))
        label = t(f"footer.{binding.id}", lang) if binding.id and f"footer.{binding.id}" in MESSAGES else binding.description
        items.append((key, shown, label, binding.action, active.enabled, active.tooltip or binding.description))
    return items


#: below this width the footer drops the padding around keys (Textual's compact style)
COMPACT_BELOW = 100


class KeyFooter(Footer):
    """Footer with all keys of a binding (`1/a 采纳`) and the screen's FOOTER_FIRST in front."""

    _fitted_width = 0

    def on_resize(self, event) -> None:
        width = event.size.width
        self.compact = width < COMPACT_BELOW
        if width != self._fitted_width and self._bindings_ready:
            self.call_after_refresh(self.recompose)  # other keys fit now

    def _item_width(self, keys: str, label: str) -> int:
        # FooterKey: " keys " + "label " normally; "keys" + " label" + a margin when compact
        return cell_len(keys) + cell_len(label) + (2 if self.compact else 3)

    def compose(self):
        if not self._bindings_ready:
            return
        screen = self.screen
        palette = self.app.COMMAND_PALETTE_BINDING
        palette_active = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette_active = screen.active_bindings.get(palette)
        width = self.size.width
        self._fitted_width = width
        room = width
        if palette_active is not None:
            binding = palette_active.binding
            room -= self._item_width(self.app.get_key_display(binding), binding.description) + 1
        for key, shown, label, action, enabled, tooltip in footer_items(screen, self.app.get_key_display):
            if key == palette:
                continue
            if width:
                # Whole keys only: the rest are on the help screen (`?`), which lists them all.
                room -= self._item_width(shown, label)
                if room < 0:
                    break
            yield FooterKey(key, shown, label, action, disabled=not enabled, tooltip=tooltip).data_bind(
                compact=Footer.compact
            )
        if palette_active is not None:
            active = palette_active
            if active is not None:
                binding = active.binding
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    classes="-command-palette",
                    disabled=not active.enabled,
                    tooltip=binding.tooltip or binding.description,
                )
