"""The job list (issue 5): its filters, sort and search, marks, a new job, and text with brackets.

Each test opens the list with ``2``, presses the keys a user would, and checks what
the user sees (the rows, the summary line, the marked count, notifications) and what
is stored in the firm file, read back as another process would (``demo.repo``).
The rows a filter or a sort should give are worked out with plain Python over the
stored jobs (``expected_jobs.py``), never through the code under test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from expected_jobs import account_of, active, ids_where
from firms import TODAY, DemoFirm
from list_pilot import SMALL, ListPilot
from textual.widgets import Input, OptionList, Select

from wipboard.screens import job_list as job_list_module
from wipboard.screens.bulk_edit import BulkEditScreen
from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.job_list import JobListScreen
from wipboard.screens.sort_picker import SortPicker
from wipboard.store.demo import DONE, IN_REVIEW, PAYROLL, TAX_RETURN
from wipboard.store.models import Job
from wipboard.store.portal import portal_for
from wipboard.tui.kit.view_filter import ViewFilter
from wipboard.tui.kit.widgets.filter_bar import FilterBar
from wipboard.tui.kit.widgets.job_table import JobTable

REVIEW, FILED = 4, 6


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
