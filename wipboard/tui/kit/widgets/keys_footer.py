"""The footer of every wipboard screen and dialog: the keys that work where the focus is,
and only whole ones — when the terminal is too narrow for them all, the last entries go
(the command palette's key stays, on the right), instead of one cut mid-word ("q Qui▏").

Textual's footer builds its keys again whenever the bindings may have changed — on every move
of the focus; this one only when the keys it would show, or its width, did change.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Footer


class KeysFooter(Footer):
    _shown: tuple[object, ...] | None = None  # what the keys on screen were built for

    def _what_it_would_show(self) -> tuple[object, ...]:
        keys = tuple(
            (binding.key, binding.key_display, binding.description, binding.action, binding.group, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )
        return self.size.width, self.compact, self.show_command_palette, keys

    async def recompose(self) -> None:
        if self.is_attached:
            shown = self._what_it_would_show()
            if shown == self._shown and self.children:
                return  # the same keys at the same width: nothing to build again
            self._shown = shown
        await super().recompose()
        self.call_after_refresh(self.drop_what_does_not_fit)

    def on_resize(self, _event: events.Resize) -> None:
        self.call_after_refresh(self.recompose)

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

