"""A user's keymap: ``keymap.toml`` in the user config folder renames keys by binding id.

    # ~/.config/wipboard/keymap.toml
    [keys]
    move_next_stage = "right_square_bracket"
    undo = "ctrl+z"

A name wipboard has no key for, or a value that is not a key, is left out and said in one
warning when the app starts; the other keys of the file still apply.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from pathlib import Path

import platformdirs
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(key.value for key in Keys) | frozenset(KEY_NAME_REPLACEMENTS.values())
# Where wipboard's bindings are declared; all of it is imported only when a name is not found among those loaded.
_BINDING_PACKAGES = ("wipboard.screens", "wipboard.tui.kit", "wipboard.tui.shell")


def keymap_path() -> Path:
    return Path(platformdirs.user_config_dir("wipboard", appauthor=False)) / "keymap.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """The keymap (binding id → key) and a problem to show the user: a broken file, names
    wipboard has no key for, values that are not keys (those entries are left out)."""
    path = path or keymap_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError) as error:
        return {}, f"{path}: {error}; using the default keys"
    import tomllib  # only for a keymap there is: its parser compiles its patterns as it is imported

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return {}, f"{path}: {error}; using the default keys"
    keys = document.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(key, str) for key in keys.values()):
        return {}, f'{path}: expected a [keys] table of binding id = "key"; using the default keys'
    unknown = unknown_names(keys)
    bad = [name for name, value in keys.items() if name not in unknown and not is_key_list(value)]
    problems = []
    if unknown:
        names, ignored = ("is not the name", "it is") if len(unknown) == 1 else ("are not names", "they are")
        problems.append(f"{_listed(unknown)} {names} of any of wipboard's keys, so {ignored} ignored.")
    problems += [f"{name} = {keys[name]!r} is not a key, so {name} keeps its default." for name in bad]
    keymap = {name: value for name, value in keys.items() if name not in unknown and name not in bad}
    return keymap, f"{path}: {' '.join(problems)}" if problems else None


def is_key_list(value: str) -> bool:
    """'ctrl+z', 'u,ctrl+z', 'right_square_bracket', 'f5': keys as Textual names them, several separated by commas."""
    keys = [key.strip() for key in value.split(",")]
    return bool(keys) and all(_is_key(key) for key in keys)


def _is_key(key: str) -> bool:
    *modifiers, name = key.split("+")
    if not name or not set(modifiers) <= MODIFIERS:
        return False
    return len(name) == 1 or name in _NAMED_KEYS or key_to_character(name) is not None


def unknown_names(names: Iterable[str]) -> list[str]:
    """The names among ``names`` that no wipboard binding has as its id, in their order."""
    missing = [name for name in names if name not in binding_ids()]
    if missing:
        _import_every_screen()
        missing = [name for name in missing if name not in binding_ids()]
    return missing


def binding_ids() -> frozenset[str]:
    """The ids of every binding declared by a widget, screen or app class loaded so far."""
    ids: set[str] = set()
    seen: set[type] = set()
    classes: list[type] = [DOMNode]
    while classes:
        cls = classes.pop()
        if cls in seen:
            continue
        seen.add(cls)
        classes.extend(cls.__subclasses__())
        ids.update(item.id for item in vars(cls).get("BINDINGS", ()) if isinstance(item, Binding) and item.id)
    return frozenset(ids)


def _import_every_screen() -> None:
    """Dialogs load when first opened; their bindings count as known all the same."""
    for package_name in _BINDING_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            importlib.import_module(module.name)


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
