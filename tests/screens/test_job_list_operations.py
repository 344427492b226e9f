"""An operation over many jobs runs in a worker of the screen that asked (issue 16): the places
are Textual modes, so the job list stays alive while the user is on the board, its worker runs
on, and the list itself reports and redraws when it ends."""

from __future__ import annotations

import threading

import pytest
from firms import DemoFirm
from list_pilot import ListPilot

from wipboard.screens.job_list import JobListScreen
from wipboard.store.services import jobs as jobs_module
from wipboard.tui.kit import operations
from wipboard.tui.shell.app import WipboardApp


class TestTheScreensWorker:
    async def test_r6_the_lists_operation_runs_on_the_list_while_the_user_is_on_the_board(
        self, demo: DemoFirm, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        started, release = threading.Event(), threading.Event()
        real_set_flag = jobs_module.set_flag

        def slow_set_flag(*args: object, **kwargs: object) -> object:
            started.set()
            assert release.wait(10), "never released"
            return real_set_flag(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(operations, "PROGRESS_FROM", 1)
        monkeypatch.setattr("wipboard.screens.job_list_actions.set_flag", slow_set_flag)
        try:
            async with demo.app().run_test(size=(80, 24), notifications=True) as pilot:
                job_list = await ListPilot.open(pilot)
                list_screen = job_list.screen
                first_two = job_list.ids()[:2]
                await job_list.mark(*first_two)
                await job_list.press("a", "y")
                await job_list.wait_until(started.is_set, "the archive never started")
                await job_list.press("1")  # to the board, while it runs
                workers = [worker for worker in pilot.app.workers if worker.group == "operation"]
                assert [worker.node for worker in workers] == [list_screen], "the worker is not the list's"
                release.set()
                await job_list.wait_until(
                    lambda: any(text.startswith("Archived 2 jobs") for text in job_list.notifications()), "never reported"
                )
                assert pilot.app.operation_busy is None
                assert not list_screen.marked, "the list did not clear the marks it acted on"
                assert not hasattr(WipboardApp, "run_operation_in_background")
                await job_list.press("2")
                assert isinstance(pilot.app.screen, JobListScreen)
                await job_list.wait_until(lambda: not set(first_two) & set(job_list.ids()), "the archived jobs are still listed")
        finally:
            release.set()
