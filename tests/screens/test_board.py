"""The kanban board (issue 4): its start, the cursor, what the cards show, resizing, help and the palette, a contact.

Each test arranges the demo, presses the keys a user would, and checks what the
user would see (columns, the cursor, notifications, the screen's text) and what
is stored in the firm file (read back as another process would).
"""

from __future__ import annotations

import gc
from datetime import timedelta
from typing import Any

import pytest
from board_pilot import LARGE, SMALL, BoardPilot, choose, open_board
from firms import TODAY, DemoFirm
from screen_reading import screen_text
from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.widgets import OptionList

from wipboard.screens.board import BoardScreen
from wipboard.screens.help import HelpScreen
from wipboard.screens.portal import PortalScreen
from wipboard.store.demo import PAYROLL, TAX_RETURN
from wipboard.store.services.client_status import CardEdit, save_card
from wipboard.store.services.pipelines import PipelineSettings, update_pipeline
from wipboard.tui.shell.app import WipboardApp

INTAKE, WAITING, PREPARATION, REVIEW, SIGNATURE, FILED = 1, 2, 3, 4, 5, 6
UPCOMING, PROCESSING, APPROVAL, PAID = 12, 13, 14, 15
STATUS_NAMES = ("Planned", "On hold", "In progress", "In review", "Done", "Waiting on you")


async def switch_pipeline(board: BoardPilot, name: str) -> None:
    """``p``, then the pipeline's line in the picker with the arrow keys and enter."""
    await board.press("p")
    await choose(board, board.top.query_one(OptionList), name)
    await board.wait_until(lambda: board.screen.pipeline is not None and board.screen.pipeline.name == name, f"{name} never showed")
    await board.ready()


class TestStart:
    async def test_the_start_runs_without_the_cycle_collector_which_runs_again_once_the_cards_are_drawn(
        self, demo: DemoFirm, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        collector_on_at_fills: list[bool] = []
        fill = BoardScreen.refill

        def recorded(screen: BoardScreen, *args: Any, **kwargs: Any) -> None:
            collector_on_at_fills.append(gc.isenabled())
            fill(screen, *args, **kwargs)

        monkeypatch.setattr(BoardScreen, "refill", recorded)
        assert gc.isenabled()
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            assert collector_on_at_fills[0] is False  # the first fill, inside the start: paused
            await board.wait_until(gc.isenabled, "the collector never ran again after the first frame")
        assert gc.isenabled()


class TestNavigation:
    @pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
    async def test_hjkl_g_G_move_the_cursor_through_cards_and_columns(self, demo: DemoFirm, size: tuple[int, int]) -> None:
        async with demo.app().run_test(size=size) as pilot:
            board = await open_board(pilot)
            intake, waiting = board.job_ids(INTAKE), board.job_ids(WAITING)
            assert (board.focused_stage, board.current_job) == (INTAKE, intake[0])
            await board.press("j", "j")
            assert board.current_job == intake[2]
            await board.press("k")
            assert board.current_job == intake[1]
            await board.press("G")
            assert board.current_job == intake[-1]
            await board.press("g")
            assert board.current_job == intake[0]
            await board.press("down", "l")
            assert (board.focused_stage, board.current_job) == (WAITING, waiting[1])
            await board.press("h")
            assert (board.focused_stage, board.current_job) == (INTAKE, intake[1])
            await board.press("right", "right", "right", "right", "right", "right", "l")  # past the last column: stays
            assert board.focused_stage == FILED
            await board.press("left")
            assert board.focused_stage == SIGNATURE

    async def test_the_active_column_scrolls_into_view_at_80x24(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            columns = board.screen.query_one("#columns")
            for stage in [WAITING, PREPARATION, REVIEW, SIGNATURE, FILED]:
                await board.press("l")
                assert board.focused_stage == stage
                assert columns.region.contains_region(board.column(stage).parent.region), f"{stage} is out of view"
            assert columns.scroll_x > 0
            await board.press("h", "h", "h", "h", "h")
            assert board.focused_stage == INTAKE
            assert columns.region.contains_region(board.column(INTAKE).parent.region)
            assert board.cursor_card_text().splitlines()[1].startswith(f" #{board.current_job} · ")

    async def test_a_long_column_scrolls_to_keep_the_cursor_card_on_screen(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("l", "l", "G")  # Preparation: 13 cards, far more than 19 rows show
            column = board.column(PREPARATION)
            assert column.scroll_offset.y > 0
            assert f"#{board.job_ids(PREPARATION)[-1]} · " in board.cursor_card_text()

    async def test_enter_opens_the_card_of_the_job_under_the_cursor(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("l", "j")
            job_id = board.current_job
            await board.press("enter")
            assert type(board.top).__name__ == "JobCardScreen"
            assert board.top.job_id == job_id  # type: ignore[attr-defined]
            assert f"#{job_id}" in board.text()


class TestOverdue:
    async def test_r9_a_job_due_before_today_is_overdue_until_it_reaches_the_last_stage(self, demo: DemoFirm) -> None:
        late_date = TODAY - timedelta(days=20)
        for stage in (REVIEW, FILED):
            job = demo.pick(stage=stage)
            client = job.client_status
            save_card(demo.repo, demo.actor(), job.id, job.version, CardEdit(
                due_date=late_date, visible=client.visible, name_for_client=client.name_for_client,
                status_id=client.status_id, description=client.description,
            ))
        in_review, filed = demo.pick(stage=REVIEW), demo.pick(stage=FILED)
        async with demo.app().run_test(size=LARGE) as pilot:
            board = await open_board(pilot)
            await board.go_to(in_review.id)
            assert f"overdue {late_date:%b %d}" in board.cursor_card_text()
            await board.go_to(filed.id)
            card = board.cursor_card_text()
            assert f"due {late_date:%b %d}" in card and "overdue" not in card  # filed: done, not late


class TestClientStatusBadge:
    async def test_r9_cards_show_the_status_badge_when_the_pipeline_says_so(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            board = await open_board(pilot)
            assert all(column.show_status for column in board.columns())
            first = demo.job(board.current_job)  # type: ignore[arg-type]
            assert demo.status_name(first) == "Planned"
            assert board.cursor_card_text().splitlines()[2].rstrip().endswith("Planned")
            assert "Planned" in board.text() and "In review" in board.text()

    async def test_r9_no_badge_on_a_pipeline_without_the_setting(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            board = await open_board(pilot)
            await switch_pipeline(board, "Monthly bookkeeping")
            assert [column.stage_id for column in board.columns()] == [7, 8, 9, 10, 11]
            assert not any(column.show_status for column in board.columns())
            await board.go_to(board.job_ids(11)[0])  # Closed: its jobs show "Done" to their clients
            assert demo.job(board.current_job).client_status.visible  # type: ignore[arg-type]
            text = board.text()
            assert not any(name in text for name in STATUS_NAMES)
            assert "hidden" not in text

    async def test_r9_a_job_hidden_from_the_client_shows_a_hidden_mark(self, demo: DemoFirm) -> None:
        async with demo.app(pipeline=PAYROLL).run_test(size=LARGE) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=APPROVAL, order=board.job_ids(APPROVAL))
            await board.go_to(job.id)
            assert board.cursor_card_text().splitlines()[2].rstrip().endswith("hidden")

    async def test_r9_r16_turning_the_setting_off_elsewhere_takes_the_badges_off(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            board = await open_board(pilot)
            update_pipeline(demo.repo, demo.actor(), TAX_RETURN, PipelineSettings(show_client_status_on_cards=False))
            await board.wait_until(lambda: not any(column.show_status for column in board.columns()), "badges stayed")
            await board.wait_until(lambda: not any(name in board.text() for name in STATUS_NAMES), "badges still drawn")
            update_pipeline(demo.repo, demo.actor(), TAX_RETURN, PipelineSettings(show_client_status_on_cards=True))
            await board.wait_until(lambda: "Planned" in board.text(), "badges never came back")


class TestResize:
    UP = ((40, 12), (80, 24), (160, 48), (300, 100))
    DOWN = ((120, 40), (60, 16), (40, 12))

    async def test_every_size_from_40x12_to_300x100_and_back_draws_and_keeps_the_cursor_in_view(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=self.UP[0]) as pilot:
            board = await open_board(pilot)
            for index, (width, height) in enumerate([*self.UP, *self.DOWN]):
                await pilot.resize_terminal(width, height)
                growing = index < len(self.UP)
                await board.press(*(["l", "l"] if growing else ["j"]))  # to the last column on the way up, then down its cards
                await board.wait_until(lambda: self.cursor_in_view(board), f"the cursor is out of view at {width}x{height}")
                assert (board.app.size.width, board.app.size.height) == (width, height)
                assert isinstance(board.top, BoardScreen)
                assert len(board.text().splitlines()) == height
            assert board.focused_stage == FILED
            await board.press("m", "escape", "L")  # a modal and a move at 40x12
            assert isinstance(board.top, BoardScreen)
            assert "No stage further that way." in board.notifications()

    @staticmethod
    def cursor_in_view(board: BoardPilot) -> bool:
        column = board.screen.focused_column()
        assert column is not None
        box = column.parent.region  # type: ignore[union-attr]
        top = column.cursor * 4 - column.scroll_offset.y
        return board.screen.query_one("#columns").region.contains_region(box) and 0 <= top < column.size.height

    async def test_the_board_opens_at_300x100(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=(300, 100)) as pilot:
            board = await open_board(pilot)
            await board.press("l", "j")
            assert board.focused_stage == WAITING
            assert self.cursor_in_view(board)


class TestHelpAndPalette:
    async def test_question_mark_lists_the_keys_of_the_board_and_searches_them(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            board = await open_board(pilot)
            await board.press("question_mark")
            assert isinstance(board.top, HelpScreen)
            rows = [str(option.prompt) for option in board.top.query_one("#keys", OptionList).options]
            for key, description in [("L", "Move ▶"), ("H", "◀ Move"), ("m", "Move to…"), ("u", "Undo"), ("f", "Filter"),
                                     ("q", "Quit"), (">", "Move ▶, no automations"), ("1", "Board"), ("j", "Down")]:
                assert any(row.split(maxsplit=1) == [key, description] for row in rows), f"{key} {description} not in {rows}"
            await board.type("undo")
            keys = board.top.query_one("#keys", OptionList)
            assert keys.option_count >= 1
            assert all("undo" in str(option.prompt).casefold() for option in keys.options)
            await board.press("escape")
            assert isinstance(board.top, BoardScreen)

    async def test_ctrl_p_offers_pipeline_payroll_and_switches_to_it(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("ctrl+p")
            assert isinstance(board.top, CommandPalette)
            await board.type("Pipeline: Payroll")
            commands = board.top.query_one(CommandList)
            await board.wait_until(lambda: commands.option_count > 0, "the palette found nothing")
            assert "Pipeline: Payroll" in str(commands.get_option_at_index(0).prompt)
            await board.press("down", "enter")
            await board.wait_until(lambda: isinstance(board.top, BoardScreen) and board.screen.pipeline.id == PAYROLL, "no Payroll")
            await board.ready()
            assert [column.stage_id for column in board.columns()] == [UPCOMING, PROCESSING, APPROVAL, PAID]
            assert "Payroll · olivia" in board.text()

    async def test_number_keys_switch_between_board_list_and_portal(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("2")
            assert type(board.top).__name__ in ("JobListPlaceholder", "JobListScreen")
            await board.press("3")
            assert isinstance(board.top, PortalScreen)
            await board.press("1")
            assert board.top is board.screen
            assert sum(isinstance(screen, BoardScreen) for screen in board.app.screen_stack) == 1


class TestContact:
    async def test_r12_a_contact_gets_the_portal_and_no_key_reaches_staff_data(self, demo: DemoFirm) -> None:
        snapshot = demo.repo.snapshot()
        contact = next(item for item in snapshot.contacts.values() if item.login == "mrivera")
        staff_data = (
            [user.name for user in snapshot.users.values()]
            + [account.name for account in snapshot.accounts.values() if account.id not in contact.account_ids]
            + ["Individual tax return", "Monthly bookkeeping", "Waiting for documents", "Preparation",
               "Client signature", "Collecting statements", "Reconciling", "Approval", "Upcoming"]
            + [job.notes for job in snapshot.jobs.values() if job.notes]
        )
        app_keys = {key for binding in [*WipboardApp.BINDINGS, *PortalScreen.BINDINGS] for key in binding.key.split(",")}
        board_keys = ["L", "m", "n", "e", "f", "slash", "u", "p"]  # meaningless on the portal: they must stay so
        keys = [*sorted(app_keys - {"q"}), "ctrl+p", "tab", "enter", *board_keys]
        app = demo.app("mrivera")
        async with app.run_test(size=LARGE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PortalScreen)
            assert "Work in progress — " in screen_text(app)
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
                stack = app.screen_stack
                assert any(isinstance(screen, PortalScreen) for screen in stack)
                # Only the portal and its help: no board, job list, palette or other staff screen.
                assert all(type(screen) is Screen or isinstance(screen, (PortalScreen, HelpScreen)) for screen in stack), (key, stack)
                text = screen_text(app)
                leaked = [item for item in staff_data if item in text]
                assert not leaked, f"{key} showed {leaked}"
                while not isinstance(app.screen, PortalScreen):
                    await pilot.press("escape")
                    await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
            assert app.return_code == 0 and not app.is_running
