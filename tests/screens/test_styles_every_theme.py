"""Every built-in theme: the cursor, the selection and the ticks are seen, and status badges are read.

Each test starts the app once and switches through ``app.available_themes``, reading what the
terminal would show (``Screen.get_style_at``, ``render_line``). A pair of colours counts as
told apart at a WCAG contrast of 1.5 (the cursor against the background it moves over) and as
readable at 3 (a badge's text on its colour, a status colour on the background). An ANSI theme
leaves the colours to the terminal: there the two must at least be different colours.
"""

from __future__ import annotations

from collections.abc import Iterator

from board_pilot import LARGE, SMALL, BoardPilot
from firms import DemoFirm
from list_pilot import ListPilot
from rich.color import Color as RichColor
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.pilot import Pilot

from wipboard.screens.assign_picker import AssignPicker
from wipboard.screens.portal import PortalItemView
from wipboard.store.fields import COLORS
from wipboard.tui.kit.theme_colors import contrast, status_color
from wipboard.tui.kit.widgets.card_column import CARD_HEIGHT, CardColumn
from wipboard.tui.kit.widgets.tick_list import TICKED, UNTICKED, TickList

SEEN = 1.5
BLURRED = 1.2  # a cursor where the user is not: fainter, still there
READ = 3.0


def _rgb(color: RichColor | None) -> Color | None:
    """A true colour, or None for the terminal's own (default or ANSI) colours."""
    if color is None or color.triplet is None:
        return None
    red, green, blue = color.triplet
    return Color(red, green, blue)


def _told_apart(first: RichColor | None, second: RichColor | None, minimum: float) -> tuple[bool, str]:
    one, other = _rgb(first), _rgb(second)
    if one is None or other is None:
        return first != second, f"{first and first.name} vs {second and second.name}"
    ratio = contrast(one, other)
    return ratio >= minimum, f"{one.hex} vs {other.hex}: contrast {ratio:.2f}"


async def _switch(pilot: Pilot[None], theme: str) -> None:
    pilot.app.theme = theme
    await pilot.pause()
    await pilot.pause()


def _background_at(app: App[None], x: int, y: int) -> RichColor | None:
    style: Style = app.screen.get_style_at(x, y)
    return style.bgcolor


class TestEveryTheme:
    async def test_the_board_cursor_stands_out_and_badges_read_in_every_theme(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            column = board.screen.focused_column()
            while column is not None and len(column.cards) < 2:
                await pilot.press("l")
                column = board.screen.focused_column()
            assert column is not None, "the demo board has a column with two cards"
            others = [other for other in board.columns() if other is not column and other.cards and other.region.width]
            assert others, "a second column is on screen, its cursor blurred"
            problems: list[str] = []
            shown = 0
            for theme in sorted(pilot.app.available_themes):
                await _switch(pilot, theme)
                x = column.region.x + 2
                cursor_y = column.region.y + column.cursor * CARD_HEIGHT - column.scroll_offset.y
                other_y = cursor_y + CARD_HEIGHT if column.cursor + 1 < len(column.cards) else cursor_y - CARD_HEIGHT
                cursor_bg = _background_at(board.app, x, cursor_y)
                card_bg = _background_at(board.app, x, other_y)
                seen, detail = _told_apart(cursor_bg, card_bg, SEEN)
                if not seen:
                    problems.append(f"{theme}: the board's cursor ({detail})")
                blurred_y = others[0].region.y + others[0].cursor * CARD_HEIGHT - others[0].scroll_offset.y
                seen, detail = _told_apart(
                    _background_at(board.app, others[0].region.x + 2, blurred_y),
                    _background_at(board.app, others[0].region.x + 2, blurred_y + CARD_HEIGHT), BLURRED,
                )
                if not seen:
                    problems.append(f"{theme}: the cursor of a column the board is not on ({detail})")
                badges = {status_color(name, pilot.app.theme_variables).lower() for name in COLORS}
                for each in (column, others[0]):
                    problems.extend(f"{theme}: {problem}" for problem in _badge_problems(each, badges))
                    shown += sum(1 for _ in _badges(each, badges))
            assert not problems, "\n".join(problems)
            assert shown, "the board shows status badges on its cards"

    async def test_every_row_of_the_board_columns_is_drawn_in_the_theme_never_the_terminals_colour(
        self, demo: DemoFirm
    ) -> None:
        """The rows between cards and below the last one too: left unstyled they show the terminal's
        own background, black bands on a light theme (white ones on a dark theme in a light terminal)."""
        async with demo.app().run_test(size=LARGE) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            problems: list[str] = []
            for theme in sorted(pilot.app.available_themes):
                if "ansi" in theme:
                    continue  # an ANSI theme leaves the colours to the terminal, on purpose
                await _switch(pilot, theme)
                for column in board.columns():
                    x = column.region.x + 2
                    if not column.region.width or x >= board.app.size.width:
                        continue  # off screen, to the right
                    bare = [y for y in range(column.region.y, column.region.bottom) if _background_at(board.app, x, y) is None]
                    if bare:
                        problems.append(f"{theme}: column {column.stage_id}, rows {bare[:4]}…")
            assert not problems, "\n".join(problems)

    async def test_the_job_list_cursor_stands_out_in_every_theme(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("j")
            table = job_list.table
            problems: list[str] = []
            for theme in sorted(pilot.app.available_themes):
                await _switch(pilot, theme)
                x = table.region.x + 4
                cursor_y = table.region.y + 1 + table.cursor - table.scroll_offset.y
                seen, detail = _told_apart(
                    _background_at(job_list.app, x, cursor_y), _background_at(job_list.app, x, cursor_y + 1), SEEN
                )
                if not seen:
                    problems.append(f"{theme}: the job list's cursor ({detail})")
            assert not problems, "\n".join(problems)

    async def test_the_assign_picker_shows_ticks_and_its_highlight_in_every_theme(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("A")
            await job_list.wait_until(lambda: isinstance(pilot.app.screen, AssignPicker), "the assign picker")
            picker = pilot.app.screen.query_one("#add", TickList)
            assert picker.has_focus, "the picker opens with its first list focused, so space ticks at once"
            assert [picker.render_line(y).text[1] for y in range(2)] == [UNTICKED, UNTICKED]
            await pilot.press("space")
            assert [picker.render_line(y).text[1] for y in range(2)] == [TICKED, UNTICKED]
            problems: list[str] = []
            for theme in sorted(pilot.app.available_themes):
                await _switch(pilot, theme)
                x = picker.region.x + 6
                seen, detail = _told_apart(
                    _background_at(job_list.app, x, picker.region.y), _background_at(job_list.app, x, picker.region.y + 1), SEEN
                )
                if not seen:
                    problems.append(f"{theme}: the assign picker's highlighted person ({detail})")
            assert not problems, "\n".join(problems)

    async def test_the_portal_item_under_the_cursor_stands_out_in_every_theme(self, demo: DemoFirm) -> None:
        async with demo.app("mrivera").run_test(size=SMALL) as pilot:
            await pilot.pause()
            items = list(pilot.app.screen.query(PortalItemView))
            assert len(items) >= 2, "the contact's portal has items"
            items[0].focus()
            await pilot.pause()
            problems: list[str] = []
            for theme in sorted(pilot.app.available_themes):
                await _switch(pilot, theme)
                first, second = items[0].region, items[1].region
                seen, detail = _told_apart(
                    _background_at(pilot.app, first.x + 3, first.y), _background_at(pilot.app, second.x + 3, second.y), SEEN
                )
                if not seen:
                    problems.append(f"{theme}: the portal's item under the cursor ({detail})")
            assert not problems, "\n".join(problems)

    async def test_status_colours_read_on_the_background_and_under_their_text_in_every_theme(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            problems: list[str] = []
            for theme in sorted(pilot.app.available_themes):
                await _switch(pilot, theme)
                variables = pilot.app.theme_variables
                if pilot.app.current_theme.ansi:
                    continue  # the terminal's palette decides; the badges on the board are checked above
                background = Color.parse(variables["background"])
                for name in COLORS:
                    color, text = Color.parse(variables[f"status-{name}"]), Color.parse(variables[f"status-{name}-text"])
                    if contrast(color, background) < READ:
                        problems.append(f"{theme}: {name} on the background, contrast {contrast(color, background):.2f}")
                    if contrast(text, color) < READ:
                        problems.append(f"{theme}: a {name} badge's text, contrast {contrast(text, color):.2f}")
            assert not problems, "\n".join(problems)


def _badges(column: CardColumn, badges: set[str]) -> Iterator[Style]:
    """The styles of the status badges the column draws on screen (a run on a status colour)."""
    for y in range(column.size.height):
        for segment in column.render_line(y):
            style = segment.style
            if style is not None and style.bgcolor is not None and style.bgcolor.name.lower() in badges and segment.text.strip():
                yield style


def _badge_problems(column: CardColumn, badges: set[str]) -> list[str]:
    problems: list[str] = []
    for style in _badges(column, badges):
        readable, detail = _told_apart(style.color, style.bgcolor, READ)
        if not readable:
            problems.append(f"a status badge on the board ({detail})")
    return problems
