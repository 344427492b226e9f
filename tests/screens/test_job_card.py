"""The job card (``enter``): edit a job and what its client sees (R5), prefilled as you type (R3),
previewed exactly as the portal shows it (R8), with its history (R14), conflicts (R16) and
errors beside the fields (R18)."""

from __future__ import annotations

from datetime import date

from board_pilot import SMALL, BoardPilot
from firms import DemoFirm
from textual.widgets import Input, Label, Select, SelectionList, Switch, TextArea

from wipboard.screens.card_conflict import CardConflictScreen
from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.job_card import NEW_STATUS, JobCardScreen
from wipboard.screens.status_form import StatusFormScreen
from wipboard.store.demo import PAYROLL
from wipboard.store.portal import portal_for
from wipboard.store.services.client_status import CardEdit, save_card
from wipboard.store.services.jobs import set_flag

UPCOMING = 12  # Payroll's first stage: the demo's jobs there are hidden from their clients
WIDE = (200, 50)


class CardPilot(BoardPilot):
    """The board, and the card on top of it, driven by keys as a user would."""

    @property
    def card(self) -> JobCardScreen:
        assert isinstance(self.top, JobCardScreen), f"the card is not on top: {self.top}"
        return self.top

    async def open(self, job_id: int) -> JobCardScreen:
        await self.ready()
        await self.go_to(job_id)
        await self.press("enter")
        return self.card

    def value(self, field: str) -> object:
        widget = self.card.query_one(f"#{field}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, SelectionList):
            return sorted(widget.selected)
        return widget.value  # type: ignore[attr-defined]

    def error(self, field: str) -> str:
        label = self.top.query_one(f"#{field}-error", Label)
        return str(label.render()) if label.display and label.has_class("-shown") else ""

    async def open_directly(self, job_id: int) -> JobCardScreen:
        """The card as the palette opens it (quicker than walking the board to the job)."""
        await self.ready()
        self.app.push_screen(JobCardScreen(job_id))
        await self.pilot.pause()
        return self.card

    async def type_into(self, field: str, text: str, *, keys: bool = False) -> None:
        """Empty the field, then paste ``text`` into it (or type it key by key)."""
        widget = self.card.query_one(f"#{field}")
        if isinstance(widget, TextArea):
            widget.clear()
        else:
            widget.value = ""  # type: ignore[attr-defined]
        widget.focus()
        if keys:
            await self.pilot.press(*(("space" if char == " " else char) for char in text))
        elif isinstance(widget, TextArea):
            widget.insert(text)
        else:
            widget.insert_text_at_cursor(text)  # type: ignore[attr-defined]
        await self.pilot.pause()

    async def toggle_visible(self) -> None:
        self.card.query_one("#visible", Switch).focus()
        await self.press("space")

    async def pick_status(self, status_id: int | str) -> None:
        """As a pick in the list: the same ``Select.Changed`` the list sends."""
        select = self.card.query_one("#status", Select)
        select.focus()
        select.value = status_id
        await self.pilot.pause()

    async def save(self) -> None:
        await self.press("ctrl+s")


def preview_text(card: JobCardScreen) -> str:
    return " ".join(str(widget.render()) for widget in card.query("#preview Static"))


class TestCardWalkthrough:
    async def test_r5_r3_r8_show_name_pick_status_describe_then_save_and_the_portal_shows_exactly_that(self, demo: DemoFirm) -> None:
        job = demo.pick(stage=UPCOMING)
        assert not job.client_status.visible and not job.client_status.name_for_client
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL, notifications=True) as pilot:
            ui = CardPilot(pilot)
            card = await ui.open(job.id)
            assert "Hidden — the client sees nothing" in preview_text(card)

            await ui.toggle_visible()  # R3: the name for client starts as the job's name
            assert ui.value("name_for_client") == job.name
            await ui.type_into("name_for_client", "Your March payroll", keys=True)
            await ui.pick_status(4)  # In review: an empty description takes the template's
            in_review = demo.repo.snapshot().statuses[4]
            assert ui.value("description") == in_review.description
            assert "Your March payroll" in preview_text(card) and "In review" in preview_text(card)

            await ui.type_into("description", "Checked twice, nearly done.")
            await ui.pick_status(5)  # Done: a description the user typed is not replaced
            assert ui.value("description") == "Checked twice, nearly done."
            assert "Checked twice, nearly done." in preview_text(card) and "Done" in preview_text(card)

            await ui.save()
            assert not isinstance(ui.top, JobCardScreen), "ctrl+s saves and closes the card"
            assert any(f"Saved #{job.id}" in message and "client sees Done" in message for message in ui.notifications())

            await ui.press("enter")  # R14: the card reopened shows who changed the status, how, from what to what
            history = str(ui.card.query_one("#history-text").render())
            assert history.index("olivia via the job card") < history.index("created the job")
            for change in ("shown to client: no → yes", "name for client: — → Your March payroll", "status: — → Done"):
                assert change in history

        stored = demo.job(job.id).client_status
        assert (stored.visible, stored.name_for_client, stored.status_id, stored.description, stored.via) == (
            True, "Your March payroll", 5, "Checked twice, nearly done.", "card",
        )
        account = demo.repo.snapshot().accounts[job.account_id].name
        items = [item for item in portal_for(demo.repo, demo.actor(), account).work_in_progress if item.name == "Your March payroll"]
        assert [(item.status, item.color, item.description) for item in items] == [("Done", "green", "Checked twice, nearly done.")]

    async def test_r5_internal_fields_save_and_the_history_shows_the_change(self, demo: DemoFirm) -> None:
        job = demo.pick(stage=UPCOMING)
        async with demo.app(pipeline=PAYROLL).run_test(size=WIDE) as pilot:
            ui = CardPilot(pilot)
            card = await ui.open_directly(job.id)
            form, side = card.query_one("#card-form").region, card.query_one("#card-side").region
            assert side.x >= form.right and side.y == form.y, "wide: what the client sees and the history beside the form"
            await ui.type_into("name", "March payroll run")
            await ui.type_into("due_date", "2026-03-31")
            await ui.type_into("start_date", "")
            await ui.type_into("notes", "Two new hires")
            assignees = ui.card.query_one("#assignees", SelectionList)
            assignees.deselect_all()
            assignees.select("dana")
            ui.card.query_one("#priority", Select).value = "urgent"
            await ui.save()
            assert not isinstance(ui.top, JobCardScreen)

            stored = demo.job(job.id)
            assert (stored.name, stored.due_date, stored.start_date, stored.notes, stored.assignees, stored.priority) == (
                "March payroll run", date(2026, 3, 31), None, "Two new hires", ["dana"], "urgent",
            )
            assert stored.client_status == job.client_status, "the client status was left as it was"


    async def test_r5_the_first_keys_typed_on_a_new_card_add_to_the_name_and_never_replace_it(self, demo: DemoFirm) -> None:
        """The card opens with the cursor before the name and nothing selected (Textual selects all on focus)."""
        job = demo.pick(stage=UPCOMING)
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            ui = CardPilot(pilot)
            await ui.open(job.id)
            await ui.press("Z", "1", "g", "L")  # a board key or two, typed before noticing the card is open
            assert isinstance(ui.top, JobCardScreen), "the keys went into the name, not to the board"
            assert ui.value("name") == "Z1gL" + job.name
            await ui.press("tab", "tab", "tab")  # assignees, priority, the start date: focusing it selects nothing either
            assert ui.card.focused is ui.card.query_one("#start_date")
            await ui.press("x")
            assert ui.value("start_date") == (job.start_date.isoformat() if job.start_date else "") + "x"

    async def test_the_card_says_what_the_keys_do_at_80x24(self, demo: DemoFirm) -> None:
        job = demo.pick(stage=UPCOMING)
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            ui = CardPilot(pilot)
            await ui.open(job.id)
            text = ui.text()
            assert "typing edits the name" in text and "ctrl+s" in text and "esc" in text
            ui.card.query_one("#visible", Switch).focus()
            await pilot.pause()
            assert "space switches it" in ui.text()

class TestLeavingWithEdits:
    async def test_r5_ctrl_q_with_unsaved_edits_asks_first_and_keeps_them_when_cancelled(self, demo: DemoFirm) -> None:
        job = demo.pick(stage=UPCOMING)
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            ui = CardPilot(pilot)
            await ui.open(job.id)
            await ui.press("Z")
            await ui.press("ctrl+q")
            assert isinstance(ui.top, ConfirmScreen) and ui.app.is_running
            assert ui.top.question == f"Quit without saving? Your changes to #{job.id} will be lost."  # type: ignore[attr-defined]
            await ui.press("escape")  # no: back on the card, the edit still there
            assert ui.value("name") == "Z" + job.name and ui.app.is_running
            await ui.press("ctrl+q", "y")
            assert not ui.app.is_running
        assert demo.job(job.id) == job  # quitting saved nothing

    async def test_r5_quit_from_the_palette_and_1_to_the_board_ask_too(self, demo: DemoFirm) -> None:
        job = demo.pick(stage=UPCOMING)
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            ui = CardPilot(pilot)
            await ui.open(job.id)
            await ui.type_into("notes", "half a thought")
            ui.card.query_one("#priority", Select).focus()  # out of the text fields: 1 and q reach the app
            await ui.press("1")
            assert isinstance(ui.top, ConfirmScreen)
            await ui.press("escape")
            await ui.press("ctrl+p")
            await ui.type("quit")
            await pilot.pause(0.5)
            await ui.press("enter")
            assert isinstance(ui.top, ConfirmScreen) and ui.app.is_running, "the palette's Quit asks first"
            await ui.press("n")
            assert ui.value("notes") == "half a thought"

    async def test_r5_another_place_keeps_the_open_card_and_its_edits_for_coming_back(self, demo: DemoFirm) -> None:
        """2 leaves the card open on the board's own stack (a Textual mode); 1 comes back to it,
        edits and all, and ctrl+q from the list still asks about them."""
        job = demo.pick(stage=UPCOMING)
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            ui = CardPilot(pilot)
            card = await ui.open(job.id)
            await ui.type_into("notes", "half a thought")
            card.query_one("#priority", Select).focus()
            await ui.press("2")
            assert ui.app.current_mode == "list" and not isinstance(ui.top, (JobCardScreen, ConfirmScreen))
            await ui.press("ctrl+q")
            assert isinstance(ui.top, ConfirmScreen) and ui.app.is_running
            assert ui.top.question == f"Quit without saving? Your changes to #{job.id} will be lost."  # type: ignore[attr-defined]
            await ui.press("n", "1")
            assert ui.top is card and ui.value("notes") == "half a thought"
        assert demo.job(job.id) == job

    async def test_ctrl_q_without_edits_quits_at_once(self, demo: DemoFirm) -> None:
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            ui = CardPilot(pilot)
            await ui.open(demo.pick(stage=UPCOMING).id)
            await ui.press("ctrl+q")
            assert not ui.app.is_running


class TestCardErrors:
    async def test_r18_each_bad_field_is_named_beside_it_and_nothing_is_written(self, demo: DemoFirm) -> None:
        job = demo.pick(stage=UPCOMING)
        before = demo.path.read_bytes()
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            ui = CardPilot(pilot)
            await ui.open_directly(job.id)
            await ui.type_into("name", "")
            await ui.type_into("due_date", "2026-13-40", keys=True)  # digits typed in a field are text, not keys 1-4
            await ui.toggle_visible()
            await ui.save()
            assert "at least 1 character" in ui.error("name")
            assert "not a date: use YYYY-MM-DD" in ui.error("due_date")
            assert "choose the status the client sees" in ui.error("status")
            assert ui.card.query_one("#name").has_focus, "the first field to fix takes the focus"

            await ui.type_into("name", "Payroll")
            await ui.type_into("due_date", "2026-01-01")
            await ui.type_into("start_date", "2026-02-01")

            await ui.pick_status(1)
            await ui.type_into("name_for_client", "x" * 121)
            await ui.type_into("description", "y" * 501)
            await ui.save()
            assert "at most 120 characters" in ui.error("name_for_client")
            assert "at most 500 characters" in ui.error("description")
            assert (ui.error("name"), ui.error("due_date"), ui.error("status")) == ("", "", ""), "fixed fields lose their message"
            assert "The client would see nothing until this is fixed" in preview_text(ui.card)

            await ui.type_into("name_for_client", "Payroll")
            await ui.type_into("description", "")
            await ui.save()
            assert "must not be before the start date" in ui.error("due_date")
            assert isinstance(ui.top, JobCardScreen)
            assert demo.path.read_bytes() == before, "a refused save writes nothing"

            await ui.press("escape")  # unsaved edits: ask before dropping them
            assert isinstance(ui.top, ConfirmScreen)
            await ui.press("escape")
            assert isinstance(ui.top, JobCardScreen)
            await ui.press("escape", "y")
            assert not isinstance(ui.top, (JobCardScreen, ConfirmScreen))
        assert demo.path.read_bytes() == before


class TestUnassigningYourself:
    async def test_r12_an_assigned_only_employee_who_takes_herself_off_a_job_is_told_she_will_lose_it(
        self, demo: DemoFirm
    ) -> None:
        snapshot = demo.repo.snapshot()
        job = next(job for job in snapshot.jobs.values()
                   if "dana" in job.assignees and len(job.assignees) > 1 and not job.archived and not job.deleted)
        async with demo.app("dana", pipeline=job.pipeline_id).run_test(size=SMALL) as pilot:
            ui = CardPilot(pilot)
            await ui.open_directly(job.id)
            ui.card.query_one("#assignees", SelectionList).deselect("dana")
            await pilot.pause()
            await ui.save()
            question = ui.top
            assert isinstance(question, ConfirmScreen), "saved without a word"
            assert "you will not be able to open it again" in question.question
            await ui.press("escape")  # no: the card stays open with the edit, nothing saved
            assert ui.card.job_id == job.id and demo.job(job.id) == job
            await ui.save()
            await ui.press("y")
            assert not isinstance(ui.top, (JobCardScreen, ConfirmScreen))
        assert "dana" not in demo.job(job.id).assignees

    async def test_r12_an_employee_who_sees_every_job_is_not_asked(self, demo: DemoFirm) -> None:
        snapshot = demo.repo.snapshot()
        job = next(job for job in snapshot.jobs.values() if "priya" in job.assignees and not job.archived and not job.deleted)
        async with demo.app("priya", pipeline=job.pipeline_id).run_test(size=SMALL) as pilot:
            ui = CardPilot(pilot)
            await ui.open_directly(job.id)
            ui.card.query_one("#assignees", SelectionList).deselect("priya")
            await pilot.pause()
            await ui.save()
            assert not isinstance(ui.top, (JobCardScreen, ConfirmScreen))
        assert "priya" not in demo.job(job.id).assignees


class TestCardConflict:
    async def test_r16_a_save_after_another_change_shows_it_then_keep_editing_merges_and_reload_drops(self, demo: DemoFirm) -> None:
        job = demo.pick(stage=UPCOMING)
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            ui = CardPilot(pilot)
            await ui.open_directly(job.id)
            await ui.type_into("notes", "Mine")
            marcus = CardEdit(due_date=date(2026, 4, 30), visible=False)
            save_card(demo.repo, demo.actor("marcus"), job.id, job.version, marcus, via="cli")
            await ui.wait_until(lambda: ui.card.query_one("#card-notice").has_class("-shown"), "no notice of the change")

            await ui.save()
            assert isinstance(ui.top, CardConflictScreen)
            assert "due date" in ui.text() and "2026-04-30" in ui.text() and "marcus" in ui.text()
            assert demo.job(job.id).notes != "Mine", "the conflicting save wrote nothing"

            await ui.press("k")  # keep editing: my notes stay, the field I left takes marcus's date
            assert ui.value("notes") == "Mine" and ui.value("due_date") == "2026-04-30"
            await ui.save()
            stored = demo.job(job.id)
            assert (stored.notes, stored.due_date) == ("Mine", date(2026, 4, 30))

            await ui.open_directly(job.id)
            await ui.type_into("notes", "Lost")
            save_card(demo.repo, demo.actor("marcus"), job.id, stored.version, CardEdit(priority="urgent", visible=False), via="cli")
            await ui.save()
            assert isinstance(ui.top, CardConflictScreen) and "priority" in ui.text()
            await ui.press("r")  # reload: the stored job, my edit dropped
            assert ui.value("notes") == "Mine" and ui.value("priority") == "urgent"
            await ui.press("escape")
            assert not isinstance(ui.top, (JobCardScreen, ConfirmScreen)), "nothing unsaved after a reload"
        assert demo.job(job.id).notes == "Mine"


class TestNewStatus:
    async def test_r11_r5_an_owner_creates_a_status_on_the_spot_and_the_card_uses_it(self, demo: DemoFirm) -> None:
        job = demo.pick(stage=UPCOMING)
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            ui = CardPilot(pilot)
            await ui.open_directly(job.id)
            await ui.toggle_visible()
            await ui.pick_status(NEW_STATUS)  # the status form of the settings, on top of the card
            assert isinstance(ui.top, StatusFormScreen)
            await ui.press("ctrl+s")
            assert "at least 1 character" in ui.error("name"), "an empty name is refused beside it"
            await ui.press(*"Planned", "ctrl+s")
            assert "already exists" in ui.error("name")

            ui.top.query_one("#name", Input).value = "Waiting on the IRS"
            ui.top.query_one("#colour", Select).value = "red"
            ui.top.query_one("#description", TextArea).load_text("We are waiting for the IRS to answer.")
            await ui.press("ctrl+s")
            created = next(status for status in demo.repo.snapshot().statuses.values() if status.name == "Waiting on the IRS")
            assert (created.color, created.description) == ("red", "We are waiting for the IRS to answer.")
            assert ui.value("status") == created.id, "the new status is the card's choice"
            assert ui.value("description") == created.description, "R3: an empty description takes the status's"
            assert "Waiting on the IRS" in preview_text(ui.card)
            await ui.save()
        assert demo.job(job.id).client_status.status_id == created.id


class TestCardAccess:
    async def test_r12_an_employee_sees_a_refusal_outside_their_access_and_no_new_status_inside_it(self, demo: DemoFirm) -> None:
        snapshot = demo.repo.snapshot()
        other = next(job for job in snapshot.jobs.values() if "dana" not in job.assignees)
        mine = next(job for job in snapshot.jobs.values() if "dana" in job.assignees and not job.archived and not job.deleted)
        async with demo.app("dana").run_test(size=SMALL) as pilot:
            ui = CardPilot(pilot)
            await ui.open_directly(other.id)
            assert f"There is no job #{other.id} among the jobs you may see." in ui.text()  # R13: as if it did not exist
            assert not ui.card.query("#card-form"), "no field of the job is shown"
            await ui.press("escape")
            assert not isinstance(ui.top, JobCardScreen)

            card = await ui.open_directly(mine.id)  # R11: statuses are made by the owner and admins only
            assert NEW_STATUS not in [value for _, value in card.query_one("#status", Select)._options]
            assert "owner or an admin" in str(card.query_one("#status-hint", Label).render())

    async def test_r7_an_archived_jobs_card_is_read_only_and_says_why_until_unarchived_elsewhere(self, demo: DemoFirm) -> None:
        job = demo.pick(stage=UPCOMING)
        set_flag(demo.repo, demo.actor(), [job.id], "archive")
        before = demo.path.read_bytes()
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            ui = CardPilot(pilot)
            await ui.open_directly(job.id)
            assert "archived, so its card is read-only" in ui.text()
            assert ui.card.query_one("#name", Input).disabled and ui.card.query_one("#visible", Switch).disabled
            assert "Archived — the client sees nothing" in preview_text(ui.card)
            await ui.save()
            assert isinstance(ui.top, JobCardScreen)
            assert demo.path.read_bytes() == before

            set_flag(demo.repo, demo.actor("marcus"), [job.id], "unarchive")  # another process (R16)
            name = ui.card.query_one("#name", Input)
            for _ in range(40):
                if not name.disabled:
                    break
                await pilot.pause(0.1)
            assert not name.disabled and not ui.card.query_one("#visible", Switch).disabled, "editable again"
            assert "read-only" not in ui.text()
