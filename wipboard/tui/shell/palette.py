"""``ctrl+p``: every place and action of the app by the words a user would type, and a quick
way to any pipeline, status or job.

The entries are built once per change of the firm (its generation), not on every keystroke;
each entry calls a typed function of the app or of a screen — no method looked up by name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from wipboard.screens.board import BoardScreen
from wipboard.store.permissions import can_see_job
from wipboard.store.repository import Snapshot
from wipboard.tui.kit.view_filter import View, ViewFilter

if TYPE_CHECKING:  # the list, the settings and the card load when first opened, not with the app
    from wipboard.screens.job_list import JobListScreen
    from wipboard.screens.settings import SettingsScreen, SettingsTab
    from wipboard.tui.shell.app import WipboardApp

Run = Callable[[], Awaitable[None] | None]


@dataclass(frozen=True)
class Entry:
    """One line of the palette: ``name`` is shown and matched, ``words`` are matched too
    (what else a user might type for it), ``help`` is the grey line under it."""

    name: str
    help: str
    run: Run
    words: str = ""


@dataclass(frozen=True)
class _Setting:
    tab: SettingsTab
    name: str
    help: str
    words: str


SETTINGS: tuple[_Setting, ...] = (
    _Setting("statuses", "Statuses", "The status templates clients see on their jobs", "status templates colours"),
    _Setting("templates", "Job templates", "What a new job starts with", "templates recurring"),
    _Setting("pipelines", "Pipelines", "Pipelines and their stages", "stages columns"),
    _Setting("pipelines", "Automations", "What happens when a job enters a stage (on the Pipelines tab)", "rules"),
    _Setting("people", "People", "Staff, clients' contacts and accounts", "users staff contacts accounts clients invite"),
    _Setting("notifications", "E-mails", "E-mails to clients when their job's status changes", "email mail notifications"),
)


class PaletteEntries:
    """The palette's entries for the firm as it stands, built again only when it changed."""

    def __init__(self, app: WipboardApp) -> None:
        self.app = app
        self.generation = -1
        self.builds = 0  # how often the entries were built (a test counts them)
        self._entries: list[Entry] = []

    def current(self) -> list[Entry]:
        snapshot = self.app.session.snapshot()
        if snapshot.generation != self.generation:
            self._entries = self._build(snapshot)
            self.generation = snapshot.generation
            self.builds += 1
        return self._entries

    def _build(self, snapshot: Snapshot) -> list[Entry]:
        app = self.app
        entries = [
            Entry("Board", "The pipeline's jobs in their stages (1)", lambda: app.go_to("board"), "kanban columns"),
            Entry("Job list", "Every job: filter, mark many, edit their client status at once (2)",
                  lambda: app.go_to("list"), "jobs table all"),
            Entry("Portal preview", "What a client sees (3)", lambda: app.on_portal(lambda portal: portal.action_choose_client()),
                  "client portal preview as"),
            Entry("New job", "Add a job to this pipeline (n)", lambda: app.on_board(BoardScreen.action_new_job),
                  "add create"),
            Entry("Undo", "Undo your last operation (u)", lambda: app.on_board(BoardScreen.action_undo), "revert back"),
            Entry("Help", "The keys of this screen (?)", app.action_help, "keys shortcuts"),
            Entry("Themes", "Change the colours of the app", app.action_change_theme, "theme colours dark light"),
            Entry("Move to…", "Move the job under the cursor, or the marked jobs, to a stage (m)",
                  lambda: app.on_board(BoardScreen.action_move_pick), "stage"),
            Entry("Archive", "Archive the job under the cursor, or the marked jobs (a)",
                  lambda: app.on_board(lambda board: board.action_flag("archive")), "done finished"),
            Entry("Delete to trash", "Delete the job under the cursor, or the marked jobs (d)",
                  lambda: app.on_board(lambda board: board.action_flag("delete")), "remove bin"),
            Entry("Client status…", "What the client sees: show or hide the status, its words (e)",
                  lambda: app.on_board(BoardScreen.action_edit), "hide show visible edit"),
            Entry("Trash", "Deleted jobs, to restore them", lambda: app.on_job_list(_view("trash")), "deleted restore bin"),
            Entry("Archived jobs", "Jobs archived, to bring them back", lambda: app.on_job_list(_view("archived")),
                  "archive"),
            Entry("Search the board", "Jobs by name, account, tag (/)", lambda: app.on_board(BoardScreen.action_text_filter),
                  "find"),
            Entry("Filter…", "Status, visibility, account, assignee (f)",
                  lambda: app.on_board(BoardScreen.action_filter_panel)),
            Entry("Switch pipeline…", "Show another pipeline's board (p)",
                  lambda: app.on_board(BoardScreen.action_pick_pipeline)),
            Entry("Settings", "Statuses, job templates, pipelines, people, e-mails (4)", lambda: app.go_to("settings")),
        ]
        for setting in SETTINGS:
            entries.append(Entry(
                f"Settings: {setting.name}", setting.help, partial(app.on_settings, _tab(setting.tab)),
                setting.words,
            ))
        for pipeline in sorted(snapshot.pipelines.values(), key=lambda item: item.position):
            entries.append(Entry(
                f"Pipeline: {pipeline.name}", "Show this pipeline's board",
                partial(app.on_board, _pipeline(pipeline.id)),
            ))
        for status in sorted(snapshot.statuses.values(), key=lambda item: item.position):
            entries.append(Entry(
                f"Filter by status: {status.name}", "Only jobs showing this status",
                partial(app.on_board, _status_filter(status.id)),
            ))
        actor = app.session.actor
        for job in snapshot.jobs.values():
            if job.deleted or not can_see_job(actor, job):  # R12: no name of a job they may not see
                continue
            account = snapshot.accounts.get(job.account_id)
            name = f"#{job.id} {job.name}" + (f" · {account.name}" if account else "")
            entries.append(Entry(name, "Open its card", partial(app.on_board, _open_card(job.id, job.pipeline_id))))
        return entries


def _view(view: View) -> Callable[[JobListScreen], None]:
    return lambda screen: screen.action_show_view(view)


def _tab(tab: SettingsTab) -> Callable[[SettingsScreen], None]:
    return lambda screen: screen.show_tab(tab)


def _pipeline(pipeline_id: int) -> Callable[[BoardScreen], None]:
    return lambda board: board.show_pipeline(pipeline_id)


def _status_filter(status_id: int) -> Callable[[BoardScreen], None]:
    def apply(board: BoardScreen) -> None:
        board.filter = ViewFilter(status_ids=(status_id,))
        board.refill()

    return apply


def _open_card(job_id: int, pipeline_id: int) -> Callable[[BoardScreen], None]:
    def open_card(board: BoardScreen) -> None:
        from wipboard.screens.job_card import JobCardScreen

        if board.pipeline is None or board.pipeline.id != pipeline_id:
            board.show_pipeline(pipeline_id)
        board.app.push_screen(JobCardScreen(job_id))

    return open_card


class WipboardCommands(Provider):
    """The palette's entries for staff (a contact gets none: R12)."""

    @property
    def wipboard(self) -> WipboardApp:
        return cast("WipboardApp", self.app)

    def _entries(self) -> list[Entry]:
        if not self.wipboard.staff:
            return []
        return self.wipboard.palette_entries.current()

    async def discover(self) -> Hits:
        for entry in self._entries()[:8]:
            yield DiscoveryHit(entry.name, entry.run, help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            score = matcher.match(entry.name)
            if score > 0:
                yield Hit(score, matcher.highlight(entry.name), entry.run, help=entry.help)
            elif entry.words:
                score = matcher.match(entry.words)
                if score > 0:
                    yield Hit(score * 0.9, entry.name, entry.run, text=entry.name, help=entry.help)
