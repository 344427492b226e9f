"""R13 Identity: the OS login is the acting user; --as is for owner and admin, or a demo firm."""

from __future__ import annotations

import pytest

from wipboard.store.errors import PermissionDenied, UnknownLogin
from wipboard.store.identity import resolve_actor


def _resolve(firm, os_login: str, as_login: str | None = None):
    return resolve_actor(firm.repo.snapshot(), os_login, as_login, firm_path=str(firm.path))


def test_r13_the_os_login_maps_to_its_staff_user(firm):
    firm.employee("dana", access="assigned")

    actor = _resolve(firm, "dana")

    assert (actor.login, actor.kind, actor.user.job_access) == ("dana", "employee", "assigned")
    assert _resolve(firm, "olivia").kind == "owner"


def test_r13_the_os_login_of_a_contact_maps_to_the_contact(firm):
    firm.contact("mrivera")

    actor = _resolve(firm, "mrivera")

    assert (actor.kind, actor.is_staff, actor.contact.login) == ("contact", False, "mrivera")


def test_r13_an_unknown_login_is_told_how_the_owner_adds_it(firm):
    with pytest.raises(UnknownLogin) as refused:
        _resolve(firm, "stranger")

    message = str(refused.value)
    assert "'stranger' is not a user of the firm file" in message and str(firm.path) in message
    assert "wipboard users add stranger" in message


@pytest.mark.parametrize("manager", ["olivia", "adam"])
@pytest.mark.parametrize("other", ["dana", "mrivera"])
def test_r13_owner_and_admin_may_act_as_someone_else(firm, manager, other):
    firm.admin("adam")
    firm.employee("dana")
    firm.contact("mrivera")

    actor = _resolve(firm, manager, other)

    assert actor.login == other


@pytest.mark.parametrize("who", ["dana", "mrivera"])
def test_r13_others_may_not_use_as(firm, who):
    firm.employee("dana")
    firm.contact("mrivera")

    with pytest.raises(PermissionDenied, match=f"--as is only for the owner and admins; you are {who}"):
        _resolve(firm, who, "olivia")


def test_r13_as_oneself_is_just_oneself(firm):
    firm.employee("dana")

    assert _resolve(firm, "dana", "dana").login == "dana"


def test_r13_as_an_unknown_login_says_who_exists(firm):
    with pytest.raises(UnknownLogin, match="--as ghost: no staff user or contact has that login.*wipboard users list"):
        _resolve(firm, "olivia", "ghost")


def test_r13_in_a_demo_firm_anyone_may_use_as(firm):
    firm.employee("dana")
    firm.contact("mrivera")
    firm.set_demo()

    assert _resolve(firm, "dana", "mrivera").kind == "contact"
    assert _resolve(firm, "someone-not-in-the-file", "dana").login == "dana"


def test_r13_in_a_demo_firm_an_unknown_login_acts_as_the_owner(firm):
    firm.set_demo()

    actor = _resolve(firm, "visitor")

    assert (actor.login, actor.kind) == ("olivia", "owner")


def test_r13_an_unknown_login_using_as_is_told_how_the_owner_adds_it(firm):
    firm.employee("dana")

    with pytest.raises(UnknownLogin, match="wipboard users add visitor"):
        _resolve(firm, "visitor", "dana")


def test_r13_root_may_act_as_anyone_without_being_a_user(firm):
    firm.employee("dana")

    assert resolve_actor(firm.repo.snapshot(), "root", "dana", firm_path=str(firm.path), is_root=True).login == "dana"
    with pytest.raises(UnknownLogin, match="'root' is not a user of the firm file"):
        resolve_actor(firm.repo.snapshot(), "root", None, firm_path=str(firm.path), is_root=True)
    with pytest.raises(UnknownLogin, match="--as ghost: no staff user or contact"):
        resolve_actor(firm.repo.snapshot(), "root", "ghost", firm_path=str(firm.path), is_root=True)


def test_r13_the_os_login_is_the_real_uid_s_not_the_environment_s(monkeypatch):
    import os
    import pwd

    from wipboard.store.identity import OsUser

    monkeypatch.setenv("USER", "olivia")
    monkeypatch.setenv("LOGNAME", "olivia")
    assert OsUser.current() == OsUser(login=pwd.getpwuid(os.getuid()).pw_name, is_root=os.getuid() == 0)
