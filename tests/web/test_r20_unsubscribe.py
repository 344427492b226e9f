"""R20: the unsubscribe link of a client e-mail — a confirmation page, and a one-click POST (RFC 8058)."""

from __future__ import annotations

from wipboard.store.mail.unsubscribe import unsubscribe_token
from wipboard.web.secret import load_or_create_secret, secret_path_for


def _maria(portal_firm):  # noqa: ANN001, ANN202
    return next(c for c in portal_firm.repo.snapshot().contacts.values() if c.login == "mrivera")


def test_r20_the_link_shows_a_page_and_a_one_click_post_unsubscribes(portal_firm) -> None:  # noqa: ANN001
    client = portal_firm.client()
    key = load_or_create_secret(secret_path_for(portal_firm.path))
    token = unsubscribe_token(key, _maria(portal_firm).id)
    page = client.get(f"/unsubscribe/{token}")
    assert page.status_code == 200 and "Stop the e-mails?" in page.text and "Maria Rivera" in page.text
    assert not _maria(portal_firm).unsubscribed, "opening the link changes nothing"
    done = client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You are unsubscribed" in done.text
    assert _maria(portal_firm).unsubscribed


def test_r20_a_forged_unsubscribe_link_is_refused(portal_firm) -> None:  # noqa: ANN001
    client = portal_firm.client()
    maria = _maria(portal_firm)
    assert client.post(f"/unsubscribe/{maria.id}.{'a' * 32}").status_code == 404
    assert client.get("/unsubscribe/nonsense").status_code == 404
    assert not _maria(portal_firm).unsubscribed
