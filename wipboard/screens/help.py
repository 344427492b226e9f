"""``?``: wipboard's keys for the screen below, grouped by where they work, searchable by the
words of what they do ("client" finds the client status, "enter" the keys on enter).

Only wipboard's own keys (every one has a binding id) and the command palette are listed:
none of Textual's internals (copy, focus next, super+c).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.screen import WipboardModal

# A few more words for keys whose footer label is short: what they act on, so a search finds them.
DETAILS: dict[str, str] = {
    "edit": "the client status of the marked jobs (show or hide it), or the job's card",
    "list_edit": "the client status of the marked jobs (show or hide it), or the job's card",
    "open_card": "the job's card: its fields, what its client sees, its history",
    "list_open_card": "the job's card: its fields, what its client sees, its history",
    "move_previous_stage": "the job or the marked jobs to the previous stage, running its automations",
    "move_next_stage": "the job or the marked jobs to the next stage, running its automations",
    "move_previous_stage_plain": "to the previous stage without running automations",
    "move_next_stage_plain": "to the next stage without running automations",
    "move_to_stage": "the job or the marked jobs to a stage you pick",
    "list_move": "the marked jobs to a stage you pick",
    "mark": "the job under the cursor, to act on many at once",
    "list_mark": "the job under the cursor, to act on many at once",
    "undo": "your last operation",
    "list_undo": "your last operation",
    "text_filter": "jobs by name, account or tag",
    "list_text_filter": "jobs by name, account or tag",
    "filter_panel": "by status, client visibility, account, assignee",
    "list_filter_panel": "by status, client visibility, account, assignee",
    "archive": "the job or the marked jobs: they leave the client portal",
    "list_archive": "the marked jobs: they leave the client portal",
    "delete": "the job or the marked jobs, to the trash",
    "list_delete": "the marked jobs, to the trash",
    "list_restore": "the marked jobs from the trash or the archive",
    "list_assign": "the marked jobs to people of the firm",
    "new_job": "a job in this pipeline, for a client account",
    "list_new_job": "a job, for a client account",
    "switch_pipeline": "show another pipeline's board",
    "clear": "the marks, the search and the filter",
    "list_clear": "the marks, the search and the filter",
    "card_save": "the card, and close it",
    "portal_preview_as": "the portal as one client sees it",
    "portal_timeline": "a job's status timeline",
    "show_board": "the board of the pipeline",
    "show_list": "every job in a table",
    "show_portal": "preview what clients see",
    "show_settings": "statuses, job templates, pipelines and automations, people, e-mails",
    "help": "this list of keys",
    "quit": "wipboard (asks first if a form holds unsaved edits)",
}
PALETTE = "Commands: every place and action, any job by number or name"
GROUP_TITLES: dict[str, str] = {
    "BoardScreen": "Board", "JobListScreen": "Job list", "JobCardScreen": "Job card", "SettingsScreen": "Settings",
    "PortalScreen": "Portal", "StatusesPane": "Statuses", "TemplatesPane": "Job templates",
    "PipelinesPane": "Pipelines", "PeoplePane": "People", "NotificationsPane": "E-mails",
}
EVERYWHERE = "Everywhere"


@dataclass(frozen=True)
class KeyRow:
    group: str
    keys: str  # as the footer shows it: "j", "↓", "^s", "?"
    description: str
    details: str
    key_names: str = ""  # the keys as Textual names them ("enter", "question_mark"): searchable too

    @property
    def words(self) -> str:
        """What a search looks in: the keys by name and label, the description and its details."""
        return f"{self.keys} {self.key_names} {self.description} {self.details}".casefold()

    def line(self) -> str:
        return f"{self.keys:<10} {self.description}"


class HelpScreen(WipboardModal[None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="help_close")]

    def __init__(self, screen: Screen[object], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = key_rows(screen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label("Keys — type to search, esc to close", classes="title")
            yield Input(placeholder="search keys…", id="search")
            yield OptionList(*self._options(self.rows, headed=True), id="keys")
            yield Label("", id="key-details")

    def on_input_changed(self, event: Input.Changed) -> None:
        """A search shows the matching keys only, without the group titles."""
        words = event.value.casefold().split()
        keys = self.query_one("#keys", OptionList)
        keys.clear_options()
        keys.add_options(self._options([row for row in self.rows if all(word in row.words for word in words)],
                                       headed=not words))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The highlighted key's longer description, under the list."""
        row = next((row for row in self.rows if event.option.id == _option_id(row)), None)
        details = self.query_one("#key-details", Label)
        details.update(literal(f"{row.group}: {row.details or row.description}") if row else "")

    @staticmethod
    def _options(rows: list[KeyRow], *, headed: bool) -> list[Option]:
        options: list[Option] = []
        group = None
        for row in rows:
            if headed and row.group != group:
                group = row.group
                options.append(Option(f"── {group} ──", disabled=True))
            options.append(Option(row.line(), id=_option_id(row)))
        return options


def _option_id(row: KeyRow) -> str:
    return f"{row.group}\t{row.keys}\t{row.description}"


def key_rows(screen: Screen[object]) -> list[KeyRow]:
    """Every wipboard key active on ``screen`` (the focused widget's, the screen's, the app's),
    grouped where they work: the focused part first, then the screen, then everywhere."""
    app = screen.app
    keys: dict[tuple[int, str, str], list[str]] = {}  # (order, group, binding) -> its keys
    names: dict[tuple[int, str, str], list[str]] = {}
    bindings: dict[tuple[int, str, str], Binding] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled:
            continue  # e.g. the staff screens' keys, for a client contact
        if binding.id is None and binding.action != "command_palette":
            continue  # Textual's own: copy, focus next/previous, ctrl+c
        order, group = _group(active.node, app)
        where = (order, group, f"{binding.id or binding.action}\t{key}")  # one row per key: "j" and "down" apart
        keys.setdefault(where, []).append(_key_label(app, binding, key))
        names.setdefault(where, []).append(key)
        bindings.setdefault(where, binding)
    rows = []
    for where, binding in bindings.items():
        description = PALETTE if binding.action == "command_palette" else binding.description or binding.action
        labels = " ".join(dict.fromkeys(keys[where]))
        details = DETAILS.get(binding.id or "", "")
        rows.append((where[0], KeyRow(where[1], labels, description, details, " ".join(names[where]))))
    rows.sort(key=lambda item: (item[0], item[1].group, item[1].description.strip("◀▶▲▼ ").casefold()))
    return [row for _, row in rows]


def _group(node: object, app: App[object]) -> tuple[int, str]:
    if node is app:
        return 2, EVERYWHERE
    title = GROUP_TITLES.get(type(node).__name__)
    if isinstance(node, Screen):
        return 1, title or "This screen"
    return 0, title or "Here"


def _key_label(app: App[object], binding: Binding, key: str) -> str:
    """One key as the footer shows it — ``^s``, ``?``, ``enter`` — whatever the binding's own label."""
    if binding.action == "command_palette":
        return "^p"
    return app.get_key_display(Binding(key, binding.action))
