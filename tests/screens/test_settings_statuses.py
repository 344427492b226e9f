"""The Statuses tab of the settings screen (R11): create, edit, reorder and delete status
templates — with a replacement when in use — as owner; read-only for an employee (R12); and
another process's change on screen within 2 seconds (R16).

Demo statuses, in order: Planned (8 jobs, 1 automation, 2 job templates), On hold (unused),
In progress, In review, Done, Waiting on you.
"""

from __future__ import annotations

from board_pilot import SMALL, BoardPilot
from firms import DemoFirm
from settings_pilot import SettingsPilot
from textual.widgets import Checkbox, Input, Label, Select, TextArea

from wipboard.screens.board import BoardScreen
from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.settings import SettingsScreen
from wipboard.screens.status_delete import StatusDeleteScreen
from wipboard.screens.status_form import StatusFormScreen
from wipboard.store.demo import TAX_RETURN
from wipboard.store.services.statuses import StatusFields, create_status, edit_status, move_status, status_use

PLANNED, ON_HOLD, IN_PROGRESS, IN_REVIEW, DONE, WAITING = 1, 2, 3, 4, 5, 6


def error_beside(screen: object, field: str) -> str:
    """The error line under ``field`` in a form ('' when the field is fine)."""
    label = screen.query_one(f"#{field}-error", Label)  # type: ignore[attr-defined]
    return str(label.content) if label.display and label.has_class("-shown") else ""


def status_names(demo: DemoFirm) -> list[str]:
    return [status.name for status in sorted(demo.repo.snapshot().statuses.values(), key=lambda item: item.position)]


async def go_to_row(settings: SettingsPilot, status_id: int) -> None:
    await settings.press("g", *["j"] * settings.row_keys().index(status_id))
    assert settings.cursor_key() == status_id


async def new_status_form(settings: SettingsPilot) -> StatusFormScreen:
    """The statuses tab, then ``n``: the form for a new status."""
    await settings.open()
    await settings.press("n")
    form = settings.app.screen
    assert isinstance(form, StatusFormScreen)
    return form


class TestStatusForm:
    async def test_r11_a_form_with_typed_text_asks_before_esc_or_ctrl_q_drops_it(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            settings = SettingsPilot(pilot)
            form = await new_status_form(settings)
            await settings.type("Waiting")
            await settings.press("ctrl+q")
            assert isinstance(pilot.app.screen, ConfirmScreen) and pilot.app.is_running
            await settings.press("escape")
            assert pilot.app.screen is form and form.query_one("#name", Input).value == "Waiting"
            await settings.press("escape")  # the form's own cancel asks too
            assert isinstance(pilot.app.screen, ConfirmScreen)
            await settings.press("y")
            assert isinstance(pilot.app.screen, SettingsScreen)
            assert "Waiting" not in status_names(demo)
            await settings.press("n")
            await settings.press("escape")  # nothing typed: it just closes
            assert isinstance(pilot.app.screen, SettingsScreen)

    async def test_r11_the_email_box_says_ticked_or_not_in_its_mark_not_only_its_colour(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            settings = SettingsPilot(pilot)
            form = await new_status_form(settings)
            box = form.query_one("#notify", Checkbox)
            box.focus()
            await settings.press("space")
            await pilot.pause()
            drawn = str(box.render())
            assert not box.value and drawn.startswith("▐·▌") and "✓" not in drawn, drawn
            await settings.press("space")
            await pilot.pause()
            assert box.value and str(box.render()).startswith("▐✓▌ E-mail the client"), str(box.render())

    async def test_r11_status_form_shows_each_error_beside_its_field_saves_and_renames_on_every_job(
        self, demo: DemoFirm
    ) -> None:
        before = demo.repo.snapshot()
        in_review = [job for job in before.jobs.values() if job.client_status.status_id == IN_REVIEW]
        shown_in_review = next(
            job for job in in_review if job.pipeline_id == TAX_RETURN and job.in_portal
        )  # its card on the first board shows the status (show_client_status_on_cards)
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            form = await new_status_form(settings)
            assert form.query_one("#colour", Select).value == "red", "a new status gets a colour no status has yet"

            form.query_one("#name", Input).value = "x" * 41
            form.query_one("#description", TextArea).load_text("y" * 501)
            await settings.press("ctrl+s")
            assert error_beside(form, "name") == "must have at most 40 characters"
            assert error_beside(form, "description") == "must have at most 500 characters"
            assert error_beside(form, "colour") == ""
            assert "501/500 characters" in settings.text()
            assert demo.repo.snapshot().statuses == before.statuses, "nothing is written on bad input (R18)"

            form.query_one("#name", Input).value = ""
            await settings.type("planned")  # an existing name, in another letter case
            form.query_one("#description", TextArea).load_text("We need a signature from you.")
            await settings.press("ctrl+s")
            assert error_beside(form, "name") == "a status called 'planned' already exists"
            assert error_beside(form, "description") == ""
            assert demo.repo.snapshot().statuses == before.statuses

            form.query_one("#name", Input).value = "Waiting on signature"
            form.query_one("#colour", Select).value = "teal"
            await settings.press("ctrl+s")
            assert isinstance(pilot.app.screen, SettingsScreen)
            stored = [status for status in demo.repo.snapshot().statuses.values() if status.name == "Waiting on signature"]
            assert [(status.color, status.description, status.position) for status in stored] == [
                ("teal", "We need a signature from you.", len(before.statuses))
            ]
            assert "Created status 'Waiting on signature'" in settings.notifications()
            assert settings.cursor_key() == stored[0].id, "the cursor goes to the new status"
            assert "Waiting on signature" in settings.text()

            # Edit: a new name and colour show on every job using the status (by id); their
            # descriptions stay as they were.
            await go_to_row(settings, IN_REVIEW)
            await settings.press("e")
            form = pilot.app.screen
            assert isinstance(form, StatusFormScreen)
            assert form.query_one("#name", Input).value == "In review"
            assert f"shows on the {len(in_review)} jobs using it" in settings.text()
            form.query_one("#name", Input).value = "Being checked"
            form.query_one("#colour", Select).value = "red"
            form.query_one("#description", TextArea).load_text("A second person checks every number.")
            await settings.press("ctrl+s")
            assert isinstance(pilot.app.screen, SettingsScreen)
            assert (
                f"Saved status 'Being checked' (was 'In review') · {len(in_review)} jobs show it"
                in settings.notifications()
            )
            assert settings.cursor_key() == IN_REVIEW
            snapshot = demo.repo.snapshot()
            status = snapshot.statuses[IN_REVIEW]
            assert (status.name, status.color, status.description) == (
                "Being checked", "red", "A second person checks every number."
            )
            for job in in_review:
                stored_job = snapshot.jobs[job.id]
                assert demo.status_name(stored_job) == "Being checked"
                assert stored_job.client_status.description == job.client_status.description

            board = BoardPilot(pilot)
            await settings.press("1")
            assert isinstance(pilot.app.screen, BoardScreen)
            await board.ready()
            card = next(card for column in board.columns() for card in column.cards if card.job_id == shown_in_review.id)
            assert (card.status, card.color) == ("Being checked", "red"), "the board's card shows the new name and colour"


class TestReorderAndDelete:
    async def test_r11_reorder_then_delete_unused_status_after_a_plain_confirmation(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await settings.open()
            await go_to_row(settings, ON_HOLD)
            await settings.press("J", "J")
            assert status_names(demo) == ["Planned", "In progress", "In review", "On hold", "Done", "Waiting on you"]
            assert settings.row_keys() == [PLANNED, IN_PROGRESS, IN_REVIEW, ON_HOLD, DONE, WAITING]
            assert settings.cursor_key() == ON_HOLD, "the cursor follows the moved status"
            assert "Moved 'On hold' down: 4 of 6" in settings.notifications()
            await settings.press("K", "K", "K", "K")
            assert status_names(demo)[0] == "On hold"
            assert settings.row_keys()[0] == ON_HOLD
            assert settings.cursor_key() == ON_HOLD
            assert "'On hold' is already first" in settings.notifications()

            pilot.app.clear_notifications()
            await settings.press("d")
            assert isinstance(pilot.app.screen, ConfirmScreen)
            assert "Delete status 'On hold'? Nothing uses it." in settings.text()
            await settings.press("escape")
            assert ON_HOLD in demo.repo.snapshot().statuses, "cancel deletes nothing"
            await settings.press("d", "y")
            assert isinstance(pilot.app.screen, SettingsScreen)
            assert ON_HOLD not in demo.repo.snapshot().statuses
            assert "Deleted status 'On hold'" in settings.notifications()
            assert settings.row_keys() == [PLANNED, IN_PROGRESS, IN_REVIEW, DONE, WAITING]
            assert settings.cursor_key() == PLANNED, "the cursor stays on the same line"
            assert "On hold" not in settings.table_text()

    async def test_r11_delete_in_use_status_needs_a_replacement(self, demo: DemoFirm) -> None:
        before = demo.repo.snapshot()
        use = status_use(before, PLANNED)
        assert (use.jobs, use.automations, use.templates) == (8, 1, 2)
        planned_jobs = [job.id for job in before.jobs.values() if job.client_status.status_id == PLANNED]
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await settings.open()
            assert settings.cursor_key() == PLANNED
            await settings.press("d")
            dialog = pilot.app.screen
            assert isinstance(dialog, StatusDeleteScreen)
            assert "It is in use: 8 jobs, 1 automation and 2 job templates." in settings.text()
            replacement = dialog.query_one("#replacement", Select)
            assert PLANNED not in [value for _, value in replacement._options], "it cannot replace itself"

            await settings.press("ctrl+s")  # no replacement chosen
            assert error_beside(dialog, "replacement") == "choose the status that replaces this one"
            assert demo.repo.snapshot().statuses == before.statuses, "nothing changes without a replacement"

            replacement.value = IN_PROGRESS
            await settings.press("ctrl+s")
            assert isinstance(pilot.app.screen, SettingsScreen)
            assert (
                "Deleted status 'Planned' · 8 jobs now show 'In progress' · 1 automation and 2 job templates now use "
                "'In progress'" in settings.notifications()
            )
            after = demo.repo.snapshot()
            assert PLANNED not in after.statuses
            assert all(after.jobs[job_id].client_status.status_id == IN_PROGRESS for job_id in planned_jobs)
            intake = after.pipelines[TAX_RETURN].stages[0]
            assert [automation.status_id for automation in intake.automations] == [IN_PROGRESS]
            assert all(template.client_status.status_id != PLANNED for template in after.job_templates.values())
            assert [status.position for status in sorted(after.statuses.values(), key=lambda item: item.position)] == [
                0, 1, 2, 3, 4
            ]
            assert settings.row_keys() == [ON_HOLD, IN_PROGRESS, IN_REVIEW, DONE, WAITING]
            assert "Planned" not in settings.table_text()


class TestStatusesForEmployees:
    async def test_r12_employee_sees_statuses_read_only_and_r16_another_process_change_within_2_seconds(
        self, demo: DemoFirm
    ) -> None:
        file_before = demo.path.read_bytes()
        async with demo.app("priya").run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await settings.open()
            assert settings.row_keys() == [PLANNED, ON_HOLD, IN_PROGRESS, IN_REVIEW, DONE, WAITING]
            assert "Only the owner and admins change status templates." in settings.text()
            assert "(R1" not in settings.text(), "rule numbers are for tests and docstrings, not for people"
            assert not {"n", "e", "d", "K", "J"} & settings.footer_keys()
            assert "New" not in settings.text().splitlines()[-1]

            await settings.press("n", "e", "K", "J", "d", "down", "J", "ctrl+down")
            assert isinstance(pilot.app.screen, SettingsScreen), "no form or question opened"
            await settings.press("enter")
            assert isinstance(pilot.app.screen, SettingsScreen)
            assert "Only the owner and admins change status templates." in settings.notifications()
            assert demo.path.read_bytes() == file_before, "the firm file is untouched"

            # R16: the admin, in another process, adds, moves and renames statuses.
            await go_to_row(settings, IN_REVIEW)
            marcus = demo.actor("marcus")
            created = create_status(demo.repo, marcus, "Sent to the IRS", "gray", "Filed; waiting for the IRS.")
            move_status(demo.repo, marcus, IN_REVIEW, -3)
            edit_status(demo.repo, marcus, DONE, StatusFields(name="Finished"))
            seconds = await settings.wait_until(
                lambda: created.id in settings.row_keys() and "Finished" in settings.table_text(),
                "another process's change never showed",
            )
            assert seconds <= 2.0
            assert settings.row_keys()[0] == IN_REVIEW
            assert settings.cursor_key() == IN_REVIEW, "the cursor stays on the same status"


class TestStatusFormConflict:
    async def test_r16_saving_a_status_someone_else_changed_meanwhile_is_refused_naming_their_change(
        self, demo: DemoFirm
    ) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            settings = SettingsPilot(pilot)
            await settings.open()
            await go_to_row(settings, ON_HOLD)
            await settings.press("e")
            form = pilot.app.screen
            assert isinstance(form, StatusFormScreen)
            edit_status(demo.repo, demo.actor("marcus"), ON_HOLD, StatusFields(name="Paused"))  # another process
            before = demo.path.read_bytes()

            form.query_one("#colour", Select).value = "red"
            await settings.press("ctrl+s")

            assert pilot.app.screen is form, "the form stays open"
            general = str(form.query_one("#general-error", Label).content)
            assert "someone else changed status 'On hold'" in general and "'On hold' → 'Paused'" in general
            assert demo.path.read_bytes() == before, "nothing is written: their rename stands"
