"""A card archived or deleted from the board after a confirmation (R7), and a new job made with n (R2)."""

from __future__ import annotations

from board_pilot import SMALL, open_board
from firms import DemoFirm
from textual.widgets import Input, Label, Select

from wipboard.screens.board import BoardScreen
from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.new_job import NewJobScreen
from wipboard.store.demo import IN_PROGRESS, PAYROLL

INTAKE = 1
PROCESSING = 13


class TestArchiveAndDelete:
    async def test_r7_confirmed_archive_or_delete_takes_the_card_off_the_board(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("l")
            for key, field, verb in [("a", "archived", "Archive"), ("d", "deleted", "Delete")]:
                job_id = board.current_job
                assert job_id is not None
                await board.press(key)
                assert isinstance(board.top, ConfirmScreen)
                assert f"{verb} #{job_id} {demo.job(job_id).name}?" in board.text()
                await board.press("y")
                assert getattr(demo.job(job_id), field) is True
                assert job_id not in board.all_job_ids()
            assert sum("u undoes it" in text for text in board.notifications()) == 2

    async def test_r7_a_declined_confirmation_changes_nothing(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            job_id = board.current_job
            assert job_id is not None
            before = demo.job(job_id)
            for keys in [("d", "n"), ("a", "escape")]:
                await board.press(*keys)
                assert isinstance(board.top, BoardScreen)
                assert demo.job(job_id) == before
                assert job_id in board.all_job_ids()


class TestNewJob:
    async def test_r2_n_creates_a_job_in_the_column_and_runs_its_automation(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            before = board.all_job_ids()
            await board.press("n")
            dialog = board.top
            assert isinstance(dialog, NewJobScreen)
            dialog.query_one("#name", Input).focus()
            await board.type("2025 gift tax return")
            await board.press("enter")  # no account yet: refused, with the field named
            assert board.top is dialog and "account: choose the client" in board.text()
            assert len(demo.repo.snapshot().jobs) == 200
            dialog.query_one("#account", Select).focus()
            await board.press("enter", "down", "enter")  # open the account list, the first account
            assert dialog.query_one("#account", Select).value is not Select.NULL
            dialog.query_one("#name", Input).focus()
            await board.press("enter")
            assert isinstance(board.top, BoardScreen)
            (new_id,) = board.all_job_ids() - before
            stored = demo.job(new_id)
            assert (stored.name, stored.stage_id) == ("2025 gift tax return", INTAKE)
            assert demo.status_name(stored) == "Planned"  # Intake's automation ran on creation (R2, R4)
            assert (board.focused_stage, board.current_job) == (INTAKE, new_id)


    async def test_r2_r4_the_new_job_form_says_what_the_client_will_see_before_the_job_exists(self, demo: DemoFirm) -> None:
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("n")  # in Upcoming: no automation, the job stays hidden
            dialog = board.top
            assert isinstance(dialog, NewJobScreen)
            line = dialog.query_one("#client-will-see", Label)
            assert "Choose the client" in str(line.content)
            dialog.query_one("#account", Select).value = next(iter(demo.repo.snapshot().accounts))
            await pilot.pause()
            assert "Will be hidden from the client" in str(line.content)
            dialog.query_one("#stage", Select).value = PROCESSING  # its automation shows In progress
            await pilot.pause()
            assert "Will be shown to the client at once as In progress, under the job's own name." in str(line.content)
            assert len(demo.repo.snapshot().jobs) == 200, "nothing is created to say it"
            dialog.query_one("#name", Input).focus()
            await board.type("April payroll")
            await board.press("enter")
            (new_id,) = [job_id for job_id in demo.repo.snapshot().jobs if job_id > 200]
            stored = demo.job(new_id)
            assert (stored.stage_id, stored.client_status.visible, stored.client_status.status_id) == (PROCESSING, True, IN_PROGRESS)
            assert stored.client_status.name_for_client == "April payroll"
