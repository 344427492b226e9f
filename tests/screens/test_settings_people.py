"""The People tab of the settings screen (R12): staff users with their role and job access,
contacts with their accounts, accounts with their tags — added and edited by owner and admin,
each problem shown beside its field (R18); only an owner touches an owner.

Demo staff: olivia (owner), marcus (admin), priya (employee, all), dana (employee, assigned);
contacts sorted by login after them (aleroux, aozturk, …, mrivera, …).
"""

from __future__ import annotations

from board_pilot import SMALL
from firms import DemoFirm
from settings_pilot import SettingsPilot
from textual.widgets import DataTable, Input, Label, Select, SelectionList

from wipboard.screens.person_form import PersonForm
from wipboard.screens.settings_people import PeoplePane
from wipboard.store.models import Contact, User
from wipboard.tui.kit.name_form import NameForm


def pane(settings: SettingsPilot) -> PeoplePane:
    return settings.settings().query_one(PeoplePane)


def error_beside(screen: object, field: str) -> str:
    label = screen.query_one(f"#error-{field}", Label)  # type: ignore[attr-defined]
    return str(label.content) if label.display else ""


def user(demo: DemoFirm, login: str) -> User | Contact:
    snapshot = demo.repo.snapshot()
    return next(item for item in [*snapshot.users.values(), *snapshot.contacts.values()] if item.login == login)


async def open_people(settings: SettingsPilot) -> PeoplePane:
    """``4``, then ``[`` twice (the tabs wrap around to E-mails, then People): the people table focused."""
    await settings.press("4", "left_square_bracket", "left_square_bracket")
    await settings.wait_until(lambda: pane(settings).query_one("#people-table", DataTable).row_count > 0, "no people shown")
    return pane(settings)


async def go_to_row(settings: SettingsPilot, table_id: str, key: str) -> None:
    table = pane(settings).query_one(f"#{table_id}", DataTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(key), animate=False)
    await settings.wait_until(lambda: table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == key, f"cursor not on {key}")


class TestPeopleForms:
    async def test_r12_owner_adds_an_employee_a_contact_and_an_account_each_error_beside_its_field(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await open_people(settings)
            await settings.press("n")
            form = pilot.app.screen
            assert isinstance(form, PersonForm)
            await settings.type("bad login")
            await settings.press("ctrl+s")
            assert error_beside(form, "login") == "must be a login name: letters, digits and _ . @ - only, no spaces"
            assert error_beside(form, "name") == "must have at least 1 character"
            assert not any(item.login == "bad login" for item in demo.repo.snapshot().users.values()), "nothing written (R18)"

            form.query_one("#login", Input).value = "jdoe"
            form.query_one("#name", Input).value = "Jane Doe"
            form.query_one("#job_access", Select).value = "assigned"
            await settings.press("ctrl+s")
            jane = user(demo, "jdoe")
            assert (jane.name, jane.role, jane.job_access) == ("Jane Doe", "employee", "assigned")
            assert "Added jdoe (Jane Doe) as employee" in settings.notifications()
            await settings.wait_until(lambda: "jobs assigned to them" in settings.text() and "jdoe" in settings.text(),
                                      "the new employee is not shown under the cursor")

            await settings.press("n")
            form = pilot.app.screen
            form.query_one("#login", Input).value = "zclient"
            form.query_one("#name", Input).value = "Zed Client"
            form.query_one("#role", Select).value = "contact"
            await pilot.pause()
            assert not form.query_one("#job_access").display and form.query_one("#accounts").display
            await settings.press("ctrl+s")
            assert error_beside(form, "accounts") == "a contact belongs to at least one account (--account NAME)"
            form.query_one("#accounts", SelectionList).select(1)  # Rivera Family
            await settings.press("ctrl+s")
            assert user(demo, "zclient").account_ids == [1]

            await go_to_row(settings, "accounts-table", "a1")
            await settings.press("n")
            form = pilot.app.screen
            assert isinstance(form, NameForm)
            form.query_one("#field-name", Input).value = "Zeta Corp"
            form.query_one("#field-tags", Input).value = "business " + "t" * 41
            await settings.press("enter")
            assert error_beside(form, "tags") == "must have at most 40 characters"
            form.query_one("#field-name", Input).value = "rivera family"
            form.query_one("#field-tags", Input).value = "business"
            await settings.press("enter")
            assert error_beside(form, "name") == "an account called 'rivera family' already exists"
            assert error_beside(form, "tags") == ""
            form.query_one("#field-name", Input).value = "Zeta Corp"
            await settings.press("enter")
            assert [(a.name, a.tags) for a in demo.repo.snapshot().accounts.values() if a.name == "Zeta Corp"] == [("Zeta Corp", ["business"])]
            assert "Added account Zeta Corp with tags business" in settings.notifications()

    async def test_r12_admin_changes_role_access_a_contacts_accounts_and_tags_but_not_the_owner(self, demo: DemoFirm) -> None:
        async with demo.app("marcus").run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await open_people(settings)
            await go_to_row(settings, "people-table", "u1")  # olivia, the owner
            await settings.press("e")
            form = pilot.app.screen
            assert isinstance(form, PersonForm)
            form.query_one("#role", Select).value = "admin"
            await settings.press("ctrl+s")
            assert error_beside(form, "role").startswith("only an owner may make or change an owner")
            assert user(demo, "olivia").role == "owner"
            await settings.press("escape", "y")  # the edit is dropped only once confirmed

            await go_to_row(settings, "people-table", "u4")  # dana: employee, assigned
            await settings.press("enter")
            form = pilot.app.screen
            assert isinstance(form, PersonForm)
            assert [value for _, value in form.query_one("#role", Select)._options if value != Select.NULL] == ["admin", "employee"]
            form.query_one("#job_access", Select).value = "all"
            await settings.press("ctrl+s")
            assert (user(demo, "dana").role, user(demo, "dana").job_access) == ("employee", "all")
            assert "dana is now employee, job access all" in settings.notifications()

            mrivera = user(demo, "mrivera")
            await go_to_row(settings, "people-table", f"c{mrivera.id}")
            await settings.press("e")
            form = pilot.app.screen
            accounts = form.query_one("#accounts", SelectionList)
            assert sorted(accounts.selected) == sorted(mrivera.account_ids)
            accounts.deselect(2)  # Rivera Landscaping LLC
            await settings.press("ctrl+s")
            assert user(demo, "mrivera").account_ids == [1]

            await go_to_row(settings, "accounts-table", "a1")
            await settings.press("e")
            form = pilot.app.screen
            assert isinstance(form, NameForm) and form.query_one("#field-tags", Input).value == "individual"
            form.query_one("#field-tags", Input).value = "individual vip"
            await settings.press("enter")
            assert demo.repo.snapshot().accounts[1].tags == ["individual", "vip"]
            await settings.wait_until(lambda: "individual vip" in settings.text(), "the new tags are not shown")


class TestPeopleWebAccess:
    """R19 from the People tab: a contact's e-mail, a web-portal invitation, revoking access."""

    async def test_r19_owner_sets_an_email_invites_and_revokes_a_contact(self, demo: DemoFirm) -> None:
        from wipboard.screens.confirm import ConfirmScreen
        from wipboard.screens.invitation import InvitationScreen
        from wipboard.store.services.web_access import InvitationInvalid, invited_contact, set_contact_email

        set_contact_email(demo.repo, demo.actor(), "mrivera", None)  # the demo gives every contact an address
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await open_people(settings)
            mrivera = user(demo, "mrivera")
            await go_to_row(settings, "people-table", f"c{mrivera.id}")
            await settings.press("i")
            assert any("has no e-mail address yet: press e" in note for note in settings.notifications())

            await settings.press("e")
            form = pilot.app.screen
            assert isinstance(form, PersonForm) and form.query_one("#email", Input).display
            form.query_one("#email", Input).value = "not an address"
            await settings.press("ctrl+s")
            assert error_beside(form, "email") == "must be an e-mail address such as name@example.com"
            assert user(demo, "mrivera").email is None, "nothing written (R18)"
            form.query_one("#email", Input).value = "maria@example.com"
            await settings.press("ctrl+s")
            assert user(demo, "mrivera").email == "maria@example.com"
            await settings.wait_until(lambda: "mrivera: maria@example.com · web portal: no web access" in settings.text(),
                                      "the e-mail is not shown")

            await settings.press("i")
            await settings.wait_until(lambda: isinstance(pilot.app.screen, InvitationScreen), "no invitation shown")
            dialog = pilot.app.screen
            assert isinstance(dialog, InvitationScreen)
            token = dialog.link.rsplit("/", 1)[1]
            assert invited_contact(demo.repo.snapshot(), token).login == "mrivera"
            assert token not in demo.path.read_text(), "only a hash is stored"
            await settings.press("escape")
            await settings.wait_until(lambda: "invited until" in settings.text(), "the invitation is not shown in the row")

            await settings.press("x")
            await settings.wait_until(lambda: isinstance(pilot.app.screen, ConfirmScreen), "no confirmation asked")
            await settings.press("y")
            await settings.wait_until(lambda: "no web access" in settings.text(), "the revocation is not shown")
            try:
                invited_contact(demo.repo.snapshot(), token)
            except InvitationInvalid:
                pass
            else:
                raise AssertionError("the invitation still works after revoking")

    async def test_r19_an_employee_gets_no_invite_or_revoke_key(self, demo: DemoFirm) -> None:
        async with demo.app("priya").run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            people = await open_people(settings)
            assert people.check_action("invite", ()) is False and people.check_action("revoke", ()) is False
