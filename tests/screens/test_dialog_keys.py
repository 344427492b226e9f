"""The keys a keyboard user relies on in every dialog and list: ``j``/``k``/``g``/``G`` move in
each list and picker, ``ctrl+s`` saves, ``enter`` confirms, ``esc`` cancels, and the footer
offers only keys that work where the focus is.

Demo: *Individual tax return* — Intake, Waiting for documents, Preparation, Review, Client
signature, Filed.
"""

from __future__ import annotations

from board_pilot import LARGE, SMALL
from demo_firm import DemoFirm
from settings_pilot import SettingsPilot
from textual.widgets import OptionList, SelectionList

from wipboard.screens.assign_picker import AssignPicker
from wipboard.screens.sort_picker import SortPicker
from wipboard.screens.stage_picker import StagePicker
from wipboard.store.demo import TAX_RETURN
from wipboard.tui.kit.job_rows import COLUMNS


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
