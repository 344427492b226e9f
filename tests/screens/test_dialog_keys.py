"""The keys a keyboard user relies on in every dialog and list: ``j``/``k``/``g``/``G`` move in
each list and picker, ``ctrl+s`` saves, ``enter`` confirms, ``esc`` cancels, and the footer
offers only keys that work where the focus is.

Demo: *Individual tax return* — Intake, Waiting for documents, Preparation, Review, Client
signature, Filed.
"""

from __future__ import annotations

from board_pilot import LARGE, SMALL, BoardPilot
from firms import DemoFirm
from screen_reading import screen_text
from settings_pilot import SettingsPilot
from textual.app import App
from textual.widgets import Button, Input, OptionList, Select, SelectionList

from wipboard.screens.assign_picker import AssignPicker
from wipboard.screens.job_card import JobCardScreen
from wipboard.screens.new_job import NewJobScreen
from wipboard.screens.sort_picker import SortPicker
from wipboard.screens.stage_picker import StagePicker
from wipboard.store.demo import TAX_RETURN
from wipboard.tui.kit.job_rows import COLUMNS
from wipboard.tui.kit.name_form import NameForm, TextField
from wipboard.tui.kit.widgets.keys_footer import KeysFooter
from wipboard.tui.shell.app import WipboardApp


async def open_pipelines(settings: SettingsPilot) -> None:
    await settings.press("4", "right_square_bracket", "right_square_bracket")
    await settings.wait_until(lambda: settings.app.focused is not None and settings.app.focused.id == "pipeline-list",
                              "the pipeline list never took the focus")


class TestListKeys:
    async def test_j_k_g_G_move_in_the_move_to_list(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            settings = SettingsPilot(pilot)
            pipeline = demo.repo.snapshot().pipelines[TAX_RETURN]
            await pilot.app.push_screen(StagePicker(pipeline, None))
            await settings.press()
            stages = pilot.app.screen.query_one("#stages", OptionList)
            assert pilot.app.focused is stages and stages.highlighted == 0
            await settings.press("j", "j")
            assert stages.highlighted == 2
            await settings.press("k")
            assert stages.highlighted == 1
            await settings.press("G")
            assert stages.highlighted == len(pipeline.stages) - 1
            await settings.press("g")
            assert stages.highlighted == 0

    async def test_j_k_move_in_the_sort_picker(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            settings = SettingsPilot(pilot)
            await pilot.app.push_screen(SortPicker(COLUMNS[0].key, False, [COLUMNS[0].key]))
            await settings.press()
            columns = pilot.app.screen.query_one(OptionList)
            await settings.press("j")
            assert columns.highlighted == 1
            await settings.press("G", "k")
            assert columns.highlighted == len(COLUMNS) - 2

    async def test_j_k_g_G_move_in_the_pipelines_stage_list(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            settings = SettingsPilot(pilot)
            await open_pipelines(settings)
            await settings.press("l")
            stages = pilot.app.screen.query_one("#stage-list", OptionList)
            assert pilot.app.focused is stages
            start = stages.highlighted or 0
            await settings.press("j", "j")
            assert stages.highlighted == start + 2
            await settings.press("k")
            assert stages.highlighted == start + 1
            await settings.press("G")
            assert stages.highlighted == stages.option_count - 1
            await settings.press("g")
            assert stages.highlighted == 0

    async def test_j_k_move_and_space_ticks_in_the_assign_picker_at_once(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            settings = SettingsPilot(pilot)
            await pilot.app.push_screen(AssignPicker(2))
            await settings.press()
            add = pilot.app.screen.query_one("#add", SelectionList)
            assert pilot.app.focused is add
            await settings.press("j", "space")
            assert len(add.selected) == 1 and add.selected[0] == add.get_option_at_index(1).value

    async def test_j_k_move_in_a_settings_table(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            settings = SettingsPilot(pilot)
            await settings.open()
            table = settings.table()
            await settings.press("j", "j")
            assert table.cursor_row == 2
            await settings.press("G")
            assert table.cursor_row == table.row_count - 1
            await settings.press("g")
            assert table.cursor_row == 0


def footer_line(app: App[None]) -> str:
    """The bottom row of the terminal: the footer on top."""
    assert isinstance(app, WipboardApp)
    return screen_text(app).splitlines()[-1]


class TestDialogKeys:
    async def test_r2_ctrl_s_creates_the_new_job_at_80x24(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            settings = SettingsPilot(pilot)
            before = set(demo.repo.snapshot().jobs)
            await pilot.app.push_screen(NewJobScreen(TAX_RETURN, None))
            await settings.press()
            dialog = pilot.app.screen
            account = min(demo.repo.snapshot().accounts.values(), key=lambda item: item.name.casefold())
            dialog.query_one("#account", Select).value = account.id
            dialog.query_one("#name", Input).value = "2026 payroll review"
            assert "Create (ctrl+s)" in str(dialog.query_one("#create", Button).label)
            await settings.press("ctrl+s")
            assert pilot.app.screen is not dialog
            created = set(demo.repo.snapshot().jobs) - before
            assert len(created) == 1 and demo.job(created.pop()).account_id == account.id

    async def test_the_account_form_saves_with_ctrl_s_and_says_so(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            settings = SettingsPilot(pilot)
            saved: list[str] = []
            form = NameForm("New account", [TextField("name", "Name")], lambda values: saved.append(values["name"]) or "Added")
            await pilot.app.push_screen(form)
            await settings.press()
            assert str(form.query_one("#save", Button).label) == "Save (ctrl+s)"
            await settings.type("Acme")
            await settings.press("ctrl+s")
            assert saved == ["Acme"] and pilot.app.screen is not form

    async def test_the_move_to_list_says_its_keys_and_labels_its_switch(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            settings = SettingsPilot(pilot)
            await pilot.app.push_screen(StagePicker(demo.repo.snapshot().pipelines[TAX_RETURN], None))
            await settings.press()
            text = settings.text()
            assert "enter moves" in text and "esc cancels" in text
            assert "Run the stage's automations" in text
            assert "esc Cancel" in footer_line(pilot.app)


class TestFooter:
    async def test_the_pipeline_list_offers_no_delete_it_cannot_do(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            settings = SettingsPilot(pilot)
            await open_pipelines(settings)
            assert "d" not in settings.footer_keys() and "J" not in settings.footer_keys()
            assert "Delete" not in footer_line(pilot.app)
            await settings.press("l")  # the stages: deleting one works
            assert "d" in settings.footer_keys() and "d Delete" in footer_line(pilot.app)

    async def test_a_dialog_shows_its_own_keys_not_the_boards(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await board.wait_until(lambda: "Move ▶" in footer_line(pilot.app), "the board's footer never showed its keys")
            await board.press("enter")
            await board.pilot.pause(0.2)
            assert isinstance(pilot.app.screen, JobCardScreen)
            await board.wait_until(lambda: "esc" in footer_line(pilot.app), "the card's footer never showed its keys")
            footer = footer_line(pilot.app)
            assert "Move ▶" not in footer and "◀ Move" not in footer
            assert "esc" in footer

    async def test_the_footer_at_80_wide_drops_whole_entries(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await board.wait_until(lambda: "palette" in footer_line(pilot.app), "the footer never showed")
            await board.pilot.pause(0.2)
            footer = pilot.app.screen.query_one(KeysFooter)
            *entries, palette = footer.shown
            row = footer_line(pilot.app)
            assert entries and len(entries) < len(footer.entries) and palette.key_display == "^p"
            assert row.startswith("".join(f" {entry.key_display} {entry.description} " for entry in entries))
            assert footer.entries[len(entries)].description not in row  # the first one left out is not cut
            assert row.rstrip().endswith("^p palette")


class TestLayout:
    async def test_pipelines_at_160_use_the_width_and_keep_the_switches_out_of_the_title_row(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            settings = SettingsPilot(pilot)
            await open_pipelines(settings)
            await settings.pilot.pause(0.2)
            screen = pilot.app.screen
            stages, automations = screen.query_one("#stage-list"), screen.query_one("#automation-list")
            assert automations.region.x >= stages.region.right  # side by side
            assert automations.region.right > 150  # up to the right edge
            heading = screen.query_one("#stages-heading")
            for switch in screen.query("#pipeline-settings Switch"):
                assert switch.region.y > heading.region.y
            assert "Status on cards" in settings.text()

    async def test_pipelines_at_80_stack_the_stages_above_their_automations(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            settings = SettingsPilot(pilot)
            await open_pipelines(settings)
            await settings.pilot.pause(0.2)
            screen = pilot.app.screen
            assert screen.query_one("#automation-list").region.y > screen.query_one("#stage-list").region.y

    async def test_a_label_too_long_for_the_form_ends_in_an_ellipsis(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            settings = SettingsPilot(pilot)
            known = ", ".join(f"tag{number}" for number in range(30))
            await pilot.app.push_screen(NameForm("New account", [TextField("tags", f"Tags (known: {known})")], lambda values: ""))
            await settings.press()
            line = next(line for line in settings.text().splitlines() if "Tags (known:" in line)
            assert "…" in line and "tag29" not in line
