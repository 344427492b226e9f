"""The board's marks follow the job list's one rule (``wipboard/tui/kit/marks.py``): a marked
job the filter hides stays marked, is counted on screen, is acted on, and is checked against
the version it had when it was marked (R7, R16). Driven with keys on the demo firm."""

from __future__ import annotations

from board_pilot import SMALL, BoardPilot
from firms import DemoFirm

from wipboard.screens.confirm import ConfirmScreen
from wipboard.store.models import Job
from wipboard.store.services.client_status import BulkEdit, bulk_edit

INTAKE = 1


async def open_board(board: BoardPilot) -> BoardPilot:
    await board.ready()
    return board


def two_jobs_of_other_accounts(demo: DemoFirm, board: BoardPilot) -> tuple[Job, Job, str]:
    """Two Intake jobs, and a search text that finds the second one's account but not the first's."""
    snapshot = demo.repo.snapshot()
    jobs = [snapshot.jobs[job_id] for job_id in board.job_ids(INTAKE)]
    first = jobs[0]
    first_account = snapshot.accounts[first.account_id].name.casefold()
    for second in jobs[1:]:
        text = snapshot.accounts[second.account_id].name
        if text.casefold() not in first_account and text.casefold() not in first.name.casefold():
            return first, second, text
    raise AssertionError("the demo's Intake has jobs of one account only")


async def mark_one_then_filter_it_away(board: BoardPilot, first: Job, second: Job, text: str) -> None:
    await board.go_to(first.id)
    await board.press("space")
    await board.press("slash")
    await board.type(text)
    await board.press("enter")
    await board.wait_until(lambda: first.id not in board.all_job_ids(), "the filter never hid the marked job")
    await board.go_to(second.id)
    await board.press("space")


class TestHiddenMarks:
    async def test_r7_a_marked_job_the_filter_hides_is_counted_and_archived_with_the_others(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(BoardPilot(pilot))
            first, second, text = two_jobs_of_other_accounts(demo, board)
            await mark_one_then_filter_it_away(board, first, second, text)
            assert board.screen.marked == {first.id, second.id}
            assert "2 marked (1 not shown by the filter)" in board.text()
            await board.press("a")
            assert isinstance(board.top, ConfirmScreen) and "Archive the 2 marked jobs?" in board.text()
            await board.press("y")
            await board.wait_until(lambda: demo.job(first.id).archived and demo.job(second.id).archived, "not both archived")
            assert board.screen.marked == set()

    async def test_r16_a_hidden_marked_job_changed_elsewhere_is_refused_and_nothing_is_written(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(BoardPilot(pilot))
            first, second, text = two_jobs_of_other_accounts(demo, board)
            await mark_one_then_filter_it_away(board, first, second, text)
            bulk_edit(demo.repo, demo.actor(), [first.id], BulkEdit(name_for_client="Changed elsewhere"), via="cli")
            await board.press("a", "y")
            await board.wait_until(
                lambda: any(note.startswith("Nothing was changed") for note in board.notifications()), "no refusal"
            )
            refusal = next(note for note in board.notifications() if note.startswith("Nothing was changed"))
            assert refusal.count("Nothing was changed") == 1 and "someone else changed" in refusal
            assert not demo.job(first.id).archived and not demo.job(second.id).archived

    async def test_r9_another_pipeline_starts_without_the_marks_of_the_last(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(BoardPilot(pilot))
            await board.press("space")
            assert len(board.screen.marked) == 1
            await board.press("p")
            await board.press("down", "enter")
            await board.wait_until(lambda: board.screen.pipeline is not None and board.screen.pipeline.id != 1, "no switch")
            await board.ready()
            assert board.screen.marked == set() and "marked" not in board.text()
