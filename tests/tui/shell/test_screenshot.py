"""The palette's *Screenshot* saves an SVG in a folder that exists and says where: the pictures
folder, else the downloads folder, else the current folder (Textual's own fails without ~/Downloads)."""

from __future__ import annotations

from pathlib import Path

import pytest
from board_pilot import SMALL
from firms import DemoFirm
from screen_reading import notifications
from textual.pilot import Pilot


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home without Pictures or Downloads, the tests' current folder beside it."""
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for name in ("XDG_PICTURES_DIR", "XDG_DOWNLOAD_DIR"):
        monkeypatch.delenv(name, raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return home


async def screenshot_from_the_palette(pilot: Pilot[None]) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    for key in "screenshot":
        await pilot.press(key)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause(0.3)
    return notifications(pilot.app)


async def test_screenshot_without_pictures_or_downloads_goes_to_the_current_folder(demo: DemoFirm, home: Path) -> None:
    async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
        said = await screenshot_from_the_palette(pilot)
    saved = list(Path.cwd().glob("*.svg"))
    assert len(saved) == 1 and saved[0].read_text(encoding="utf-8").startswith("<svg")
    assert said == [f"Saved the screenshot to {saved[0]}"]


async def test_screenshot_goes_to_the_pictures_folder_when_there_is_one(demo: DemoFirm, home: Path) -> None:
    (home / "Downloads").mkdir()
    (home / "Pictures").mkdir()
    async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
        said = await screenshot_from_the_palette(pilot)
    saved = list((home / "Pictures").glob("*.svg"))
    assert len(saved) == 1 and not list(Path.cwd().glob("*.svg")) and not list((home / "Downloads").iterdir())
    assert said == [f"Saved the screenshot to {saved[0]}"]
