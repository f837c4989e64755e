"""The footer: every key of each shown binding, the ones that matter first.

Textual's Footer shows one key per action, in the order the bindings happen to be in
after the user's keymap was applied: with `rate_adopted = "1,y"` the footer moved 采纳
to the end (cut off at 80 columns) and showed only `1`. This footer groups the keys of
one binding (`1/y 采纳`), keeps the order the screen declares, and puts the bindings a
screen names in `FOOTER_FIRST` (binding ids) in front, so that a narrow terminal still
shows them. A short label `footer.<binding id>` from the catalogue is used when there is
one (the help screen keeps the full description, `key.<binding id>`).

It is built from public pieces only: the screen's `active_bindings` and its
`bindings_updated_signal`, and `FooterKeyLabel`, one key a widget, styled with the
theme's footer variables like Textual's own footer; a click presses the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import HorizontalGroup
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from ..i18n import MESSAGES, t
from ..keymap import KeyDisplay, describe

#: below this width the footer drops the padding around keys (Textual's compact style)
COMPACT_BELOW = 100


@dataclass(frozen=True)
class FooterItem:
    key: str
    """The first key (what a click presses)."""
    shown: str
    """Every key of the binding, as shown: "1/a"."""
    label: str
    enabled: bool
    tooltip: str


def footer_items(active: dict[str, ActiveBinding], key_display: KeyDisplay, lang: str,
                 first: Sequence[str] = ()) -> list[FooterItem]:
    """One item per shown binding of a screen's active bindings, in footer order: the
    bindings named in `first`, then the others as declared, help (`?`) last."""
    groups: dict[str, list[tuple[str, ActiveBinding]]] = {}
    for key, entry in active.items():
        if entry.binding.show:
            groups.setdefault(entry.binding.id or entry.binding.action, []).append((key, entry))
    positions = {name: n for n, name in enumerate(groups)}

    def order(name: str) -> tuple[int, int]:
        if name == "help":  # `?` is everywhere and the help screen lists it: last
            return (len(first) + 1, 0)
        return (first.index(name) if name in first else len(first), positions[name])

    items = []
    for name in sorted(groups, key=order):
        key, entry = groups[name][0]
        binding = entry.binding
        shown = "/".join(dict.fromkeys(key_display(e.binding) for _k, e in groups[name]))
        short = f"footer.{binding.id}"
        label = t(short, lang) if binding.id and short in MESSAGES else describe(binding, lang)
        items.append(FooterItem(key, shown, label, entry.enabled, entry.tooltip or describe(binding, lang)))
    return items


class FooterKeyLabel(Widget):
    """One key of the footer: the key, then what it does; a click presses the key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description"}
    DEFAULT_CSS = """
    FooterKeyLabel {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .footer-key--key { color: $footer-key-foreground; background: $footer-key-background;
                           text-style: bold; padding: 0 1; }
        .footer-key--description { padding: 0 1 0 0; color: $footer-description-foreground;
                                   background: $footer-description-background; }
        &:hover { color: $footer-key-foreground; background: $block-hover-background; }
        &.-disabled { text-style: dim; }
        &.-compact {
            .footer-key--key { padding: 0; }
            .footer-key--description { padding: 0 0 0 1; }
        }
    }
    """

    compact: reactive[bool] = reactive(False, toggle_class="-compact")
    """No padding around the key (narrow terminals)."""

    def __init__(self, item: FooterItem, *, compact: bool = False, classes: str = "") -> None:
        super().__init__(classes=classes + ("" if item.enabled else " -disabled"))
        self.item = item
        self.set_reactive(FooterKeyLabel.compact, compact)
        self.set_class(compact, "-compact")
        if item.tooltip:
            self.tooltip = item.tooltip

    @property
    def key_display(self) -> str:
        return self.item.shown

    @property
    def description(self) -> str:
        return self.item.label

    def render(self) -> Text:
        key_padding = self.get_component_styles("footer-key--key").padding
        label_padding = self.get_component_styles("footer-key--description").padding
        text = Text.assemble(
            (" " * key_padding.left + self.item.shown + " " * key_padding.right,
             self.get_component_rich_style("footer-key--key")),
            (" " * label_padding.left + self.item.label + " " * label_padding.right,
             self.get_component_rich_style("footer-key--description")),
        )
        text.stylize_before(self.rich_style)
        return text

    def on_mouse_down(self) -> None:
        if self.item.enabled:
            self.app.simulate_key(self.item.key)
        else:
            self.app.bell()


class KeyFooter(HorizontalGroup, can_focus=False, can_focus_children=False):
    """Footer with all keys of a binding (`1/a 采纳`) and the screen's `first` in front;
    the command palette's key on the right."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        FooterKeyLabel.-command-palette { dock: right; padding-right: 1; border-left: vkey $foreground 20%; }
        &.-compact FooterKeyLabel { margin-right: 1; }
        &.-compact FooterKeyLabel.-command-palette { padding-right: 0; }
    }
    """

    def __init__(self, lang: str, first: Sequence[str] = ()) -> None:
        super().__init__()
        self.lang = lang
        self.first = tuple(first)
        self._ready = False
        self._fitted_width = 0

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self._ready = True
        if self.app.app_focus and screen is self.screen:
            self.call_after_refresh(self.recompose)

    def on_resize(self) -> None:
        width = self.size.width
        self.set_class(width < COMPACT_BELOW, "-compact")
        if width != self._fitted_width and self._ready:
            self.call_after_refresh(self.recompose)  # other keys fit now

    def _item_width(self, item: FooterItem) -> int:
        # " keys " + "label " normally; "keys" + " label" + a margin when compact
        return cell_len(item.shown) + cell_len(item.label) + (2 if self.compact else 3)

    @property
    def compact(self) -> bool:
        return self.size.width < COMPACT_BELOW

    def compose(self) -> ComposeResult:
        if not self._ready:
            return
        app = self.app
        active = self.screen.active_bindings
        palette_key = app.COMMAND_PALETTE_BINDING
        palette = active.get(palette_key) if app.ENABLE_COMMAND_PALETTE else None
        palette_item = None
        if palette is not None:  # shown on the right whether or not its binding says show
            binding = palette.binding
            label = describe(binding, self.lang)
            palette_item = FooterItem(palette_key, app.get_key_display(binding), label, palette.enabled, label)
        width = self._fitted_width = self.size.width
        room = width - (self._item_width(palette_item) + 1 if palette_item is not None else 0)
        for item in footer_items(active, app.get_key_display, self.lang, self.first):
            if item.key == palette_key:
                continue
            if width:
                # Whole keys only: the rest are on the help screen (`?`), which lists them all.
                room -= self._item_width(item)
                if room < 0:
                    break
            yield FooterKeyLabel(item, compact=self.compact)
        if palette_item is not None:
            # (compact always, as in Textual's footer: the key and its label close together)
            yield FooterKeyLabel(palette_item, compact=True, classes="-command-palette")
