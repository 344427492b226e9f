"""The footer of every wipboard screen and dialog: the keys that work where the focus is,
and only whole ones — when the terminal is too narrow for them all, the last entries go
(the command palette's key stays, on the right), instead of one cut mid-word ("q Qui▏").

One widget that draws the keys as one line, looking as Textual's footer does. Textual's footer
is a container of one widget per key, built a frame after the screen's first and again on every
move of the focus; each key is a widget to mount and style, so building the board's 15 of them
took longer than drawing all its cards. This one reads the keys when it mounts and whenever the
screen says its bindings changed, and only repaints when what it shows did change.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


@dataclass(frozen=True)
class FooterEntry:
    """One key as the footer shows it; ``key`` is what a click presses."""

    key: str
    key_display: str
    description: str
    enabled: bool
    tooltip: str


class KeysFooter(Widget, can_focus=False):
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;

        & > .keys-footer--item {
            color: $footer-foreground;
            background: $footer-item-background;
        }
        & > .keys-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keys-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keys-footer--edge {
            color: $foreground 20%;
        }
    }
    """
    COMPONENT_CLASSES = {
        "keys-footer--item", "keys-footer--hover", "keys-footer--key", "keys-footer--description", "keys-footer--edge",
    }

    def __init__(self) -> None:
        super().__init__()
        self.entries: tuple[FooterEntry, ...] = ()
        self.palette: FooterEntry | None = None
        self._hovered: FooterEntry | None = None
        self._spans: list[tuple[int, int, FooterEntry]] = []  # cells each shown entry takes, for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._read_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # While the terminal is not focused the focus is let go: its keys come back with it, so
        # the footer keeps them meanwhile (as Textual's does).
        if screen is self.screen and self.app.app_focus and self._read_keys():
            self.refresh()

    def _read_keys(self) -> bool:
        """Read the keys the screen offers now; whether they differ from those shown."""
        active = self.screen.active_bindings
        entries: dict[str, FooterEntry] = {}  # the first key of each action, as Textual's footer shows them
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in entries:
                entries[binding.action] = self._entry(binding, enabled, tooltip)
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = self._entry(binding, enabled, binding.tooltip or binding.description)
        shown = (tuple(entries.values()), palette)
        if shown == (self.entries, self.palette):
            return False
        self.entries, self.palette = shown
        return True

    def _entry(self, binding: Binding, enabled: bool, tooltip: str) -> FooterEntry:
        return FooterEntry(binding.key, self.app.get_key_display(binding), binding.description, enabled, tooltip)

    # --- Drawing ----------------------------------------------------------------------

    def render(self) -> Text:
        width = self.size.width
        palette = self._palette_text()
        room = width - palette.cell_len
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for entry in self.entries:
            text = self._entry_text(entry)
            if line.cell_len + text.cell_len > room:
                break  # this one and every one after it: the order of the keys is kept
            self._spans.append((line.cell_len, line.cell_len + text.cell_len, entry))
            line.append_text(text)
        line.append(" " * max(0, room - line.cell_len))
        if self.palette is not None and palette.cell_len <= width:
            self._spans.append((line.cell_len, width, self.palette))
            line.append_text(palette)
        return line

    def _entry_text(self, entry: FooterEntry) -> Text:
        """`` k Description `` as Textual's footer draws a key."""
        item = self._item_style(entry)
        text = Text.assemble(
            (f" {entry.key_display} ", self._on_item("keys-footer--key", item)),
            (f"{entry.description} " if entry.description else "", self._on_item("keys-footer--description", item)),
        )
        text.stylize_before(item)
        return text

    def _on_item(self, component: str, item: Style) -> Style:
        """A part's style on its entry: a part with no background of its own (the footer's, once
        resolved) shows the entry's, as a key of Textual's footer shows the key's own (hovered)."""
        style = self.get_component_rich_style(component)
        return style + Style(bgcolor=item.bgcolor) if style.bgcolor == self.rich_style.bgcolor else style

    def _palette_text(self) -> Text:
        """``▏^p palette `` on the right, as Textual's footer draws the palette's key."""
        entry = self.palette
        if entry is None:
            return Text()
        item = self._item_style(entry)
        text = Text.assemble(
            ("▏", self.get_component_rich_style("keys-footer--edge") + Style(bgcolor=item.bgcolor)),
            (entry.key_display, self._on_item("keys-footer--key", item)),
            (f" {entry.description}", self._on_item("keys-footer--description", item)),
            " ",
        )
        text.stylize_before(item)
        return text

    def _item_style(self, entry: FooterEntry) -> Style:
        style = self.get_component_rich_style("keys-footer--hover" if entry == self._hovered else "keys-footer--item")
        return style + Style(dim=True) if not entry.enabled else style

    @property
    def shown(self) -> list[FooterEntry]:
        """The entries on screen now, left to right, the palette's key last (if it fits)."""
        return [entry for _start, _end, entry in self._spans]

    # --- The mouse --------------------------------------------------------------------

    def _entry_at(self, x: int) -> FooterEntry | None:
        return next((entry for start, end, entry in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        entry = self._entry_at(event.x)
        if entry != self._hovered:
            self._hovered = entry
            self.tooltip = (entry.tooltip or None) if entry else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        entry = self._entry_at(event.x)
        if entry is None:
            return
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()

