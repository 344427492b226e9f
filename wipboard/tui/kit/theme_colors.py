"""wipboard's own theme variables, worked out from the current theme so every built-in theme reads well.

A status is stored with a colour's name (``orange``). What the terminal shows for it
depends on the theme's background: the hue of ``STATUS_HUES`` as it is where it stands
out (WCAG contrast of at least 3), otherwise darkened on a light theme (lightened on a
dark one) until it does, with black or white text on it, whichever reads better:

- ``$status-orange``: the colour (a swatch ``■``, a badge's background);
- ``$status-orange-text``: the text written on it.

The cursors (the board's card, the job list's row, the portal's item) use
``$cursor-background`` and ``$cursor-background-blurred``: the theme's accent laid over
its surface, strong enough to differ from the surface and the background by a visible
contrast (1.6, and 1.25 for a cursor whose column or list is not the active one).

A theme of ANSI colours leaves the colours to the terminal; it gets named ANSI
colours instead, distinct from the terminal's default background.

`App.get_theme_variable_defaults` returns `theme_variables(app.current_theme)`; widgets
that draw their own lines read the same values from ``app.theme_variables``
(`status_style`).
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from textual import active_app
from textual.color import Color
from textual.theme import Theme

from wipboard.store.fields import COLORS

STATUS_HUES: dict[str, str] = {
    "blue": "#3b82f6",
    "yellow": "#eab308",
    "purple": "#a855f7",
    "orange": "#f97316",
    "green": "#22c55e",
    "red": "#ef4444",
    "teal": "#14b8a6",
    "gray": "#9ca3af",
}

STATUS_CONTRAST = 3.0  # a status colour against the background: WCAG's minimum for large text and graphics
CURSOR_CONTRAST = 1.6
BLURRED_CURSOR_CONTRAST = 1.25
BLACK = Color(0, 0, 0)
WHITE = Color(255, 255, 255)

# ANSI themes: the terminal's palette decides; these stand apart from its default background.
ANSI_STATUS = {
    "blue": "ansi_blue", "yellow": "ansi_yellow", "purple": "ansi_magenta", "orange": "ansi_bright_red",
    "green": "ansi_green", "red": "ansi_red", "teal": "ansi_cyan", "gray": "ansi_bright_black",
}


def relative_luminance(color: Color) -> float:
    """WCAG 2's relative luminance of an opaque colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = color.rgb
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: Color, second: Color) -> float:
    """WCAG 2's contrast ratio, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: Color) -> Color:
    """Black or white, whichever reads better on ``background`` (always a contrast above 4.5)."""
    return BLACK if contrast(BLACK, background) >= contrast(WHITE, background) else WHITE


def standing_out(hue: Color, grounds: tuple[Color, ...], minimum: float) -> Color:
    """``hue``, or the nearest shade of it towards black or white that has ``minimum`` contrast
    with every one of ``grounds`` (darker on light grounds, lighter on dark ones)."""
    darker = sum(relative_luminance(ground) for ground in grounds) / len(grounds) > 0.18
    target = BLACK if darker else WHITE
    for step in range(21):
        shade = hue.blend(target, step / 20)
        if min(contrast(shade, ground) for ground in grounds) >= minimum:
            return shade
    return target


def overlay(color: Color, ground: Color, grounds: tuple[Color, ...], minimum: float) -> Color:
    """``color`` laid over ``ground`` at the least opacity (from 40 %) that has ``minimum``
    contrast with each of ``grounds``; if even full strength does not, darkened or lightened."""
    for percent in range(40, 101, 5):
        shade = ground.blend(color, percent / 100)
        if min(contrast(shade, each) for each in grounds) >= minimum:
            return shade
    return standing_out(color, grounds, minimum)


def theme_variables(theme: Theme) -> dict[str, str]:
    """``$status-<colour>``, ``$status-<colour>-text``, ``$cursor-background`` and
    ``$cursor-background-blurred`` for ``theme``."""
    if theme.ansi:
        return _ansi_variables(theme)
    generated = theme.to_color_system().generate()
    background = Color.parse(generated["background"])
    surface = background + Color.parse(generated["surface"])
    grounds = (background, surface)
    variables: dict[str, str] = {}
    for name in COLORS:
        color = standing_out(Color.parse(STATUS_HUES[name]), grounds, STATUS_CONTRAST)
        variables[f"status-{name}"] = color.hex6
        variables[f"status-{name}-text"] = text_on(color).hex6
    accent = Color.parse(generated["accent"])
    variables["cursor-background"] = overlay(accent, surface, grounds, CURSOR_CONTRAST).hex6
    variables["cursor-background-blurred"] = overlay(
        Color.parse(generated["panel"]), surface, grounds, BLURRED_CURSOR_CONTRAST
    ).hex6
    return variables


def _ansi_variables(theme: Theme) -> dict[str, str]:
    variables: dict[str, str] = {}
    for name in COLORS:
        variables[f"status-{name}"] = ANSI_STATUS[name]
        variables[f"status-{name}-text"] = "ansi_black" if name != "gray" or not theme.dark else "ansi_white"
    variables["cursor-background"] = "ansi_bright_black" if theme.dark else "ansi_white"
    variables["cursor-background-blurred"] = "ansi_black" if theme.dark else "ansi_bright_white"
    return variables


def current_variables() -> Mapping[str, str]:
    """The running app's theme variables (none outside an app: then the hues are used as they are)."""
    try:
        return active_app.get().theme_variables
    except LookupError:
        return {}


def status_color(name: str, variables: Mapping[str, str] | None = None) -> str:
    """The colour, as Rich writes it, that the current theme gives the status colour ``name``
    (``variables``: ``app.theme_variables``, by default the running app's); a colour not
    among ours is used as written."""
    variables = current_variables() if variables is None else variables
    return _rich(variables.get(f"status-{name}", STATUS_HUES.get(name, name)))


def status_style(name: str, variables: Mapping[str, str] | None = None) -> Style:
    """A badge: the status colour ``name`` as the background, its text colour on it, bold."""
    variables = current_variables() if variables is None else variables
    text = variables.get(f"status-{name}-text", "black")
    return Style(color=_rich(text), bgcolor=status_color(name, variables), bold=True)


def _rich(color: str) -> str:
    """A Textual colour as Rich writes it (``ansi_red`` is Rich's ``red``)."""
    return color.removeprefix("ansi_") if color.startswith("ansi_") else color
