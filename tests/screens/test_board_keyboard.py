"""The board a keyboard user never fights (issue 17): the cursor is on a card whenever there is
one, keys on an empty column say why nothing happened, search finds job numbers, the counts say
"17 of 60", a column indicator shows when not all columns fit, card lines end in an ellipsis when
cut, and the columns paint at their final width from the first frame."""

from __future__ import annotations

import gc

import pytest
from board_pilot import LARGE, SMALL, BoardPilot
from firms import DemoFirm
from list_pilot import ListPilot
from rich.text import Text
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Static

from wipboard.store import outbox
from wipboard.store.demo import DONE
from wipboard.store.services.moves import move_jobs
from wipboard.store.services.people import AccountEdit, edit_account
from wipboard.tui.kit.marks import Marks
from wipboard.tui.kit.view_filter import ViewFilter
from wipboard.tui.kit.widgets.card_column import CardColumn

INTAKE, WAITING, PREPARATION, REVIEW, SIGNATURE, FILED = 1, 2, 3, 4, 5, 6


def bar_text(board: BoardPilot) -> str:
    """The line above the columns: '17 of 60 jobs · text "rivera" · esc clears'."""
    content = board.screen.query_one("#filter-summary", Static).content
    if isinstance(content, Text):
        return content.plain
    return Content.from_markup(str(content)).plain if isinstance(content, str) else str(content)


def active_jobs(demo: DemoFirm, pipeline_id: int = 1) -> list[int]:
    return sorted(
        job.id for job in demo.repo.snapshot().jobs.values()
        if job.pipeline_id == pipeline_id and not job.archived and not job.deleted
    )


def empty_intake(demo: DemoFirm) -> None:
    jobs = [job.id for job in demo.repo.snapshot().jobs.values() if job.stage_id == INTAKE and not job.archived and not job.deleted]
    move_jobs(demo.repo, demo.actor(), jobs, WAITING, run_automations_on_entry=False)


class TestTheCursorIsOnACard:
    async def test_the_board_never_starts_in_an_empty_column(self, demo: DemoFirm) -> None:
        empty_intake(demo)
        async with demo.app().run_test(size=SMALL) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await pilot.pause()
            assert board.focused_stage == WAITING
            assert board.current_job == board.job_ids(WAITING)[0]
            assert f"#{board.current_job} · " in board.cursor_card_text()

    @pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
    async def test_a_filter_that_empties_the_visible_columns_scrolls_to_the_first_card(
        self, demo: DemoFirm, size: tuple[int, int]
    ) -> None:
        async with demo.app().run_test(size=size) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            board.screen.apply_filter(ViewFilter(status_ids=(DONE,)))  # what the palette's "Filter by status: Done" does
            await pilot.pause()
            await pilot.pause()
            column = board.screen.focused_column()
            assert column is not None and column.cards, "the cursor is in a column without cards"
            assert board.job_ids(INTAKE) == []
            columns = board.screen.query_one("#columns")
            assert columns.region.contains_region(column.parent.region), "the first card is off screen"
            assert f"#{board.current_job} · " in board.cursor_card_text()

    @pytest.mark.parametrize(("key", "verb"), [("enter", "open"), ("L", "move"), ("m", "move")])
    async def test_keys_on_an_empty_column_say_why_nothing_happened(self, demo: DemoFirm, key: str, verb: str) -> None:
        empty_intake(demo)
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await board.press("h")
            assert board.focused_stage == INTAKE and board.current_job is None
            await board.press(key)
            assert board.top is board.screen, "a dialog opened for no job"
            assert f"Nothing to {verb}: this column has no jobs. h and l go to another column." in board.notifications()


class TestSearchAndCounts:
    @pytest.mark.parametrize("typed", ["#{}", "{}"], ids=["hash", "bare"])
    async def test_r10_the_board_search_finds_a_job_by_its_number(self, demo: DemoFirm, typed: str) -> None:
        job_id = active_jobs(demo)[-1]
        async with demo.app().run_test(size=LARGE) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await board.press("slash")
            await board.type(typed.format(job_id))
            await board.wait_until(lambda: job_id in board.all_job_ids(), f"#{job_id} was not found")
            assert board.current_job == job_id

    async def test_r10_a_filtered_board_says_how_many_of_how_many_jobs(self, demo: DemoFirm) -> None:
        total = len(active_jobs(demo))
        async with demo.app().run_test(size=LARGE) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            assert bar_text(board).startswith(f"{total} jobs · ")
            job_id = active_jobs(demo)[0]
            await board.press("slash")
            await board.type(f"#{job_id}")
            await board.wait_until(lambda: board.all_job_ids() == {job_id} or len(board.all_job_ids()) < total, "no filter")
            shown = len(board.all_job_ids())
            assert bar_text(board).startswith(f"{shown} of {total} jobs · text \"#{job_id}\"")

    async def test_r10_the_list_search_finds_a_job_by_its_number(self, demo: DemoFirm) -> None:
        job_id = active_jobs(demo, 2)[0]
        async with demo.app().run_test(size=LARGE) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("slash")
            await job_list.type(f"#{job_id}")
            await job_list.wait_until(lambda: job_id in job_list.ids(), f"#{job_id} was not found")
            assert job_list.summary().startswith(f"{len(job_list.ids())} of ")

    def test_thousands_are_written_the_same_way_in_the_marks_and_the_counts(self, demo: DemoFirm) -> None:
        job = demo.repo.snapshot().jobs[active_jobs(demo)[0]]
        marks = Marks()
        marks.mark_all(job.model_copy(update={"id": job_id}) for job_id in range(1, 9610))
        assert marks.summary(range(1, 9610)) == "[b]9 609 marked[/]"
        assert ViewFilter().describe(demo.repo.snapshot(), 9609, total=9609).startswith("9 609 of 9 609 jobs")


def indicator(board: BoardPilot) -> str:
    label = board.screen.query_one("#column-indicator", Static)
    return str(label.render()) if label.display else ""


class TestColumnIndicator:
    async def test_at_80_columns_it_says_which_2_of_the_6_columns_show_and_follows_the_cursor(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await board.wait_until(lambda: indicator(board) == "columns 1–2 of 6 ›", "no indicator at start")
            await board.press("l", "l")
            await board.wait_until(lambda: indicator(board) == "‹ columns 2–3 of 6 ›", f"the indicator did not follow: {indicator(board)!r}")
            await board.press("l", "l", "l")
            await board.wait_until(lambda: indicator(board) == "‹ columns 5–6 of 6", "the indicator did not reach the end")
            assert "‹ columns 5–6 of 6" in board.text()
            await board.press("slash")  # the row is then the count's and the search box's
            await board.wait_until(lambda: indicator(board) == "", "the indicator crowds the search box")
            await board.press("escape")
            await board.wait_until(lambda: indicator(board) == "‹ columns 5–6 of 6", "the indicator did not come back")

    async def test_at_160_columns_it_says_5_of_6(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await board.wait_until(lambda: indicator(board) == "columns 1–5 of 6 ›", "no indicator at 160 columns")

    async def test_it_is_gone_when_every_column_fits(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=(300, 60)) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await pilot.pause()
            await pilot.pause()
            assert indicator(board) == ""
            assert "of 6" not in board.text()


class TestCardLines:
    @pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
    async def test_a_line_too_long_for_the_card_ends_in_an_ellipsis_never_cut_mid_word(
        self, demo: DemoFirm, size: tuple[int, int]
    ) -> None:
        snapshot = demo.repo.snapshot()
        first = snapshot.jobs[min(job.id for job in snapshot.jobs.values() if job.stage_id == INTAKE and not job.archived)]
        edit_account(demo.repo, demo.actor(), first.account_id, AccountEdit(
            name="Friends of the Maple Street Community Garden Trust", tags=snapshot.accounts[first.account_id].tags,
        ))
        async with demo.app().run_test(size=size) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await pilot.pause()
            lines = [line for line in board.text().splitlines() if "· Friends of the Maple St" in line]
            assert lines, "the long account is not on screen"
            for line in lines:
                # The card's own cells (up to the column's edge and its scrollbar) end in "…".
                cut = line.split("Friends of the Maple St", 1)[1]
                assert "…" in cut.split("  ", 1)[0], f"cut without an ellipsis: {line!r}"


class TestFirstFrame:
    @pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
    async def test_the_columns_are_laid_out_at_their_final_width_from_the_first_frame(
        self, demo: DemoFirm, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Every size a column is ever painted at, from its first frame on, is the one it keeps: no
        column widens, and none is shortened a frame later by a scrollbar the first layout lacked."""
        sizes: dict[int, set[tuple[int, int]]] = {}
        render_line = CardColumn.render_line

        def recorded(column: CardColumn, y: int) -> Strip:
            sizes.setdefault(column.stage_id, set()).add((column.size.width, column.size.height))
            return render_line(column, y)

        monkeypatch.setattr(CardColumn, "render_line", recorded)
        async with demo.app().run_test(size=size) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await pilot.pause(0.2)
            final = {column.stage_id: (column.size.width, column.size.height) for column in board.columns()}
            painted = {stage: sizes[stage] for stage in final if stage in sizes}
            assert painted and all(painted[stage] == {final[stage]} for stage in painted), (
                f"columns painted at {painted} before {final}"
            )

    @pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
    async def test_a_long_column_scrolls_up_and_down_only_and_shows_its_last_row(self, demo: DemoFirm, size: tuple[int, int]) -> None:
        """A column scrolls vertically; a sideways scrollbar under its cards would hide their last row."""
        async with demo.app().run_test(size=size) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await pilot.pause(0.2)
            for column in board.columns():
                assert not column.show_horizontal_scrollbar, f"column {column.stage_id} scrolls sideways"
                assert column.scrollable_content_region.height == column.size.height


async def _contacts_indexed_at_idle(board: BoardPilot) -> dict[int, tuple[int, ...]]:
    """The outbox's index of each account's contacts, once the board has built it at idle."""
    contacts = board.app.session.snapshot().contacts

    def indexed() -> bool:
        last = outbox._last_index  # the index the outbox keeps, built by no one but the board here
        return last is not None and last[0] is contacts

    await board.wait_until(indexed, "the contacts were not indexed at idle")
    return outbox._last_index[1]  # type: ignore[index]  # set: indexed() saw it


class TestTheFirstMove:
    async def test_r16_the_board_encodes_the_firm_file_at_idle_so_the_first_move_writes_only_what_changed(
        self, demo: DemoFirm
    ) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            storage = board.app.session.repo.storage  # type: ignore[attr-defined]
            await board.wait_until(lambda: storage._encoded is not None, "nothing was encoded ahead")
            job_id = board.current_job
            await board.press(">")
            await board.wait_until(lambda: demo.job(job_id).stage_id == WAITING, "the move was not written")
            assert demo.repo.snapshot().jobs[job_id].stage_id == WAITING  # the file another process reads is whole

    async def test_r20_the_board_indexes_the_contacts_at_idle_so_the_first_move_finds_whom_to_tell_at_once(
        self, demo: DemoFirm
    ) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            index = await _contacts_indexed_at_idle(board)
            contacts = board.app.session.snapshot().contacts
            assert index is outbox.contact_ids_by_account(contacts)  # what the first move will use
            assert any(index.values())

    async def test_r16_what_the_board_prepares_at_idle_is_frozen_so_the_first_move_does_not_collect_it(
        self, demo: DemoFirm
    ) -> None:
        """The collector's first full pass after the start came during the first move, walking all
        that the idle preparation had just made: the first move was the slowest of all."""
        async with demo.app().run_test(size=SMALL) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            index = await _contacts_indexed_at_idle(board)  # made by the preparation: a dict the collector tracks

            def frozen() -> bool:  # the collector's generations hold what it will walk; frozen objects are apart
                return not any(tracked is index for tracked in gc.get_objects())

            await board.wait_until(frozen, "what the preparation made is left for the collector to walk")
