"""One stage's cards, drawn line by line: only the cards on screen are ever rendered.

A board of 10 000 jobs mounts one of these per stage, never a widget per card
(mounting hundreds of widgets takes seconds in Textual). Each card is
``CARD_HEIGHT`` lines; ``render_line`` works out which card and which of its
lines a screen row shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import overload

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from wipboard.tui.kit.terminal_text import printable
from wipboard.tui.kit.theme_colors import STATUS_HUES, status_style

CARD_HEIGHT = 4  # three lines of card and one of space

# The hues the statuses are stored by; on screen each theme shows its own shade (kit/theme_colors.py).
BADGE_COLORS = STATUS_HUES


@dataclass(frozen=True)
class CardView:
    """What a card shows, prepared by the board from a job."""

    job_id: int
    name: str
    account: str
    initials: str
    due: date | None
    overdue: bool
    visible: bool
    status: str | None
    color: str | None
    marked: bool = False


class LazyCards(Sequence[CardView]):
    """A column's cards, each made the first time it is looked at.

    A stage with 5 000 jobs shows a dozen cards; making the other 4 988 up front
    would cost most of the board's start-up. ``token`` stands for everything
    besides the jobs that a card shows (marks, names), so two sequences are equal
    when they hold the very same job objects and the same token.
    """

    def __init__(self, jobs: Sequence[object], make: Callable[[int], CardView], job_ids: list[int], token: object) -> None:
        self._jobs = jobs
        self._make = make
        self._made: dict[int, CardView] = {}
        self.job_ids = job_ids
        self.token = token

    def __len__(self) -> int:
        return len(self.job_ids)

    @overload
    def __getitem__(self, index: int) -> CardView: ...

    @overload
    def __getitem__(self, index: slice) -> list[CardView]: ...

    def __getitem__(self, index: int | slice) -> CardView | list[CardView]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        card = self._made.get(index)
        if card is None:
            card = self._made[index] = self._make(index)
        return card

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LazyCards):
            return NotImplemented
        return (
            self.token == other.token
            and len(self._jobs) == len(other._jobs)
            and all(mine is theirs for mine, theirs in zip(self._jobs, other._jobs))
        )

    __hash__ = None  # type: ignore[assignment]  # equal by content and mutable: never a dict key (object types it as a method)

    def index_of(self, job_id: int | None) -> int | None:
        if job_id is None:
            return None
        try:
            return self.job_ids.index(job_id)
        except ValueError:
            return None


class CardColumn(ScrollView, can_focus=False):
    """A scrolling list of cards with a cursor.

    Columns never take the focus: the board keeps it and tells one column it is
    ``active``. Moving between columns then repaints two cards, where a focus
    change would restyle the screen and rebuild the footer.
    """

    COMPONENT_CLASSES = {
        "card-column--card",
        "card-column--gap",
        "card-column--cursor",
        "card-column--cursor-blurred",
        "card-column--meta",
        "card-column--overdue",
        "card-column--hidden",
        "card-column--marked",
        "card-column--empty",
    }

    cursor: reactive[int] = reactive(0, always_update=True)
    # Reactive so that turning the pipeline's setting on or off repaints cards that did not change (R9).
    show_status: reactive[bool] = reactive(False)

    class CursorMoved(Message):
        def __init__(self, column: CardColumn) -> None:
            super().__init__()
            self.column = column

    class Clicked(Message):
        """A card (or the empty column) was clicked: the board makes this column active."""

        def __init__(self, column: CardColumn) -> None:
            super().__init__()
            self.column = column

    def __init__(self, stage_id: int, *, show_status: bool, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.stage_id = stage_id
        self.set_reactive(CardColumn.show_status, show_status)
        self.cards: Sequence[CardView] = []
        self.active = False
        # Rendered card lines by (card, line, width, cursor state): a repaint of an unchanged
        # card costs a dictionary lookup. Keyed by the card's content, so never stale.
        self._strips: dict[tuple[CardView, int, int, str, bool], Strip] = {}

    # --- Data -----------------------------------------------------------------------

    def set_cards(self, cards: Sequence[CardView], keep_job_id: int | None = None) -> None:
        """Replace the cards, keeping the cursor on ``keep_job_id`` (or the same row) if it is still here.

        A column whose cards did not change is left alone: no repaint.
        """
        index = (
            cards.index_of(keep_job_id)
            if isinstance(cards, LazyCards)
            else next((i for i, card in enumerate(cards) if card.job_id == keep_job_id), None)
        )
        cursor = index if index is not None else min(self.cursor, max(0, len(cards) - 1))
        if type(cards) is type(self.cards) and cards == self.cards:
            if cursor != self.cursor:
                self.cursor = cursor
            return
        self.cards = cards
        self._expect_scrollbar()
        self.virtual_size = Size(0, max(1, len(cards)) * CARD_HEIGHT)  # as wide as the column, whatever its width
        if len(self._strips) > 4096:
            self._strips.clear()
        self.set_reactive(CardColumn.cursor, cursor)
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def holds(self, job_id: int) -> bool:
        if isinstance(self.cards, LazyCards):
            return self.cards.index_of(job_id) is not None
        return any(card.job_id == job_id for card in self.cards)

    @property
    def current(self) -> CardView | None:
        return self.cards[self.cursor] if self.cards else None

    def move_cursor(self, delta: int) -> None:
        if self.cards:
            self.cursor = max(0, min(len(self.cards) - 1, self.cursor + delta))

    def cursor_to(self, index: int) -> None:
        if self.cards:
            self.cursor = max(0, min(len(self.cards) - 1, index))

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_region(Region(0, new * CARD_HEIGHT, 1, CARD_HEIGHT), animate=False, immediate=True)
        self.refresh_lines(old * CARD_HEIGHT, CARD_HEIGHT)  # only the two cards that changed look
        self.refresh_lines(new * CARD_HEIGHT, CARD_HEIGHT)
        self.post_message(self.CursorMoved(self))

    def _expect_scrollbar(self) -> None:
        """Before the column's first layout: cards taller than the whole terminal need the scrollbar,
        so it is there in that layout, not added by a second one (a frame later, every column
        repainted). Where it is not sure, Textual decides after the layout, as always."""
        if not self.size.height and len(self.cards) * CARD_HEIGHT > self.app.size.height:
            self.set_reactive(Widget.show_vertical_scrollbar, True)

    def set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self.refresh_lines(self.cursor * CARD_HEIGHT, CARD_HEIGHT)

    def on_click(self, event: events.Click) -> None:
        index = (event.y + self.scroll_offset.y) // CARD_HEIGHT
        if 0 <= index < len(self.cards):
            self.cursor = index
        self.post_message(self.Clicked(self))

    # --- Drawing --------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        # The text's width leaves out the scrollbar: drawn over the last cell, it would hide the
        # ellipsis of a cut line and leave it cut mid-word.
        width = self.scrollable_content_region.width
        row = y + self.scroll_offset.y
        index, line = divmod(row, CARD_HEIGHT)
        # Every cell gets the theme's colours: a blank left unstyled shows the terminal's own
        # background, black bands on a light theme (or white ones in a light terminal).
        if not self.cards:
            if row == 0:
                return self._strip(Text(" No jobs here", style=self.get_component_rich_style("card-column--empty")), width)
            return Strip.blank(width, self.rich_style)
        if index >= len(self.cards):
            return Strip.blank(width, self.rich_style)
        if line == CARD_HEIGHT - 1:
            return Strip.blank(width, self.get_component_rich_style("card-column--gap"))
        card = self.cards[index]
        state = ("focused" if self.active else "blurred") if index == self.cursor else ""
        key = (card, line, width, state, self.show_status)
        strip = self._strips.get(key)
        if strip is None:
            base = self.get_component_rich_style("card-column--card")
            if state:
                base = base + self.get_component_rich_style(f"card-column--cursor{'' if state == 'focused' else '-blurred'}")
            strip = self._strips[key] = self._strip(self._card_line(card, line), width, base)
        return strip

    def notify_style_update(self) -> None:
        """The theme changed: rendered lines carry old colours."""
        self._strips.clear()
        super().notify_style_update()

    def _card_line(self, card: CardView, line: int) -> Text:
        mark = "● " if card.marked else ""
        if line == 0:
            text = Text(f" {mark}{printable(card.name)}", style="bold")
            if card.marked:
                text.stylize(self._ink("card-column--marked"), 0, len(mark) + 1)
            return text
        if line == 1:
            return Text(f" #{card.job_id} · {printable(card.account)}", style=self._ink("card-column--meta"))
        text = Text(" ")
        if card.initials:
            text.append(card.initials, style=self._ink("card-column--meta"))
            text.append(" ")
        if card.due:
            due_style = self._ink("card-column--overdue" if card.overdue else "card-column--meta")
            text.append(f"{'overdue ' if card.overdue else 'due '}{card.due:%b %d}", style=due_style)
            text.append(" ")
        if self.show_status:
            if card.visible and card.status and card.color:
                text.append(f" {printable(card.status)} ", style=status_style(card.color, self.app.theme_variables))
            else:
                text.append("hidden", style=self._ink("card-column--hidden"))
        return text

    def _ink(self, component: str) -> Style:
        """A component's own colour and text style, without a background: on the cursor's card
        the cursor's background shows behind the muted and overdue words too."""
        style = self.get_component_rich_style(component)
        return Style(color=style.color, bold=style.bold, italic=style.italic)

    def _strip(self, text: Text, width: int, base: Style | None = None) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        console = self.app.console
        # ``Text.render`` leaves out the text's own style (the account line's muted colour): put it back.
        segments = list(Segment.apply_style(text.render(console), style=console.get_style(text.style)))
        strip = Strip(segments, width)
        return strip.apply_style(base) if base else strip

