"""keymap.toml: names wipboard has no key for, and values that are not keys, are said once when
the app starts, naming the file; the file's good keys still apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from board_pilot import SMALL
from firms import DemoFirm
from screen_reading import RecordingApp, notifications

from wipboard.screens.board import BoardScreen
from wipboard.tui.kit.session import Session
from wipboard.tui.shell.keymap import is_key_list, keymap_path, load_keymap


def write_keymap(folder: Path, text: str) -> Path:
    path = folder / "keymap.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_names_are_named_with_the_file_and_left_out(tmp_path: Path) -> None:
    path = write_keymap(tmp_path, '[keys]\nbogus_action = "x"\nundo = "ctrl+z"\nalso_wrong = "y"\n')
    keymap, problem = load_keymap(path)
    assert keymap == {"undo": "ctrl+z"}
    assert problem == (
        f"{path}: bogus_action and also_wrong are not names of any of wipboard's keys, so they are ignored."
    )


def test_a_value_that_is_not_a_key_is_named_and_the_default_key_kept(tmp_path: Path) -> None:
    path = write_keymap(tmp_path, '[keys]\nquit = "ctrl+"\nhelp = "f1"\nundo = "hyperspace"\n')
    keymap, problem = load_keymap(path)
    assert keymap == {"help": "f1"}
    assert problem == (
        f"{path}: quit = 'ctrl+' is not a key, so quit keeps its default."
        " undo = 'hyperspace' is not a key, so undo keeps its default."
    )


def test_a_good_keymap_says_nothing(tmp_path: Path) -> None:
    text = '[keys]\nmove_next_stage = "right_square_bracket"\nundo = "ctrl+z,u"\nhelp = "f1"\nmark = "ctrl+shift+up"\n'
    assert load_keymap(write_keymap(tmp_path, text)) == (
        {"move_next_stage": "right_square_bracket", "undo": "ctrl+z,u", "help": "f1", "mark": "ctrl+shift+up"}, None
    )


@pytest.mark.parametrize("value", ["x", "X", "ctrl+z", "question_mark", "minus", "escape", "pageup", "f12", "a,b"])
def test_keys_as_textual_names_them_are_keys(value: str) -> None:
    assert is_key_list(value)


@pytest.mark.parametrize("value", ["", "ctrl+", "cmd+z", "bogus", "ctrl+bogus", "a,,b"])
def test_other_words_are_not_keys(value: str) -> None:
    assert not is_key_list(value)


async def test_the_app_starts_and_warns_once_of_the_keymaps_problems(
    demo: DemoFirm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = keymap_path()
    path.parent.mkdir(parents=True)
    write_keymap(path.parent, '[keys]\nbogus_action = "x"\nshow_list = "ctrl+l"\n')
    app = RecordingApp(Session(demo.repo, demo.actor()))
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        warnings = notifications(app, severity="warning")
        assert warnings == [f"{path}: bogus_action is not the name of any of wipboard's keys, so it is ignored."]
        await pilot.press("ctrl+l")  # the file's good key applies
        await pilot.pause()
        assert type(app.screen).__name__ == "JobListScreen"
