"""Words on screen are for people: a walk through every screen and dialog — board, job list,
card, each settings tab with its forms and delete dialogs, the portal preview, help, the
palette, a new job, the move preview, the bulk edit, the filter panel and the pickers — as the
owner, then as an employee (every read-only banner) and on a job in the trash (the restore
warning). Anything rendered that carries a rule number ("(R12)"), an internal id where a name
exists ("automation #4", "(#1, …)"), or a lazy plural ("job(s)") fails the walk, naming where.

Job numbers ("#27") are what users know a job by, and stay.
"""

from __future__ import annotations

import re

from board_pilot import LARGE, BoardPilot
from firms import DemoFirm
from screen_reading import screen_text
from textual.screen import Screen
from textual.widgets import OptionList

from wipboard.screens.assign_picker import AssignPicker
from wipboard.screens.board import BoardScreen
from wipboard.screens.bulk_edit import BulkEditScreen
from wipboard.screens.client_picker import ClientPicker
from wipboard.screens.filter_panel import FilterPanel
from wipboard.screens.help import HelpScreen
from wipboard.screens.job_card import JobCardScreen
from wipboard.screens.job_list import JobListScreen
from wipboard.screens.move_preview import MovePreviewScreen
from wipboard.screens.new_job import NewJobScreen
from wipboard.screens.pipeline_picker import PipelinePicker
from wipboard.screens.portal import PortalScreen
from wipboard.screens.settings import SettingsScreen
from wipboard.screens.sort_picker import SortPicker
from wipboard.screens.stage_picker import StagePicker
from wipboard.store.services.jobs import set_flag

RULE_NUMBER = re.compile(r"\(R\d{1,2}(?:[,–-] ?R?\d{1,2})*\)|\bR(?:1\d|2[01]|[1-9])\b(?=[:)])")
INTERNAL_ID = re.compile(
    r"(?i)\b(?:automation|status|account|pipeline|stage|template|user|contact|person)s? #\d+|\(#\d+[,)]"
)
LAZY_PLURAL = re.compile(r"[a-z]\((?:s|es)\)")
PATTERNS = {"a rule number": RULE_NUMBER, "an internal id": INTERNAL_ID, "a lazy plural": LAZY_PLURAL}

FILED = 6  # the demo's tax-return stage with an automation on entry


def problems_in(where: str, text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        for what, pattern in PATTERNS.items():
            if pattern.search(line):
                found.append(f"{where}: {what} in {line.strip()!r}")
    return found


class Walk:
    """Goes where a keyboard user goes and reads every screen on the way."""

    def __init__(self, board: BoardPilot) -> None:
        self.board = board
        self.app = board.app
        self.seen: list[str] = []
        self.problems: list[str] = []

    def read(self, where: str) -> None:
        self.seen.append(where)
        self.problems += problems_in(where, screen_text(self.app))

    async def visit(self, where: str, *keys: str, shows: type[Screen[object]] | None = None) -> None:
        await self.board.press(*keys)
        if shows is not None:
            await self.board.wait_until(lambda: isinstance(self.app.screen, shows), f"{where}: {shows.__name__} never opened")
        await self.board.pilot.pause(0.1)
        self.read(where)

    async def back_to(self, screen: type[Screen[object]]) -> None:
        for _ in range(4):
            if isinstance(self.app.screen, screen):
                return
            await self.board.press("escape")
        assert isinstance(self.app.screen, screen), f"escape did not lead back to {screen.__name__}"

    async def choose(self, label: str) -> None:
        options = self.app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]
        target = next(index for index, prompt in enumerate(prompts) if prompt.startswith(label))
        here = options.highlighted or 0
        await self.board.press(*(["down"] * (target - here) if target > here else ["up"] * (here - target)), "enter")

    def finish(self) -> None:
        self.problems += [
            problem for note in self.board.notifications() for problem in problems_in("a notification", note)
        ]
        assert not self.problems, "\n".join(self.problems)


async def settings_tabs(walk: Walk, *, can_change: bool) -> None:
    """Each tab; on each, as someone who may change it, its new and edit forms and delete dialog."""
    await walk.visit("settings › statuses", "4", shows=SettingsScreen)
    for tab in ("statuses", "job templates", "pipelines", "people", "e-mails"):
        if tab != "statuses":
            await walk.visit(f"settings › {tab}", "right_square_bracket")
        if not can_change or tab == "e-mails":
            await walk.visit(f"settings › {tab}, enter", "enter")  # an employee is told why not
            await walk.back_to(SettingsScreen)
            continue
        lists = ["", "l", "l"] if tab == "pipelines" else [""]
        for step in lists:  # pipelines: the pipeline, stage and automation lists
            if step:
                await walk.visit(f"settings › {tab}, the next list", step)
            for key, what in (("n", "new"), ("e", "edit"), ("d", "delete")):
                await walk.visit(f"settings › {tab} › {what}", key)
                await walk.back_to(SettingsScreen)
        if tab == "pipelines":
            await walk.board.press("h", "h")


async def test_no_rule_numbers_internal_ids_or_lazy_plurals_anywhere_the_owner_goes(demo: DemoFirm) -> None:
    async with demo.app().run_test(size=LARGE) as pilot:
        board = BoardPilot(pilot)
        await board.ready()
        walk = Walk(board)
        walk.read("the board")
        await walk.visit("a job's card", "enter", shows=JobCardScreen)
        await walk.back_to(BoardScreen)
        await walk.visit("help", "question_mark", shows=HelpScreen)
        await walk.back_to(BoardScreen)
        await walk.visit("the palette", "ctrl+p")
        await walk.visit("the palette, searching", *"trash")
        await walk.back_to(BoardScreen)
        await walk.visit("a new job", "n", shows=NewJobScreen)
        await walk.back_to(BoardScreen)
        await walk.visit("the filter panel", "f", shows=FilterPanel)
        await walk.back_to(BoardScreen)
        await walk.visit("the pipeline picker", "p", shows=PipelinePicker)
        await walk.back_to(BoardScreen)
        await walk.visit("the stage picker", "m", shows=StagePicker)
        await walk.back_to(BoardScreen)

        await board.press("space", "space")  # two marked jobs: the move always previews
        await walk.visit("the stage picker, marked jobs", "m", shows=StagePicker)
        await walk.choose("Filed")
        await walk.visit("the move preview", shows=MovePreviewScreen)
        await walk.back_to(BoardScreen)
        await walk.visit("the bulk edit", "e", shows=BulkEditScreen)
        await walk.back_to(BoardScreen)
        await board.press("escape")

        await walk.visit("the job list", "2", shows=JobListScreen)
        await walk.visit("the sort picker", "s", shows=SortPicker)
        await walk.back_to(JobListScreen)
        await walk.visit("the assign picker", "A", shows=AssignPicker)
        await walk.back_to(JobListScreen)
        for view in ("archived", "trash"):
            await walk.visit(f"the job list, {view}", "right_square_bracket")

        await walk.visit("the portal preview", "3", shows=PortalScreen)
        await walk.visit("the client picker", "c", shows=ClientPicker)
        await walk.visit("the portal, as a client", "enter")
        await walk.back_to(PortalScreen)
        assert len(walk.seen) >= 20, walk.seen
        walk.finish()


async def test_no_rule_numbers_internal_ids_or_lazy_plurals_in_any_settings_tab_form_or_dialog_of_the_owner(
    demo: DemoFirm,
) -> None:
    """Apart from the walk above, so that the two halves run side by side."""
    async with demo.app().run_test(size=LARGE) as pilot:
        board = BoardPilot(pilot)
        await board.ready()
        walk = Walk(board)
        await settings_tabs(walk, can_change=True)
        assert len(walk.seen) > 20, walk.seen
        walk.finish()


async def test_no_rule_numbers_in_an_employees_read_only_settings_or_a_trashed_jobs_card(demo: DemoFirm) -> None:
    job = demo.pick(stage=FILED)
    set_flag(demo.repo, demo.actor(), [job.id], "delete")
    async with demo.app("priya").run_test(size=LARGE) as pilot:
        board = BoardPilot(pilot)
        await board.ready()
        walk = Walk(board)
        await settings_tabs(walk, can_change=False)
        await walk.visit("the job list", "2", shows=JobListScreen)
        for _ in range(2):
            await walk.visit("the job list, the next view", "right_square_bracket")
        walk.finish()

    async with demo.app().run_test(size=LARGE) as pilot:
        board = BoardPilot(pilot)
        await board.ready()
        walk = Walk(board)
        await walk.visit("the job list", "2", shows=JobListScreen)
        await walk.visit("the job list, archived", "right_square_bracket")
        await walk.visit("the job list, trash", "right_square_bracket")
        await walk.visit("a trashed job's card", "enter", shows=JobCardScreen)
        walk.finish()


def test_the_walks_patterns_catch_what_they_are_for() -> None:
    caught = [
        "Read-only: only the owner and admins change statuses (R11).", "(R12)", "Automation #4 · Review",
        "Client work (#1, status on cards)", "3 job(s)", "2 automation(s)", "Added account #41",
    ]
    kept = ["#27 Payroll · Rivera Family", "Moved #3 to Review", "1 of 6 jobs", "R&D credit", "ctrl+s"]
    assert all(problems_in("x", text) for text in caught), [text for text in caught if not problems_in("x", text)]
    assert not any(problems_in("x", text) for text in kept)
