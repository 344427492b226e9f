"""What the keys do in a form's focused field, in a few words: for a form that covers the
app's footer (the job card at 80×24), so the user knows a key will be typed, not obeyed."""

from __future__ import annotations

from collections.abc import Mapping

from textual.widget import Widget
from textual.widgets import Input, Select, SelectionList, Switch, TextArea


def keys_hint(widget: Widget, field_names: Mapping[str, str]) -> str:
    """'typing edits the name · tab next field' for a text field (``field_names`` by widget id), and so on."""
    if isinstance(widget, (Input, TextArea)):
        return f"[dim]typing edits {field_names.get(widget.id or '', 'this field')} · tab next field[/]"
    if isinstance(widget, Switch):
        return "[dim]space switches it · tab next field[/]"
    if isinstance(widget, Select):
        return "[dim]enter opens the list · tab next field[/]"
    if isinstance(widget, SelectionList):
        return "[dim]space ticks · tab next field[/]"
    return "[dim]tab next field[/]"
