"""``ctrl+p`` finds every place and action by the words a user would type (issue 17), job
entries carry their account, and the entries are built once per change of the firm."""

from __future__ import annotations

import pytest
from board_pilot import SMALL, BoardPilot
from firms import DemoFirm
from textual.command import CommandList, CommandPalette

from wipboard.screens.board import BoardScreen
from wipboard.screens.help import HelpScreen
from wipboard.screens.job_card import JobCardScreen
from wipboard.screens.job_list import JobListScreen
from wipboard.screens.portal import PortalScreen
from wipboard.screens.settings import SettingsScreen
from wipboard.store.services.jobs import set_flag


class PalettePilot(BoardPilot):
    async def search(self, words: str) -> list[str]:
        """The palette's entries for ``words``, best first."""
        if not isinstance(self.app.screen, CommandPalette):
            await self.press("ctrl+p")
        palette = self.app.screen
        assert isinstance(palette, CommandPalette)
        palette.query_one("#--input").value = ""  # type: ignore[attr-defined]
        await self.type(words)
        results = palette.query_one(CommandList)
        await self.wait_until(lambda: results.option_count > 0, f"nothing found for {words!r}")
        await self.pilot.pause(0.5)
        return [str(results.get_option_at_index(index).prompt).split("\n")[0] for index in range(results.option_count)]

    async def choose(self, words: str, entry: str) -> None:
        found = await self.search(words)
        assert entry in found[:3], f"{words!r} found {found[:5]}"
        results = self.app.screen.query_one(CommandList)
        results.highlighted = found.index(entry)
        await self.press("enter")


WORDS = [
    ("people", "Settings: People"),
    ("pipelines", "Settings: Pipelines"),
    ("statuses", "Settings: Statuses"),
    ("job templates", "Settings: Job templates"),
    ("automations", "Settings: Automations"),
    ("e-mails", "Settings: E-mails"),
    ("board", "Board"),
    ("job list", "Job list"),
    ("portal preview", "Portal preview"),
    ("trash", "Trash"),
    ("new job", "New job"),
    ("undo", "Undo"),
    ("help", "Help"),
    ("themes", "Themes"),
    ("move", "Move to…"),
    ("archive", "Archive"),
    ("hide", "Client status…"),
    ("client status", "Client status…"),
]


@pytest.mark.parametrize(("words", "entry"), WORDS, ids=[words for words, _ in WORDS])
async def test_the_palette_finds_each_place_and_action_by_its_words(demo: DemoFirm, words: str, entry: str) -> None:
    async with demo.app().run_test(size=SMALL) as pilot:
        ui = PalettePilot(pilot)
        await ui.ready()
        found = await ui.search(words)
        assert entry in found[:3], f"{words!r} found {found[:5]}"


async def test_each_settings_entry_opens_its_own_tab(demo: DemoFirm) -> None:
    async with demo.app().run_test(size=SMALL) as pilot:
        ui = PalettePilot(pilot)
        await ui.ready()
        for words, entry, pane in [
            ("people", "Settings: People", "tab-people"), ("automations", "Settings: Automations", "tab-pipelines"),
            ("e-mails", "Settings: E-mails", "tab-notifications"), ("statuses", "Settings: Statuses", "tab-statuses"),
        ]:
            await ui.choose(words, entry)
            await ui.wait_until(
                lambda: isinstance(ui.app.screen, SettingsScreen)
                and ui.app.screen.query_one("#settings-tabs").active == pane,  # type: ignore[attr-defined]
                f"{entry} did not open {pane}",
            )


async def test_places_and_actions_open_where_they_say(demo: DemoFirm) -> None:
    async with demo.app().run_test(size=SMALL) as pilot:
        ui = PalettePilot(pilot)
        await ui.ready()
        await ui.choose("trash", "Trash")
        await ui.wait_until(lambda: isinstance(ui.app.screen, JobListScreen), "trash opened no list")
        assert ui.app.screen.view == "trash"  # type: ignore[attr-defined]
        await ui.choose("board", "Board")
        await ui.wait_until(lambda: isinstance(ui.app.screen, BoardScreen), "no board")
        await ui.choose("help", "Help")
        await ui.wait_until(lambda: isinstance(ui.app.screen, HelpScreen), "no help")
        await ui.press("escape")
        await ui.choose("portal preview", "Portal preview")
        await ui.wait_until(lambda: ui.app.current_mode == "portal", "no portal")
        assert isinstance(ui.app.screen_stack[0], PortalScreen)


async def test_job_entries_name_their_account_and_open_the_card(demo: DemoFirm) -> None:
    snapshot = demo.repo.snapshot()
    job = next(job for job in sorted(snapshot.jobs.values(), key=lambda item: item.id) if not job.deleted)
    entry = f"#{job.id} {job.name} · {snapshot.accounts[job.account_id].name}"
    async with demo.app().run_test(size=SMALL) as pilot:
        ui = PalettePilot(pilot)
        await ui.ready()
        await ui.choose(entry, entry)
        await ui.wait_until(lambda: isinstance(ui.app.screen, JobCardScreen), "no card opened")
        assert ui.app.screen.job_id == job.id  # type: ignore[attr-defined]


async def test_the_entries_are_built_once_per_change_of_the_firm_not_per_keystroke(demo: DemoFirm) -> None:
    async with demo.app().run_test(size=SMALL) as pilot:
        ui = PalettePilot(pilot)
        await ui.ready()
        for words in ("p", "pe", "peo", "peop", "people"):
            await ui.search(words)
        assert ui.app.palette_entries.builds == 1
        job = next(job for job in demo.repo.snapshot().jobs.values() if not job.deleted and not job.archived)
        set_flag(demo.repo, demo.actor(), [job.id], "delete", via="card")  # another process deletes a job
        found = await ui.search(f"#{job.id} {job.name}")
        assert ui.app.palette_entries.builds == 2
        assert not any(name.startswith(f"#{job.id} ") for name in found), "a deleted job is still offered"
