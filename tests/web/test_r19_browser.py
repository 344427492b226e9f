"""R19 end to end: the real `wipboard portal serve` in a subprocess, driven by headless Chromium.

Staff invite a contact on the command line; the browser opens the link, sets a password,
sees the items and opens one; staff change a job on the command line and the open page
shows it within 5 s; the contact logs out — in a 1280×900 window and on a 360×740 phone
screen. Screenshots at 360 and 1280 px wide go to the test's temporary folder (and are
copied to $WIPBOARD_SCREENSHOTS when it is set).

Needs the OS packages chromium and chromium-driver: elsewhere the test skips and says
so; in CI (CI or WIPBOARD_REQUIRE_BROWSER set) it fails instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import PASSWORD, PortalFirm
from tests.web.served import serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
REQUIRED = bool(os.environ.get("CI") or os.environ.get("WIPBOARD_REQUIRE_BROWSER"))


def _need_browser() -> None:
    if CHROMIUM and CHROMEDRIVER:
        return
    why = "headless Chromium is not installed (apt-get install chromium chromium-driver)"
    if REQUIRED:
        pytest.fail(f"{why}; CI needs it")
    pytest.skip(why)


def wipboard(firm: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "wipboard.tui.commands", "--db", str(firm), "--as", "olivia", *args],
        capture_output=True, text=True, env={**os.environ, "USER": "olivia"}, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def server(portal_firm: PortalFirm, tmp_path: Path) -> Iterator[str]:
    with serving(portal_firm.path, tmp_path / "server.log") as url:
        yield url


@pytest.fixture
def browser(tmp_path: Path):  # type: ignore[no-untyped-def]
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # type: ignore[assignment]
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chromium-profile'}",
                     "--window-size=1280,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def window(driver, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    """The page as a window (or a phone's screen, under 600 px) of this size shows it."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def screenshot(driver, tmp_path: Path, name: str, width: int, *, then: tuple[int, int]) -> Path:  # type: ignore[no-untyped-def]
    """A full-page picture at ``width`` CSS pixels (the page's own height); the window is ``then`` afterwards."""
    window(driver, width, 740)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": max(740, height), "deviceScaleFactor": 1, "mobile": width < 600})
    assert driver.execute_script("return window.innerWidth") == width
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width, "no sideways scrolling"
    path = tmp_path / f"{name}-{width}.png"
    driver.save_screenshot(str(path))
    target = os.environ.get("WIPBOARD_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)
    window(driver, *then)
    return path


@pytest.mark.parametrize("size", [(1280, 900), (360, 740)], ids=["desktop", "phone"])
def test_r19_invite_set_password_see_items_live_update_and_log_out_in_a_real_browser(
    portal_firm: PortalFirm, server: str, browser, tmp_path: Path, size: tuple[int, int]  # type: ignore[no-untyped-def]
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as shown
    from selenium.webdriver.support.ui import WebDriverWait

    tax = portal_firm.shown_job("2025 Form 1040", name_for_client="Your 2025 tax return",
                                description="We are working on this now.")
    portal_firm.shown_job("Payroll Q1", "Planned", account="Rivera Bakery", name_for_client="Bakery payroll, first quarter",
                          description="We have scheduled your work and will start soon.")
    portal_firm.shown_job("Books", "In review", account="Rivera Bakery", name_for_client="2025 bookkeeping",
                          description="The work is done and is being checked for accuracy.")
    invitation = wipboard(portal_firm.path, "users", "invite", "mrivera", "--url", server)
    link = invitation.stdout.strip().splitlines()[-1]

    window(browser, *size)
    browser.get(link)
    assert "Set your password" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "password_again").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()

    WebDriverWait(browser, 10).until(shown.title_contains("Work in progress"))
    page = browser.find_element(By.TAG_NAME, "main").text
    for item in ("Your 2025 tax return", "Bakery payroll, first quarter", "2025 bookkeeping", "In progress", "Planned"):
        assert item in page
    assert "Hart & Rivera CPAs" in browser.find_element(By.CSS_SELECTOR, ".firm").text
    assert browser.execute_script("return window.innerWidth") == size[0]
    screenshot(browser, tmp_path, "work-in-progress", 360, then=size)
    screenshot(browser, tmp_path, "work-in-progress", 1280, then=size)

    browser.find_element(By.LINK_TEXT, "Your 2025 tax return").click()
    WebDriverWait(browser, 10).until(shown.presence_of_element_located((By.CSS_SELECTOR, ".timeline")))
    assert "Status history" in browser.find_element(By.TAG_NAME, "main").text
    screenshot(browser, tmp_path, "item", size[0], then=size)
    browser.find_element(By.LINK_TEXT, "← Work in progress").click()
    WebDriverWait(browser, 10).until(shown.title_contains("Work in progress"))
    time.sleep(0.5)  # the page is open: now staff change what the client sees

    wipboard(portal_firm.path, "jobs", "client-status", str(tax.id), "--show", "--status", "Done",
             "--description", "Your return has been filed.")
    changed_at = time.monotonic()
    WebDriverWait(browser, 5, poll_frequency=0.2).until(
        shown.text_to_be_present_in_element((By.ID, "wip-list"), "Your return has been filed.")
    )
    assert time.monotonic() - changed_at < 5
    assert "Done" in browser.find_element(By.ID, "wip-list").text

    browser.find_element(By.CSS_SELECTOR, "form.logout button").click()
    WebDriverWait(browser, 10).until(shown.title_contains("Log in"))
    assert "You are logged out" in browser.find_element(By.TAG_NAME, "main").text
    screenshot(browser, tmp_path, "login", size[0], then=size)
    browser.get(f"{server}/work-in-progress")
    assert "Log in" in browser.title


def test_r19_the_browser_runs_no_inline_script_and_reports_no_policy_violation(
    portal_firm: PortalFirm, server: str, browser  # type: ignore[no-untyped-def]
):
    portal_firm.shown_job("x", name_for_client='<script>alert("hi")</script>')
    link = wipboard(portal_firm.path, "users", "invite", "mrivera", "--url", server).stdout.strip().splitlines()[-1]
    from selenium.webdriver.common.by import By

    browser.get(link)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "password_again").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    from selenium.webdriver.support import expected_conditions as shown
    from selenium.webdriver.support.ui import WebDriverWait

    # The password is hashed (argon2) before the page answers: on a busy machine that takes a while.
    WebDriverWait(browser, 15).until(shown.presence_of_element_located((By.ID, "wip-list")))
    assert '<script>alert("hi")</script>' in browser.find_element(By.ID, "wip-list").text
    logs = browser.get_log("browser")
    assert not [entry for entry in logs if "Content Security Policy" in entry.get("message", "")], logs
