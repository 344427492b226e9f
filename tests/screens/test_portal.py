"""The portal screen (R8): what a client sees, previewed by staff, and nothing else for a contact (R12)."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys

from firms import DemoFirm

from wipboard.screens.portal import PortalItemView, PortalScreen
from wipboard.store.portal import portal_for
from wipboard.store.services.client_status import BulkEdit, bulk_edit
from wipboard.store.services.jobs import set_flag
from wipboard.tui.shell.app import WipboardApp

SMALL = (80, 24)
LARGE = (160, 48)


def screen_text(app: WipboardApp) -> str:
    """The text on screen, from the SVG screenshot (spaces come out as no-break spaces)."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


def shown_items(app: WipboardApp) -> list[tuple[str, str, str]]:
    return [(view.item.name, view.item.status, view.item.account) for view in app.screen.query(PortalItemView)]


async def wait_until(pilot, condition, seconds: float = 3.0) -> bool:  # noqa: ANN001
    for _ in range(int(seconds / 0.1)):
        if condition():
            return True
        await pilot.pause(0.1)
    return condition()


class TestContactPortal:
    async def test_r8_a_contact_sees_exactly_the_read_model_of_the_command_line(self, demo: DemoFirm) -> None:
        expected = portal_for(demo.repo, demo.actor("mrivera"), "mrivera").work_in_progress
        async with demo.app("mrivera").run_test(size=SMALL) as pilot:
            await pilot.pause()
            assert isinstance(pilot.app.screen, PortalScreen)
            assert shown_items(pilot.app) == [(item.name, item.status, item.account) for item in expected]
            assert expected, "the demo's Rivera family has work in progress"

    async def test_r8_a_contact_of_several_accounts_switches_between_them(self, demo: DemoFirm) -> None:
        async with demo.app("mrivera").run_test(size=LARGE) as pilot:
            await pilot.pause()
            accounts = {account for _, _, account in shown_items(pilot.app)}
            assert accounts == {"Rivera Family", "Rivera Landscaping LLC"}
            pilot.app.screen.query_one("#accounts").active = "account-0"
            await pilot.pause()
            assert {account for _, _, account in shown_items(pilot.app)} == {"Rivera Family"}

    async def test_r12_a_contact_reaches_no_staff_screen_by_any_key_or_command(self, demo: DemoFirm) -> None:
        async with demo.app("mrivera").run_test(size=SMALL) as pilot:
            await pilot.pause()
            keys = ["1", "2", "3", "c", "n", "m", "L", "H", "e", "f", "p", "u", "a", "d", "slash", "ctrl+p", "tab", "enter"]
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
                names = {type(screen).__name__ for screen in pilot.app.screen_stack}
                assert names <= {"PortalScreen", "Screen", "HelpScreen"}, f"{key} opened {names}"
                if pilot.app.screen is not pilot.app.screen_stack[1]:
                    await pilot.press("escape")
            assert not pilot.app.check_action("command_palette", ())
            assert list(pilot.app.get_system_commands(pilot.app.screen)) == []


class TestStaffPreview:
    async def test_r8_staff_preview_names_whose_portal_it_is(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            await pilot.press("3")
            screen = pilot.app.screen
            assert isinstance(screen, PortalScreen)
            await pilot.press("c")
            await pilot.press(*"rivera family")
            await pilot.press("enter")
            await pilot.pause()
            assert "this is what Rivera Family sees" in str(screen.query_one("#banner").render())
            assert {account for _, _, account in shown_items(pilot.app)} == {"Rivera Family"}

    async def test_r7_an_archive_elsewhere_leaves_the_preview_within_2_seconds_and_unarchive_brings_it_back(
        self, demo: DemoFirm
    ) -> None:
        job = next(job for job in demo.repo.snapshot().jobs.values() if job.in_portal and job.account_id == 1)
        async with demo.app().run_test(size=LARGE) as pilot:
            await pilot.press("3")
            screen = pilot.app.screen
            screen.ref = "Rivera Family"
            screen.load()
            await pilot.pause()
            name = job.client_status.name_for_client
            count = sum(1 for item in shown_items(pilot.app) if item[0] == name)
            set_flag(demo.repo, demo.actor(), [job.id], "archive")
            assert await wait_until(pilot, lambda: sum(1 for item in shown_items(pilot.app) if item[0] == name) == count - 1, 2.5)
            set_flag(demo.repo, demo.actor(), [job.id], "unarchive")
            assert await wait_until(pilot, lambda: sum(1 for item in shown_items(pilot.app) if item[0] == name) == count, 2.5)

    async def test_r8_unicode_names_and_long_descriptions_render(self, demo: DemoFirm) -> None:
        job = next(job for job in demo.repo.snapshot().jobs.values() if job.in_portal and job.account_id == 1)
        bulk_edit(
            demo.repo, demo.actor(), [job.id],
            BulkEdit(name_for_client="Déclaration 2025 — 税务申报 📄 [draft]", description="Längere Beschreibung " * 20),
        )
        async with demo.app("mrivera").run_test(size=SMALL) as pilot:
            await pilot.pause()
            names = [name for name, _, _ in shown_items(pilot.app)]
            assert "Déclaration 2025 — 税务申报 📄 [draft]" in names
            text = screen_text(pilot.app)
            assert "税务申报" in text and "[draft]" in text

    async def test_r8_enter_shows_an_items_status_timeline(self, demo: DemoFirm) -> None:
        job = next(job for job in demo.repo.snapshot().jobs.values() if job.in_portal and job.account_id == 1)
        bulk_edit(demo.repo, demo.actor(), [job.id], BulkEdit(visibility="show", status="Planned"))
        bulk_edit(demo.repo, demo.actor(), [job.id], BulkEdit(visibility="show", status="In review"))
        async with demo.app("mrivera").run_test(size=LARGE) as pilot:
            await pilot.pause()
            first = pilot.app.screen.query(PortalItemView).first()
            assert first.item.status == "In review"
            first.focus()
            await pilot.press("enter")
            timeline = first.query_one(".timeline")
            assert timeline.display
            text = str(timeline.render())
            assert "In review" in text and "Planned" in text

    async def test_r8_an_account_with_nothing_visible_says_so(self, demo: DemoFirm) -> None:
        account_jobs = [job.id for job in demo.repo.snapshot().jobs.values() if job.account_id == 1]
        bulk_edit(demo.repo, demo.actor(), account_jobs, BulkEdit(visibility="hide"))
        async with demo.app().run_test(size=SMALL) as pilot:
            await pilot.press("3")
            screen = pilot.app.screen
            screen.ref = "Rivera Family"
            screen.load()
            await pilot.pause()
            assert "Nothing in progress right now." in screen_text(pilot.app)


class TestPortalCommandLineAgreement:
    async def test_r8_the_screen_and_wipboard_portal_json_show_the_same_items(self, demo: DemoFirm) -> None:
        environment = {**os.environ, "WIPBOARD_DB": str(demo.path)}
        done = subprocess.run(
            [sys.executable, "-m", "wipboard", "--as", "olivia", "portal", "mrivera", "--json"],
            env=environment, capture_output=True, text=True, check=True, timeout=60,
        )
        from_command = [(item["name"], item["status"], item["account"]) for item in json.loads(done.stdout)["work_in_progress"]]
        async with demo.app("mrivera").run_test(size=SMALL) as pilot:
            await pilot.pause()
            assert shown_items(pilot.app) == from_command

    async def test_r8_a_contact_of_one_account_sees_no_account_tabs(self, demo: DemoFirm) -> None:
        contact = next(c for c in demo.repo.snapshot().contacts.values() if len(c.account_ids) == 1)
        async with demo.app(contact.login).run_test(size=SMALL) as pilot:
            await pilot.pause()
            assert not pilot.app.screen.query_one("#accounts").display
            accounts = {account for _, _, account in shown_items(pilot.app)}
            assert accounts <= {demo.repo.snapshot().accounts[contact.account_ids[0]].name}


class TestPortalSnapshot:
    def test_portal_of_a_contact_with_two_accounts_at_80x24(
        self, demo: DemoFirm, snap_compare  # noqa: ANN001
    ) -> None:
        assert snap_compare(demo.app("mrivera"), terminal_size=SMALL)


class TestContactHelp:
    async def test_r12_a_contacts_help_lists_no_staff_keys(self, demo: DemoFirm) -> None:
        from wipboard.screens.help import HelpScreen

        async with demo.app("mrivera").run_test(size=LARGE) as pilot:
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(pilot.app.screen, HelpScreen)
            rows = " ".join(f"{row.line()} {row.details}" for row in pilot.app.screen.rows)
            assert "Quit" in rows
            assert "Board" not in rows and "Preview as" not in rows and "palette" not in rows


class TestEmployeePreview:
    async def test_r12_an_employee_previews_only_her_jobs_items_and_reads_how_many_more_the_client_sees(
        self, demo: DemoFirm
    ) -> None:
        snapshot = demo.repo.snapshot()
        account = next(
            snapshot.accounts[job.account_id].name for job in snapshot.jobs.values() if "dana" in job.assignees and job.in_portal
        )
        client = portal_for(demo.repo, demo.actor(), account).work_in_progress
        hers = portal_for(demo.repo, demo.actor("dana"), account)
        assert 0 < len(hers.work_in_progress) < len(client), "the demo gives dana some of this client's jobs, not all"
        async with demo.app("dana").run_test(size=LARGE) as pilot:
            await pilot.press("3")
            screen = pilot.app.screen
            screen.ref = account
            screen.load()
            await pilot.pause()
            assert shown_items(pilot.app) == [(item.name, item.status, item.account) for item in hers.work_in_progress]
            more = len(client) - len(hers.work_in_progress)
            assert f"and {more} more item{'s' if more != 1 else ''} you cannot see" in screen_text(pilot.app)
