"""A user's keymap: ``keymap.toml`` in the user config folder renames keys by binding id.

    # ~/.config/wipboard/keymap.toml
    [keys]
    move_next_stage = "right_square_bracket"
    undo = "ctrl+z"
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import platformdirs


def keymap_path() -> Path:
    return Path(platformdirs.user_config_dir("wipboard", appauthor=False)) / "keymap.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """The keymap (binding id → key) and a problem to show the user, if the file is broken."""
    path = path or keymap_path()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, f"{path}: {error}; using the default keys"
    keys = document.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(key, str) for key in keys.values()):
        return {}, f'{path}: expected a [keys] table of binding id = "key"; using the default keys'
    return dict(keys), None
