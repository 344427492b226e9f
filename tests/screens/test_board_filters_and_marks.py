"""The board's filters (R10: / and the filter panel, esc clears) and its marked jobs moved or archived together."""

from __future__ import annotations

from board_pilot import SMALL, BoardPilot, choose, open_board
from firms import DemoFirm
from textual.widgets import Input, OptionList, Select, SelectionList

from wipboard.screens.board import BoardScreen
from wipboard.screens.filter_panel import FilterPanel
from wipboard.screens.move_preview import MovePreviewScreen
from wipboard.store.demo import DONE, IN_REVIEW, PAYROLL, TAX_RETURN

INTAKE, FILED = 1, 6


class TestFilters:
    async def test_r10_slash_and_typing_narrows_the_cards_and_esc_clears(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            everything = board.all_job_ids()
            await board.press("slash")
            box = board.screen.query_one("#text-filter", Input)
            assert box.display and box.has_focus
            await board.type("rivera")
            shown = board.all_job_ids()
            snapshot = demo.repo.snapshot()
            assert shown and shown < everything
            for job_id in shown:
                job = snapshot.jobs[job_id]
                searched = f"{job.name} {snapshot.accounts[job.account_id].name} {job.client_status.name_for_client}"
                assert "rivera" in searched.casefold()
            assert all("Rivera" not in snapshot.accounts[snapshot.jobs[job_id].account_id].name for job_id in everything - shown)
            assert f'{len(shown)} of {len(everything)} jobs · text "rivera"' in board.text()  # issue 17: 'N of M'
            await board.press("escape")
            assert board.all_job_ids() == everything
            assert not box.display and not box.has_focus
            assert "Filters cleared" in board.notifications()
            await board.press("j")  # the keys drive the board again, not the search box
            assert box.value == "" and board.current_job == board.job_ids(INTAKE)[1]

    async def test_r10_enter_keeps_the_text_filter_and_esc_clears_the_marks_first_then_the_filters(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            everything = board.all_job_ids()
            await board.press("slash")
            await board.type("rivera")
            shown = board.all_job_ids()
            await board.press("enter", "space")  # back to the cards; mark the one under the cursor
            assert board.all_job_ids() == shown and board.screen.filter.text == "rivera"
            assert len(board.screen.marked) == 1
            assert board.column(INTAKE).cards[0].marked and "● " in board.text()
            await board.press("escape")
            assert not board.screen.marked and board.screen.filter.text == "rivera"
            assert "● " not in board.text()
            await board.press("escape")
            assert board.all_job_ids() == everything and not board.screen.filter.active

    async def test_r10_the_filter_panel_keeps_jobs_with_the_ticked_statuses(self, demo: DemoFirm) -> None:
        snapshot = demo.repo.snapshot()

        def showing(*status_ids: int) -> set[int]:
            return {
                job.id for job in snapshot.jobs.values()
                if job.pipeline_id == TAX_RETURN and not job.archived and not job.deleted
                and job.client_status.visible and job.client_status.status_id in status_ids
            }

        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            everything = board.all_job_ids()
            await board.press("f", "escape")  # a look, no change
            assert isinstance(board.top, BoardScreen)
            assert board.all_job_ids() == everything and not board.screen.filter.active
            await self.tick(board, "In review")
            assert board.all_job_ids() == showing(IN_REVIEW)
            assert "status In review" in board.text()
            await self.tick(board, "Done")  # a second status: either one
            assert board.all_job_ids() == showing(IN_REVIEW, DONE)
            assert "status In review, Done" in board.text()
            await board.press("escape")
            assert board.all_job_ids() == everything
            assert "esc clears" not in board.text()

    @staticmethod
    async def tick(board: BoardPilot, name: str) -> None:
        """f, tab to the status list, space on ``name``, ctrl+s."""
        await board.press("f")
        panel = board.top
        assert isinstance(panel, FilterPanel)
        statuses = panel.query_one("#statuses", SelectionList)
        for _ in range(5):
            if statuses.has_focus:
                break
            await board.press("tab")
        index = next(i for i in range(statuses.option_count) if name in str(statuses.get_option_at_index(i).prompt))
        here = statuses.highlighted or 0
        await board.press(*["down"] * (index - here), "space", "ctrl+s")
        assert isinstance(board.top, BoardScreen)

    async def test_r10_the_filter_panel_filters_by_visibility(self, demo: DemoFirm) -> None:
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("f")
            visible = board.top.query_one("#visible", Select)
            assert visible.value is Select.NULL  # no visibility chosen yet
            visible.focus()
            await board.press("enter")  # open the list
            await board.press("down", "down", "enter")  # past the prompt and "Shown…" to "Hidden from the client"
            assert visible.value is False
            await board.press("ctrl+s")
            snapshot = demo.repo.snapshot()
            shown = board.all_job_ids()
            assert shown and all(not snapshot.jobs[job_id].client_status.visible for job_id in shown)
            assert "hidden from client" in board.text()


class TestMarks:
    async def test_r4_marked_jobs_move_together_with_m_and_one_undo_brings_them_back(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            first, second = board.job_ids(INTAKE)[:2]
            await board.go_to(first)
            await board.press("space")  # marks and steps to the next card
            assert board.current_job == second
            await board.press("space")
            assert board.screen.marked == {first, second}
            await board.press("m")
            await choose(board, board.top.query_one(OptionList), "Filed")
            assert isinstance(board.top, MovePreviewScreen)  # more than one job: always the counted preview
            assert "Moving 2 jobs to Filed will:" in board.text() and "client status → Done (2 jobs)" in board.text()
            await board.press("a")
            assert {demo.job(first).stage_id, demo.job(second).stage_id} == {FILED}
            assert {demo.job(first).client_status.status_id, demo.job(second).client_status.status_id} == {DONE}
            assert board.screen.marked == set()
            await board.press("u")
            await board.wait_until(lambda: {demo.job(first).stage_id, demo.job(second).stage_id} == {INTAKE}, "not undone")

    async def test_r7_V_marks_every_job_shown_and_a_archives_them_after_one_confirmation(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("slash")
            await board.type("rivera")
            await board.press("enter")
            shown = board.all_job_ids()
            assert shown and all("Rivera" in demo.repo.snapshot().accounts[demo.job(i).account_id].name for i in shown)
            archived_before = sum(1 for job in demo.repo.snapshot().jobs.values() if job.archived)
            await board.press("V", "a")
            assert "marked jobs" in board.text()
            await board.press("y")
            assert all(demo.job(job_id).archived for job_id in shown)
            archived_after = sum(1 for job in demo.repo.snapshot().jobs.values() if job.archived)
            assert archived_after == archived_before + len(shown)  # the marked ones, and no others
            assert board.all_job_ids().isdisjoint(shown)
