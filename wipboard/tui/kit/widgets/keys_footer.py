"""The footer of every wipboard screen and dialog: the keys that work where the focus is,
and only whole ones — when the terminal is too narrow for them all, the last entries go
(the command palette's key stays, on the right), instead of one cut mid-word ("q Qui▏").

Textual's footer builds its keys a frame after the screen's first (when the bindings first
change) and again whenever they may have changed — on every move of the focus, and on every
resize here; this one builds them with the screen, and again only when the keys it would show
did change: a new width only fits the same entries again.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer


class KeysFooter(Footer):
    _shown: tuple[object, ...] | None = None  # what the keys on screen were built for

    def __init__(self) -> None:
        super().__init__()
        # Textual's footer composes nothing until the screen's bindings first change, then builds
        # its keys: one more layout and frame after the screen's first. The screen's keys are known
        # when it mounts, so they are built with it, in its first frame.
        self.set_reactive(Footer._bindings_ready, True)

    def compose(self) -> ComposeResult:
        self._shown = self._what_it_would_show()
        yield from super().compose()

    def _what_it_would_show(self) -> tuple[object, ...]:
        keys = tuple(
            (binding.key, binding.key_display, binding.description, binding.action, binding.group, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )
        return self.compact, self.show_command_palette, keys

    async def recompose(self) -> None:
        if self.is_attached:
            shown = self._what_it_would_show()
            if shown == self._shown and self.children:
                return  # the same keys: nothing to build again
        await super().recompose()
        self.call_after_refresh(self.drop_what_does_not_fit)

    def on_resize(self, _event: events.Resize) -> None:
        self.call_after_refresh(self.fit_again)

    def fit_again(self) -> None:
        """After a resize: every entry back, then drop again what does not fit the new width."""
        for child in self.children:
            child.display = True
        self.call_after_refresh(self.drop_what_does_not_fit)

    def drop_what_does_not_fit(self) -> None:
        """Hide, from the last one back, every entry that would run past the footer's right edge
        (less the palette key's room)."""
        entries = [child for child in self.children if not child.has_class("-command-palette")]
        palette = [child for child in self.children if child.has_class("-command-palette")]
        right = self.region.right - sum(child.outer_size.width for child in palette)
        cut = False
        for entry in entries:
            cut = cut or entry.region.right > right
            if cut:
                entry.display = False  # and every one after it: the order of the keys is kept

