"""The job list (issue 5), driven with keys through Textual's Pilot on the 200-job demo firm.

Each test opens the list with ``2``, presses the keys a user would, and checks what
the user sees (the rows, the summary line, the marked count, notifications) and what
is stored in the firm file, read back as another process would (``demo.repo``).
The rows a filter or a sort should give are worked out here with plain Python over
the stored jobs, never through the code under test.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from demo_firm import TODAY, DemoFirm
from list_pilot import SMALL, ListPilot
from textual.widgets import Input, Label, OptionList, Select, SelectionList, TextArea

from wipboard.screens import job_list as job_list_module
from wipboard.screens import job_list_actions
from wipboard.screens.assign_picker import AssignPicker
from wipboard.screens.bulk_edit import BulkEditScreen
from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.job_list import JobListScreen
from wipboard.screens.move_preview import MovePreviewScreen
from wipboard.screens.sort_picker import SortPicker
from wipboard.screens.stage_picker import StagePicker
from wipboard.store.demo import DONE, IN_REVIEW, PAYROLL, TAX_RETURN
from wipboard.store.models import ClientStatus, Job
from wipboard.store.portal import portal_for
from wipboard.store.repository import Snapshot
from wipboard.store.services.client_status import BulkEdit, bulk_edit
from wipboard.store.services.jobs import assign_jobs, set_flag
from wipboard.tui.kit import operations
from wipboard.tui.kit.view_filter import ViewFilter
from wipboard.tui.kit.widgets.filter_bar import FilterBar
from wipboard.tui.kit.widgets.job_table import JobTable

PREPARATION, REVIEW, FILED = 3, 4, 6


# --- The expected answers, in plain Python over the stored jobs ------------------------------


def active(snapshot: Snapshot) -> list[Job]:
    """The jobs of the Active view, by id: what the list shows before any filter."""
    return sorted(
        (job for job in snapshot.jobs.values() if not job.archived and not job.deleted), key=lambda job: job.id
    )


def ids_where(snapshot: Snapshot, keep: Callable[[Job], bool]) -> list[int]:
    return [job.id for job in active(snapshot) if keep(job)]


def account_of(snapshot: Snapshot, job: Job) -> str:
    return snapshot.accounts[job.account_id].name


def client_fields(status: ClientStatus) -> tuple[bool, str, int | None, str]:
    """What the client sees of a job's client status (the times aside)."""
    return status.visible, status.name_for_client, status.status_id, status.description


def portal_names(demo: DemoFirm, account: str) -> list[str]:
    return [item.name for item in portal_for(demo.repo, demo.actor(), account).work_in_progress]


# --- Driving --------------------------------------------------------------------------------


async def bulk_form(job_list: ListPilot, *, visibility: str | None = None, status: str | None = None) -> BulkEditScreen:
    """``e`` on the marked jobs, then visibility and status chosen with the keys."""
    await job_list.press("e")
    form = job_list.top
    assert isinstance(form, BulkEditScreen), form
    if visibility is not None:
        await job_list.choose(form.query_one("#visibility", Select), visibility)
    if status is not None:
        await job_list.choose(form.query_one("#status", Select), status)
    return form


def field_error(form: BulkEditScreen, field: str) -> str:
    label = form.query_one(f"#error-{field}", Label)
    return str(label.content) if label.display else ""


class TestFilters:
    async def test_r10_each_filter_leaves_the_matching_jobs_and_the_panel_sets_them_all_at_once(
        self, demo: DemoFirm
    ) -> None:
        """Each filter alone is put on the screen directly (a panel round trip costs a second or
        more per filter); then the panel, driven with the keys, sets every one of its fields at once."""
        snapshot = demo.repo.snapshot()
        total = len(active(snapshot))
        sunday = TODAY + timedelta(days=6 - TODAY.weekday())
        finished = {pipeline.stages[-1].id for pipeline in snapshot.pipelines.values()}
        rivera = next(account.id for account in snapshot.accounts.values() if account.name == "Rivera Family")
        cases: list[tuple[ViewFilter, Callable[[Job], bool], str]] = [
            (ViewFilter(pipeline_id=PAYROLL), lambda job: job.pipeline_id == PAYROLL, "Payroll"),
            (
                ViewFilter(pipeline_id=TAX_RETURN, stage_id=REVIEW),
                lambda job: job.stage_id == REVIEW,
                "Individual tax return · stage Review",
            ),
            (ViewFilter(stage_id=FILED), lambda job: job.stage_id == FILED, "stage Filed"),
            (
                ViewFilter(status_ids=(IN_REVIEW, DONE)),
                lambda job: job.client_status.status_id in (IN_REVIEW, DONE),
                "status In review, Done",
            ),
            (ViewFilter(visible=False), lambda job: not job.client_status.visible, "hidden from client"),
            (ViewFilter(visible=True), lambda job: job.client_status.visible, "shown to client"),
            (ViewFilter(account_id=rivera), lambda job: job.account_id == rivera, "account Rivera Family"),
            (ViewFilter(assignee="dana"), lambda job: "dana" in job.assignees, "assignee dana"),
            (
                ViewFilter(due="overdue"),
                lambda job: job.due_date is not None and job.due_date < TODAY and job.stage_id not in finished,
                "overdue",
            ),
            (
                ViewFilter(due="this_week"),
                lambda job: job.due_date is not None and TODAY <= job.due_date <= sunday,
                "due this week",
            ),
            (
                ViewFilter(text="rivera"),
                lambda job: (
                    "rivera" in f"{job.name} {account_of(snapshot, job)} {job.client_status.name_for_client}".casefold()
                ),
                'text "rivera"',
            ),
        ]
        # The panel: every field at once, from a job that has them all (shown, overdue, assigned, ASCII account name).
        target = next(
            job
            for job in active(snapshot)
            if job.pipeline_id == TAX_RETURN
            and job.client_status.visible
            and job.due_date
            and job.due_date < TODAY
            and job.stage_id not in finished
            and len(job.assignees) >= 1
            and account_of(snapshot, job).isascii()
        )
        account = account_of(snapshot, target)
        assignee = next(user for user in snapshot.users.values() if user.login == target.assignees[-1])
        stage = snapshot.pipelines[TAX_RETURN].stage(target.stage_id)
        assert stage is not None
        status = snapshot.statuses[target.client_status.status_id]  # type: ignore[index]
        other = next(item for item in snapshot.statuses.values() if item.id != status.id)
        combined = ids_where(
            snapshot,
            lambda job: (
                job.pipeline_id == TAX_RETURN
                and job.stage_id == stage.id
                and job.client_status.status_id in (status.id, other.id)
                and job.client_status.visible
                and job.account_id == target.account_id
                and assignee.login in job.assignees
                and job.due_date is not None
                and job.due_date < TODAY
            ),
        )
        assert target.id in combined

        async with demo.app().run_test(size=SMALL) as pilot:
            job_list = await ListPilot.open(pilot)
            everything = job_list.ids()
            assert everything == ids_where(snapshot, lambda job: True)
            assert job_list.summary().startswith(f"{total} of {total} jobs · / search")
            for chosen, keep, words in cases:
                expected = ids_where(snapshot, keep)
                assert 0 < len(expected) < total, f"{chosen} tests nothing"
                job_list.screen.filter = chosen
                job_list.screen.refill()
                await pilot.pause()
                assert job_list.ids() == expected, chosen
                assert job_list.summary() == f"{len(expected)} of {total} jobs · {words} · esc clears", chosen
            await job_list.press("escape")  # no marks: esc clears the filters
            assert job_list.ids() == everything and not job_list.screen.filter.active
            assert "Filters cleared" in job_list.notifications()

            await job_list.filter_panel(
                pipeline="Individual",
                stage=stage.name,
                statuses=(status.name, other.name),
                visible="Shown",
                account=account[:9],
                assignee=assignee.name,
                due="Overdue",
            )
            applied = job_list.screen.filter
            assert set(applied.status_ids) == {status.id, other.id}
            assert applied == ViewFilter(
                status_ids=applied.status_ids,
                visible=True,
                account_id=target.account_id,
                assignee=assignee.login,
                pipeline_id=TAX_RETURN,
                stage_id=stage.id,
                due="overdue",
            )
            assert job_list.ids() == combined
            summary = job_list.summary()
            assert summary.startswith(
                f"{len(combined)} of {total} jobs · Individual tax return · stage {stage.name} · status "
            )
            assert summary.endswith(
                f"shown to client · account {account} · assignee {assignee.login} · overdue · esc clears"
            )
            assert f"{len(combined)} of {total} jobs · Individual tax return" in job_list.text()
            await job_list.press("escape")
            assert job_list.ids() == everything


class TestSortAndSearch:
    async def test_r10_sort_with_s_S_and_a_header_click_then_filter_as_you_type_and_esc_clears(
        self, demo: DemoFirm
    ) -> None:
        snapshot = demo.repo.snapshot()
        jobs = active(snapshot)  # by id: ties keep the job number order
        assert all(job.due_date for job in jobs)
        by_due = [job.id for job in sorted(jobs, key=lambda job: str(job.due_date))]
        by_due_descending = [job.id for job in sorted(jobs, key=lambda job: str(job.due_date), reverse=True)]
        by_account = [job.id for job in sorted(jobs, key=lambda job: account_of(snapshot, job).casefold())]

        def by_account_descending(keep: Callable[[Job], bool] = lambda job: True) -> list[int]:
            ordered = sorted(jobs, key=lambda job: account_of(snapshot, job).casefold(), reverse=True)
            return [job.id for job in ordered if keep(job)]

        def matching(text: str) -> Callable[[Job], bool]:
            return lambda job: (
                text in f"{job.name}\n{account_of(snapshot, job)}\n{job.client_status.name_for_client}".casefold()
            )

        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("j", "j")
            kept = job_list.current
            await job_list.press("s")
            picker = job_list.top
            assert isinstance(picker, SortPicker)
            options = picker.query_one(OptionList)
            due = next(
                index
                for index in range(options.option_count)
                if str(options.get_option_at_index(index).prompt) == "Due"
            )
            await job_list.press(*["down"] * (due - (options.highlighted or 0)), "enter")
            assert isinstance(job_list.top, JobListScreen)
            assert job_list.ids() == by_due
            assert job_list.sort_arrow() == "Due ▲" and "Sorted by Due, ascending" in job_list.notifications()
            assert job_list.current == kept  # the cursor stays on its job
            await job_list.press("S")
            assert job_list.ids() == by_due_descending
            assert job_list.sort_arrow() == "Due ▼"
            latest = max(job.due_date for job in jobs if job.due_date)
            assert latest.isoformat() in job_list.row_text(by_due_descending[0])

            x = job_list.header().index("Account")
            await pilot.click(JobTable, offset=(x + 1, 0))
            await pilot.pause()
            assert job_list.ids() == by_account
            assert job_list.sort_arrow() == "Account ▲"
            await pilot.click(JobTable, offset=(x + 1, 0))  # the same header again: the other way round
            await pilot.pause()
            assert job_list.ids() == by_account_descending()
            assert job_list.sort_arrow() == "Account ▼"
            assert job_list.current == kept

            # Filter as you type: the table follows each pause in the typing, still sorted.
            await job_list.press("slash")
            box = job_list.screen.query_one("#text-filter", Input)
            assert box.display and box.has_focus
            await job_list.type("riv")
            await job_list.wait_for_rows(by_account_descending(matching("riv")), 'after "riv"')
            count = len(job_list.ids())
            assert job_list.summary() == f'{count} of {len(jobs)} jobs · text "riv" · esc clears'
            await job_list.type("era l")
            narrower = by_account_descending(matching("rivera l"))
            assert 0 < len(narrower) < count
            await job_list.wait_for_rows(narrower, 'after "rivera l"')
            assert f'{len(narrower)} of {len(jobs)} jobs · text "rivera l"' in job_list.text()
            await job_list.press("enter")  # back to the table, the filter kept
            assert job_list.table.has_focus and job_list.ids() == narrower
            await job_list.press("g", "j")
            assert job_list.current == narrower[1]
            await job_list.press("escape")
            assert job_list.ids() == by_account_descending()
            assert not box.display and box.value == "" and not job_list.screen.filter.active

    async def test_r10_a_search_that_lands_after_the_last_key_does_not_take_the_later_keys_back(
        self, demo: DemoFirm, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On a busy machine the search for "riv" can finish after "rivera l" was typed and before
        the pause that runs it: the table then shows "riv" for a moment, and "rivera l" after."""
        snapshot = demo.repo.snapshot()
        narrower = {job.id for job in active(snapshot) if "rivera l" in account_of(snapshot, job).casefold()}
        assert narrower
        monkeypatch.setattr(job_list_module, "TYPING_PAUSE", 0.3)  # a typist's pause long enough to land inside
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            screen = job_list.screen
            screen.text_changed(FilterBar.Changed("riv"))
            screen.refill_in_background()  # the pause after "riv" is over: its search runs
            screen.text_changed(FilterBar.Changed("rivera l"))  # the last keys, before that search lands
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.filter.text == "rivera l"
            await job_list.wait_until(lambda: set(job_list.ids()) == narrower, 'the rows of "rivera l" never came')
            assert screen.filter.text == "rivera l" and 'text "rivera l"' in job_list.summary()
            assert not any("dropped" in text for text in job_list.notifications())


class TestMarks:
    async def test_r6_marks_survive_filtering_and_sorting_and_the_count_is_on_screen(self, demo: DemoFirm) -> None:
        snapshot = demo.repo.snapshot()
        rivera = ids_where(snapshot, lambda job: "rivera" in account_of(snapshot, job).casefold())
        others = ids_where(
            snapshot,
            lambda job: (
                "rivera" not in f"{job.name} {account_of(snapshot, job)} {job.client_status.name_for_client}".casefold()
            ),
        )
        marked = [rivera[0], others[3], others[30]]
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.mark(*marked)
            assert job_list.marked == set(marked)
            assert job_list.marked_count() == "3 marked"
            assert "3 marked" in job_list.text()
            assert job_list.row_text(marked[2]).startswith("● ")
            await job_list.mark(marked[2])  # space again unmarks
            assert job_list.marked_count() == "2 marked" and job_list.row_text(marked[2]).startswith("  ")
            await job_list.mark(marked[2])

            await job_list.press("slash")
            await job_list.type("rivera")
            await job_list.wait_until(
                lambda: job_list.screen.filter.text == "rivera" and marked[1] not in job_list.ids(), "no filter"
            )
            await job_list.press("enter")
            assert job_list.marked == set(marked)
            assert job_list.marked_count() == "3 marked (2 not shown by the filter)"
            assert "3 marked (2 not shown by the filter)" in job_list.text()
            assert job_list.row_text(rivera[0]).startswith("● ")
            await job_list.press("S")  # sorted the other way: the marks stay with their jobs
            assert job_list.ids()[-1] == rivera[0] and job_list.row_text(rivera[0]).startswith("● ")
            assert job_list.marked == set(marked)

            shown = job_list.ids()
            await job_list.press("V")
            assert job_list.marked == set(marked) | set(shown)
            assert job_list.marked_count() == f"{len(shown) + 2} marked (2 not shown by the filter)"
            assert f"Marked {len(shown) + 2} jobs" in job_list.notifications()[-1]
            await job_list.press("escape")  # the marks first …
            assert job_list.marked == set() and job_list.marked_count() == ""
            assert job_list.screen.filter.text == "rivera" and "Marks cleared" in job_list.notifications()
            assert not any(line.startswith("● ") for line in job_list.text().splitlines())
            await job_list.press("escape")  # … then the filters
            assert not job_list.screen.filter.active and len(job_list.ids()) == len(active(snapshot))
            await job_list.press("e")  # no marks: e opens the card of the job under the cursor
            assert type(job_list.top).__name__ == "JobCardScreen"
            assert job_list.top.job_id == job_list.current  # type: ignore[attr-defined]


class TestBulkEdit:
    async def test_r6_a_filled_in_bulk_edit_asks_before_the_palettes_board_ctrl_q_or_esc_drops_it(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("space", "space")
            form = await bulk_form(job_list, visibility="Hide")
            await job_list.press("ctrl+q")
            assert isinstance(job_list.top, ConfirmScreen) and pilot.app.is_running
            assert "the bulk edit you filled in will be lost" in job_list.top.question.lower()  # type: ignore[attr-defined]
            await job_list.press("escape")
            assert job_list.top is form
            await job_list.press("ctrl+p")
            await job_list.type("Job list")
            await pilot.pause(0.5)
            await job_list.press("enter")  # the palette's way to another screen asks as well
            assert isinstance(job_list.top, ConfirmScreen), job_list.top
            await job_list.press("escape")
            assert job_list.top is form
            await job_list.press("escape")
            assert isinstance(job_list.top, ConfirmScreen) and "Discard" in job_list.dialog_text()
            await job_list.press("y")
            assert isinstance(job_list.top, JobListScreen)

    async def test_r6_bulk_show_with_a_status_then_one_u_undoes_the_whole_edit(self, demo: DemoFirm) -> None:
        """R6 with R3 (prefill), R8 (the portal shows them) and R15 (one undo step)."""
        before = demo.repo.snapshot()
        jobs = active(before)
        with_name = next(
            job for job in jobs if job.client_status.visible and job.client_status.name_for_client != job.name
        )
        nameless = next(
            job for job in jobs if not job.client_status.name_for_client and job.client_status.status_id is None
        )
        hidden = next(job for job in jobs if not job.client_status.visible and job.client_status.name_for_client)
        chosen = [with_name, nameless, hidden]
        in_review = before.statuses[IN_REVIEW]
        accounts = sorted({account_of(before, job) for job in chosen})
        portals_before = {account: sorted(portal_names(demo, account)) for account in accounts}
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.mark(*(job.id for job in chosen))
            form = await bulk_form(job_list, visibility="Show")
            description = form.query_one("#description", TextArea)
            assert description.text == ""
            await job_list.choose(form.query_one("#status", Select), "In review")
            assert description.text == in_review.description  # R3: the status's description, still editable
            assert "Save: Show 'In review' to the clients of 3 jobs" in job_list.dialog_text()
            await job_list.press("ctrl+s")
            assert isinstance(job_list.top, ConfirmScreen)
            assert "Show 'In review' to the clients of 3 jobs with the description shown?" in job_list.dialog_text()
            assert dict(demo.repo.snapshot().jobs) == dict(before.jobs)  # nothing written before the confirmation
            await job_list.press("y")

            stored = demo.repo.snapshot().jobs
            for job in chosen:
                client = stored[job.id].client_status
                assert (client.visible, client.status_id, client.description) == (
                    True,
                    IN_REVIEW,
                    in_review.description,
                )
                assert (client.updated_by, client.via) == ("olivia", "bulk")
            kept = with_name.client_status.name_for_client, hidden.client_status.name_for_client  # blank keeps them
            assert (
                stored[with_name.id].client_status.name_for_client,
                stored[hidden.id].client_status.name_for_client,
            ) == kept
            assert stored[nameless.id].client_status.name_for_client == nameless.name  # R3: the job's name
            for job in chosen:
                assert stored[job.id].client_status.name_for_client in portal_names(demo, account_of(before, job))
            assert "Showed 'In review' to the clients of 3 jobs (3 changed) · u undoes it" in job_list.notifications()
            assert job_list.marked == set()
            for job in chosen:
                assert "■ In review" in job_list.row_text(job.id)
            assert all(stored[job.id] == job for job in jobs if job not in chosen)

            await job_list.press("u")  # in the background, like every undo
            await job_list.wait_until(lambda: "Undid your bulk edit of 3 jobs" in job_list.notifications(), "never undone")
            restored = demo.repo.snapshot().jobs
            for job in chosen:
                assert client_fields(restored[job.id].client_status) == client_fields(job.client_status), job.id
            assert "Undid your bulk edit of 3 jobs" in job_list.notifications()
            assert "hidden" in job_list.row_text(nameless.id)
            assert {account: sorted(portal_names(demo, account)) for account in accounts} == portals_before

    async def test_r6_bulk_hide_after_errors_beside_the_fields_that_write_nothing(self, demo: DemoFirm) -> None:
        """R6 with R18: a name for client of 121 characters, or 'show' for a job without a status,
        is refused beside its field and nothing is written; hide then goes through."""
        before = demo.repo.snapshot()
        first_three = [job.id for job in active(before)[:3]]
        assert [before.jobs[job_id].client_status.visible for job_id in first_three] == [True, True, False]
        nameless = first_three[2]
        assert before.jobs[nameless].client_status.status_id is None
        rivera = account_of(before, before.jobs[first_three[0]])
        shown_to_rivera = portal_names(demo, rivera)
        file_before = demo.path.read_bytes()
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("space", "space", "space")
            assert job_list.marked == set(first_three)
            form = await bulk_form(job_list)
            name_box = form.query_one("#name_for_client", Input)
            name_box.value = "x" * 120  # as if pasted (120 key presses would cost seconds) …
            name_box.focus()
            await job_list.press("end", "y")  # … and one more typed: 121 characters
            await job_list.press("ctrl+s")
            assert job_list.top is form
            assert "120" in field_error(form, "name_for_client")
            assert field_error(form, "status") == field_error(form, "") == ""
            assert "120 characters" in job_list.text()

            name_box.value = ""
            await job_list.choose(form.query_one("#visibility", Select), "Show")
            await job_list.press("ctrl+s")
            assert job_list.top is form
            assert field_error(form, "name_for_client") == ""
            assert f"#{nameless}" in field_error(form, "status") and "choose a status" in field_error(form, "status")
            assert demo.path.read_bytes() == file_before

            await job_list.choose(form.query_one("#visibility", Select), "Hide")
            await job_list.press("ctrl+s")
            assert (
                isinstance(job_list.top, ConfirmScreen)
                and "Hide the client status of 3 jobs?" in job_list.dialog_text()
            )
            await job_list.press("y")
            stored = demo.repo.snapshot().jobs
            for job_id in first_three:
                assert stored[job_id].client_status.visible is False
                kept_for_later = before.jobs[job_id].client_status.status_id
                assert stored[job_id].client_status.status_id == kept_for_later
                assert "hidden" in job_list.row_text(job_id)
            assert "Hid the client status of 3 jobs (2 changed) · u undoes it" in job_list.notifications()
            assert len(portal_names(demo, rivera)) == len(shown_to_rivera) - 1  # R8: hidden from the client at once

    async def test_r12_a_bulk_edit_including_a_job_no_longer_hers_is_refused_and_writes_nothing(
        self, demo: DemoFirm
    ) -> None:
        """dana (employee, assigned jobs only) marks two of her jobs; while she fills the form the
        owner, in another process, unassigns her from one; saving is refused by the service."""
        snapshot = demo.repo.snapshot()
        hers = ids_where(snapshot, lambda job: "dana" in job.assignees)
        async with demo.app("dana").run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            assert job_list.ids() == hers  # she sees only her jobs
            await job_list.press("space", "space")
            first, taken = hers[0], hers[1]
            assert job_list.marked == {first, taken}
            await bulk_form(job_list, visibility="Hide")
            assign_jobs(demo.repo, demo.actor(), [taken], remove=["dana"])  # the owner, elsewhere
            file_before = demo.path.read_bytes()
            await job_list.press("ctrl+s", "y")
            refusal = next((text for text in job_list.notifications() if text.startswith("Nothing was changed")), None)
            assert refusal is not None, job_list.notifications()
            assert f"there is no job #{taken} among the jobs you may see" in refusal  # R13: as if it did not exist
            assert f"#{first} " not in refusal
            assert demo.path.read_bytes() == file_before
            assert taken not in job_list.ids() and first in job_list.ids()  # the list shows what she may see now


class TestManyUsers:
    async def test_r16_a_bulk_edit_of_a_job_changed_elsewhere_is_refused_and_changes_show_within_2_seconds(
        self, demo: DemoFirm
    ) -> None:
        snapshot = demo.repo.snapshot()
        jobs = active(snapshot)
        first_three = [job.id for job in jobs[:3]]
        changed = first_three[1]
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("space", "space", "space")
            await bulk_form(job_list, visibility="Hide")
            bulk_edit(demo.repo, demo.actor("marcus"), [changed], BulkEdit(description="Statements arrived, thanks."))
            file_before = demo.path.read_bytes()
            await job_list.press("ctrl+s", "y")
            refusal = next((text for text in job_list.notifications() if "someone else changed" in text), None)
            assert refusal is not None, job_list.notifications()
            assert f"#{changed} {snapshot.jobs[changed].name}" in refusal and "by marcus" in refusal
            assert demo.path.read_bytes() == file_before  # nothing written, the other change kept
            assert demo.job(changed).client_status.description == "Statements arrived, thanks."
            assert job_list.marked == set(first_three)  # the marks stay for another try

            # Live: another process archives a job above the cursor and shows "Done" on a marked job.
            cursor_job, gone, shown = jobs[5].id, jobs[4].id, first_three[0]
            await job_list.go_to(cursor_job)
            set_flag(demo.repo, demo.actor("marcus"), [gone], "archive")
            bulk_edit(demo.repo, demo.actor("marcus"), [shown], BulkEdit(visibility="show", status=DONE))
            committed = time.monotonic()
            await job_list.wait_until(
                lambda: "■ Done" in job_list.row_text(shown), "the change never showed", timeout=5
            )
            assert time.monotonic() - committed <= 2.0
            assert gone not in job_list.ids()
            assert job_list.current == cursor_job and job_list.table.cursor == 4  # same job, one line higher
            assert job_list.marked == set(first_three) and job_list.marked_count() == "3 marked"
            assert job_list.row_text(shown).startswith("● ")


class TestArchiveAndTrash:
    async def test_r7_archive_unarchive_delete_and_restore_through_the_views(self, demo: DemoFirm) -> None:
        snapshot = demo.repo.snapshot()
        jobs = active(snapshot)
        first, second = jobs[0], jobs[1]
        assert first.client_status.visible
        rivera = account_of(snapshot, first)
        portal_item = first.client_status.name_for_client
        assert portal_item in portal_names(demo, rivera)
        archived_before = sorted(job.id for job in snapshot.jobs.values() if job.archived and not job.deleted)
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("space", "space", "a")
            assert isinstance(job_list.top, ConfirmScreen)
            assert "Archive the 2 marked jobs? They leave the client portal at once." in job_list.dialog_text()
            await job_list.press("y")
            assert demo.job(first.id).archived and demo.job(second.id).archived
            assert first.id not in job_list.ids() and second.id not in job_list.ids()
            assert portal_item not in portal_names(demo, rivera)  # R7: gone from the portal at once
            assert "Archived 2 jobs · u undoes it" in job_list.notifications()

            await job_list.press("right_square_bracket")
            assert job_list.screen.view == "archived"
            archived = sorted([*archived_before, first.id, second.id])
            assert job_list.ids() == archived
            assert job_list.summary().startswith(f"{len(archived)} of {len(archived)} jobs")
            await job_list.go_to(first.id)
            await job_list.press("a", "y")  # in the Archived view, a unarchives
            assert not demo.job(first.id).archived
            assert portal_item in portal_names(demo, rivera)  # R7: its client status shows again
            assert first.id not in job_list.ids()

            await job_list.press("left_square_bracket")
            assert job_list.screen.view == "active" and job_list.ids()[0] == first.id
            await job_list.go_to(first.id)
            await job_list.press("d")
            assert "They go to the trash and leave the client portal at once." in job_list.dialog_text()
            await job_list.press("y")
            assert demo.job(first.id).deleted and first.id not in job_list.ids()
            assert portal_item not in portal_names(demo, rivera)

            await job_list.press("left_square_bracket")  # Active → Trash (the views wrap round)
            assert job_list.screen.view == "trash"
            trash = sorted(job.id for job in demo.repo.snapshot().jobs.values() if job.deleted)
            assert first.id in trash and job_list.ids() == trash
            await job_list.go_to(first.id)
            await job_list.press("r", "y")  # the owner restores
            assert not demo.job(first.id).deleted
            assert first.id not in job_list.ids()
            assert portal_item in portal_names(demo, rivera)


class TestMoveAndAssign:
    async def test_r4_marked_jobs_move_together_after_a_counted_preview_then_A_assigns_them(
        self, demo: DemoFirm
    ) -> None:
        snapshot = demo.repo.snapshot()

        def preparation(individual: bool) -> list[Job]:
            return [
                job
                for job in active(snapshot)
                if job.stage_id == PREPARATION
                and ("individual" in snapshot.accounts[job.account_id].tags) == individual
            ]

        individual = preparation(True)[:2]
        business = preparation(False)[0]
        moving = [*individual, business]
        payroll = next(job for job in active(snapshot) if job.pipeline_id == PAYROLL)
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.mark(*(job.id for job in moving), payroll.id)
            await job_list.press("m")  # two pipelines: refused with the way out
            assert isinstance(job_list.top, JobListScreen)
            assert any("marked jobs are in 2 pipelines" in text for text in job_list.notifications())
            await job_list.mark(payroll.id)  # unmark it
            await job_list.press("m")
            picker = job_list.top
            assert isinstance(picker, StagePicker)
            options = picker.query_one(OptionList)
            review = next(
                index
                for index in range(options.option_count)
                if str(options.get_option_at_index(index).prompt).startswith("Review")
            )
            await job_list.press(*["down"] * (review - (options.highlighted or 0)), "enter")

            preview = job_list.top
            assert isinstance(preview, MovePreviewScreen)
            text = job_list.dialog_text()
            assert "Moving 3 jobs to Review will:" in text
            assert "client status → In review (2 jobs)" in text
            assert "change nothing else for 1 job" in text
            assert dict(demo.repo.snapshot().jobs) == dict(snapshot.jobs)  # nothing moved yet
            await job_list.press("a")

            stored = demo.repo.snapshot().jobs
            assert all(stored[job.id].stage_id == REVIEW for job in moving)
            for job in individual:
                assert (stored[job.id].client_status.visible, stored[job.id].client_status.status_id) == (
                    True,
                    IN_REVIEW,
                )
            assert stored[business.id].client_status == business.client_status  # the automation wants "individual"
            note = job_list.notifications()[-1]
            assert f"Moved #{individual[0].id} to Review · client status → In review" in note
            assert note.endswith("u undoes it") and f"Moved #{business.id} to Review" in note
            assert job_list.marked == set()
            assert all("Review" in job_list.row_text(job.id) for job in moving)

            # A: add and remove assignees on the marked jobs, in one operation.
            first_two = [demo.job(job_id) for job_id in job_list.ids()[:2]]
            await job_list.press("g", "space", "space", "A")
            picker = job_list.top
            assert isinstance(picker, AssignPicker) and "Assign 2 jobs" in job_list.dialog_text()
            await job_list.tick(picker.query_one("#add", SelectionList), "Priya")
            await job_list.tick(picker.query_one("#remove", SelectionList), "Dana", "Marcus")
            await job_list.press("ctrl+s")
            assert isinstance(job_list.top, JobListScreen)
            stored = demo.repo.snapshot().jobs
            for job in first_two:
                expected = [login for login in job.assignees if login not in ("dana", "marcus")] + ["priya"]
                assert stored[job.id].assignees == expected
            assert "Assigned Priya Shah to 2 jobs; took Dana Kim and Marcus Webb off them · u undoes it" in job_list.notifications()


class TestProgress:
    async def test_r6_a_bulk_edit_over_many_jobs_runs_in_the_background_and_lands_whole(
        self, demo: DemoFirm, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Over ``PROGRESS_FROM`` jobs the service runs in a thread: a spinner shows, the list
        still answers, another operation waits its turn, and the edit lands all at once."""
        started, release = threading.Event(), threading.Event()
        real_bulk_edit = job_list_actions.bulk_edit

        def slow_bulk_edit(*args: object, **kwargs: object) -> object:
            started.set()
            assert release.wait(10), "never released"
            return real_bulk_edit(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(operations, "PROGRESS_FROM", 1)
        monkeypatch.setattr(job_list_actions, "bulk_edit", slow_bulk_edit)
        first_three = [job.id for job in active(demo.repo.snapshot())[:3]]
        file_before = demo.path.read_bytes()
        try:
            async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
                job_list = await ListPilot.open(pilot)
                await job_list.press("space", "space", "space")
                await bulk_form(job_list, visibility="Hide")
                await job_list.press("ctrl+s", "y")
                await job_list.wait_until(started.is_set, "the save never started")
                progress = job_list.screen.query_one("#progress")
                assert isinstance(job_list.top, JobListScreen) and progress.display
                assert "Saving the client status — 3 jobs…" in job_list.text()
                await job_list.press("g", "j", "j")  # the list still answers while the service works
                assert job_list.table.cursor == 2
                await job_list.press("a", "y")  # another operation waits its turn: nothing archived
                assert any(text.startswith("Still busy: Saving the client status") for text in job_list.notifications())
                assert isinstance(job_list.top, JobListScreen)
                assert demo.path.read_bytes() == file_before  # nothing written yet, not even the archive
                release.set()
                await job_list.wait_until(
                    lambda: any(
                        text.startswith("Hid the client status of 3 jobs") for text in job_list.notifications()
                    ),
                    "the edit never reported",
                )
                assert not progress.display
                stored = demo.repo.snapshot().jobs
                assert all(not stored[job_id].client_status.visible for job_id in first_three)
                assert all("hidden" in job_list.row_text(job_id) for job_id in first_three)
                assert not job_list.screen.query_one("#progress-label").display
                assert not demo.job(first_three[2]).archived
        finally:
            release.set()


class TestNewJob:
    async def test_r1_r2_n_from_a_template_with_a_shown_preset_is_shown_to_the_client_at_once(self, demo: DemoFirm) -> None:
        from wipboard.screens.new_job import NewJobScreen

        async with demo.app().run_test(size=SMALL) as pilot:
            job_list = await ListPilot.open(pilot)
            before = set(demo.repo.snapshot().jobs)
            await job_list.press("n")
            dialog = job_list.top
            assert isinstance(dialog, NewJobScreen)
            await job_list.choose(dialog.query_one("#account", Select), "Rivera Family")
            await job_list.choose(dialog.query_one("#template", Select), "1040 return")
            dialog.query_one("#name", Input).focus()
            await job_list.press("enter")
            await job_list.wait_until(lambda: isinstance(job_list.top, JobListScreen), "the new job form stayed open")
            (new_id,) = set(demo.repo.snapshot().jobs) - before
            stored = demo.job(new_id)
            assert stored.client_status.visible and stored.client_status.name_for_client == "Your 2025 tax return"  # R1
            assert demo.status_name(stored) == "Planned"
            assert job_list.current == new_id and "Planned" in job_list.row_text(new_id)
            assert "Your 2025 tax return" in [item["name"] for item in _portal(demo, "Rivera Family")]


def _portal(demo: DemoFirm, account: str) -> list[dict[str, object]]:
    return [item.model_dump() for item in portal_for(demo.repo, demo.actor(), account).work_in_progress]


class TestBracketsInText:
    async def test_r18_brackets_typed_or_in_names_show_as_written_and_never_stop_the_app(self, demo: DemoFirm) -> None:
        """A search for "[", a name for client "[/]" in the bulk form and a job named with brackets:
        Textual markup would read them as tags (and stop the app on "[/]"); they must show as typed."""
        from wipboard.store.services.jobs import NewJob, create_job

        rivera = next(account for account in demo.repo.snapshot().accounts.values() if account.name == "Rivera Family")
        created = create_job(
            demo.repo, demo.actor(), NewJob(account=rivera.id, pipeline=TAX_RETURN, name="Return [Final] [/]")
        ).jobs[0]
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("slash")
            await job_list.type("[final] [/")
            await job_list.wait_for_rows([created.id], "the search for brackets")
            assert 'text "[final] [/"' in job_list.summary()
            await job_list.press("enter", "space", "e")
            form = job_list.top
            assert isinstance(form, BulkEditScreen)
            assert "Return [Final] [/]" in job_list.dialog_text()
            form.query_one("#visibility", Select).value = "show"
            form.query_one("#name_for_client", Input).value = "Yours [/] [Final]"
            await job_list.press("ctrl+s")
            assert isinstance(job_list.top, ConfirmScreen) and "'Yours [/] [Final]'" in job_list.dialog_text()
            await job_list.press("y")
            await job_list.wait_until(lambda: demo.job(created.id).client_status.visible, "the bulk edit never landed")
            assert "Yours [/] [Final]" in [item["name"] for item in _portal(demo, "Rivera Family")]


class TestStaleAndBrokenFile:
    async def test_r16_a_filter_on_a_status_deleted_elsewhere_is_dropped_not_fatal(self, demo: DemoFirm) -> None:
        from wipboard.store.services.statuses import delete_status

        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            job_list.screen.filter = ViewFilter(status_ids=(IN_REVIEW,))
            job_list.screen.refill()
            delete_status(demo.repo, demo.actor("marcus"), IN_REVIEW, DONE)  # another process
            await job_list.wait_until(
                lambda: any("A filter named something deleted" in text for text in job_list.notifications()),
                "the stale filter was never dropped",
            )
            assert job_list.screen.filter == ViewFilter()
            assert len(job_list.ids()) == len(active(demo.repo.snapshot()))

    async def test_r17_a_file_damaged_elsewhere_is_said_and_the_list_keeps_running(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            shown = job_list.ids()
            data = demo.path.read_bytes()
            generation = demo.repo.snapshot().generation
            damaged = data.replace(b'"generation":%d,' % generation, b'"generation":%d,' % (generation + 1), 1)
            demo.path.write_bytes(damaged[: len(damaged) // 2])  # half of a newer generation, left in place
            await job_list.wait_until(
                lambda: any(str(demo.path) in text for text in job_list.notifications()),
                f"the damage was never said: {job_list.notifications()}",
            )
            assert isinstance(job_list.top, JobListScreen) and job_list.ids() == shown  # still running, as it was

    async def test_r6_leaving_the_list_during_a_long_operation_still_reports_it(
        self, demo: DemoFirm, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(operations, "PROGRESS_FROM", 1)
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            first_two = job_list.ids()[:2]
            await job_list.mark(*first_two)
            await job_list.press("a", "y", "1")  # archive, then straight to the board
            await job_list.wait_until(
                lambda: any(text.startswith("Archived 2 jobs") for text in job_list.notifications()),
                "the archive was never reported",
            )
            assert all(demo.job(job_id).archived for job_id in first_two)


class TestAccessChangedElsewhere:
    async def test_r12_narrowing_an_employees_access_elsewhere_narrows_her_open_list(self, demo: DemoFirm) -> None:
        from wipboard.store.services.people import StaffAccess, set_staff_access

        async with demo.app("priya").run_test(size=SMALL) as pilot:  # an employee who sees all jobs
            job_list = await ListPilot.open(pilot)
            assert len(job_list.ids()) == len(active(demo.repo.snapshot()))
            set_staff_access(demo.repo, demo.actor(), "priya", StaffAccess(role="employee", job_access="assigned"))
            hers = ids_where(demo.repo.snapshot(), lambda job: "priya" in job.assignees)
            await job_list.wait_for_rows(hers, "her list never narrowed to her own jobs")
            assert pilot.app.session.actor.user.job_access == "assigned"  # type: ignore[attr-defined]


class TestBulkFormPrefill:
    async def test_r3_a_description_filled_by_a_status_goes_when_the_status_does(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("space", "e")
            form = job_list.top
            assert isinstance(form, BulkEditScreen)
            status, area = form.query_one("#status", Select), form.query_one("#description", TextArea)
            status.value = IN_REVIEW
            await pilot.pause()
            assert area.text == demo.repo.snapshot().statuses[IN_REVIEW].description
            status.clear()  # back to "Keep each job's status"
            await pilot.pause()
            assert area.text == "", "the template's text must not overwrite every job's own description"
            status.value = IN_REVIEW
            await pilot.pause()
            area.text = "Our own words."
            status.clear()
            await pilot.pause()
            assert area.text == "Our own words.", "what the user wrote stays"
