"""The job list's table, drawn line by line: 10 000 rows cost what the screen shows.

Textual's DataTable builds a row object per job and re-measures columns on every
change: 0.4 s to add 10 000 rows and 4 s to replace them with 5 000 (measured with
Textual 8.2.8). A filter keystroke has 100 ms, so this table keeps a plain list of
``JobRow`` and renders only the lines on screen. The first line is the header; it
stays put while the rows scroll under it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from wipboard.tui.kit.job_rows import Column, ColumnKey, JobRow, LazyRows, RowMaker, fit_columns
from wipboard.tui.kit.terminal_text import printable
from wipboard.tui.kit.theme_colors import status_color

HEADER = 1
MARK_WIDTH = 2


# No ScrollView bindings: arrows, page up/down, home and end reach the screen and move the cursor, not the scroll.
class JobTable(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows of jobs with a cursor, marks shown in the first cell, and a sortable header."""

    COMPONENT_CLASSES = {
        "job-table--header",
        "job-table--cursor",
        "job-table--marked",
        "job-table--hidden",
        "job-table--overdue",
        "job-table--empty",
    }

    cursor: reactive[int] = reactive(0, always_update=True)

    class HeaderClicked(Message):
        def __init__(self, key: ColumnKey) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, is_marked: Callable[[int], bool], id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.rows = LazyRows([], RowMaker())
        self.is_marked = is_marked
        self.sort_key: ColumnKey = "id"
        self.descending = False
        self.today: date | None = None  # overdue from this day on
        self.empty_text = "No jobs match."
        self._layout: list[tuple[Column, int]] = []
        self._index: dict[int, int] | None = None

    # --- Data -----------------------------------------------------------------------

    def set_rows(self, rows: LazyRows, keep_job_id: int | None = None) -> None:
        """Show ``rows``, the cursor on ``keep_job_id`` if it is among them, else on the same line."""
        self.rows = rows
        self._index = None
        found = self.index_of(keep_job_id)
        cursor = found if found is not None else min(self.cursor, max(0, len(rows) - 1))
        self.virtual_size = Size(self.size.width, len(rows) + HEADER)
        self.set_reactive(JobTable.cursor, cursor)
        self._scroll_to_cursor()
        self.refresh()

    def index_of(self, job_id: int | None) -> int | None:
        if job_id is None:
            return None
        if self._index is None:
            self._index = {job_id: index for index, job_id in enumerate(self.rows.job_ids)}
        return self._index.get(job_id)

    @property
    def current_job_id(self) -> int | None:
        return self.rows.job_ids[self.cursor] if self.rows and self.cursor < len(self.rows) else None

    def refresh_row(self, job_id: int) -> None:
        index = self.index_of(job_id)
        if index is not None:
            self._repaint_row(index)

    # --- Cursor -----------------------------------------------------------------------

    def move_cursor(self, delta: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def cursor_to(self, index: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, index))

    @property
    def page(self) -> int:
        return max(1, self.size.height - HEADER - 1)

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self._repaint_row(old)
        self._repaint_row(new)

    def _scroll_to_cursor(self) -> None:
        top = self.scroll_offset.y
        visible = max(1, self.size.height - HEADER)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    def _repaint_row(self, index: int) -> None:
        """Repaint the screen line showing row ``index``, if it is on screen (never the header)."""
        y = index + HEADER - self.scroll_offset.y
        if HEADER <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def on_resize(self, _event: events.Resize) -> None:
        self._layout = fit_columns(self.size.width - MARK_WIDTH)
        self.virtual_size = Size(self.size.width, len(self.rows) + HEADER)

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = MARK_WIDTH
            for column, width in self._layout:
                if x <= event.x < x + width + 1:
                    self.post_message(self.HeaderClicked(column.key))
                    return
                x += width + 1
            return
        index = event.y - HEADER + self.scroll_offset.y
        if 0 <= index < len(self.rows):
            self.cursor = index

    @property
    def shown_columns(self) -> list[ColumnKey]:
        return [column.key for column, _ in self._layout]

    # --- Drawing --------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if not self._layout:
            self._layout = fit_columns(width - MARK_WIDTH)
        if y == 0:
            return self._header(width)
        index = y - HEADER + self.scroll_offset.y
        if not self.rows:
            if y == HEADER:
                style = self.get_component_rich_style("job-table--empty")
                return Strip([Segment(set_cell_size(f"  {self.empty_text}", width), style)], width)
            return Strip.blank(width, self.rich_style)
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        return self._row(self.rows[index], index == self.cursor, width)

    def _header(self, width: int) -> Strip:
        style = self.get_component_rich_style("job-table--header")
        segments = [Segment(" " * MARK_WIDTH, style)]
        for column, column_width in self._layout:
            arrow = (" ▼" if self.descending else " ▲") if column.key == self.sort_key else ""
            title = _fit(column.title, column_width - cell_len(arrow), right=column.right) + arrow
            segments.append(Segment(title + " ", style))
        return Strip(segments, width).extend_cell_length(width, style).crop(0, width)

    def _row(self, row: JobRow, is_cursor: bool, width: int) -> Strip:
        base = self.rich_style
        if is_cursor:
            base = base + self.get_component_rich_style("job-table--cursor")
        marked = self.is_marked(row.job_id)
        mark_style = base + self._ink("job-table--marked") if marked else base
        segments = [Segment("● " if marked else "  ", mark_style)]
        for column, column_width in self._layout:
            segments.extend(self._cell(row, column, column_width, base))
            segments.append(Segment(" ", base))
        return Strip(segments, width).extend_cell_length(width, base).crop(0, width)

    def _ink(self, component: str) -> Style:
        """A component's colour and text style without its background: on the cursor's row
        the cursor's background shows behind the overdue date and *hidden* too."""
        style = self.get_component_rich_style(component)
        return Style(color=style.color, bold=style.bold, italic=style.italic)

    def _cell(self, row: JobRow, column: Column, width: int, base: Style) -> list[Segment]:
        key = column.key
        if key == "status":
            if row.put_away and row.visible:
                return [Segment(_longest_that_fits(_not_shown(row), width), base + self._ink("job-table--hidden"))]
            if row.visible and row.status and row.color:
                swatch = Style(color=status_color(row.color, self.app.theme_variables))
                return [Segment("■ ", base + swatch), Segment(_fit(row.status, width - 2), base)]
            return [Segment(_fit("hidden", width), base + self._ink("job-table--hidden"))]
        if key == "due":
            if row.due is None:
                return [Segment(" " * width, base)]
            overdue = self.today is not None and row.due < self.today and not row.finished
            style = base + self._ink("job-table--overdue") if overdue else base
            return [Segment(_fit(row.due.isoformat(), width), style)]
        if key == "changed":
            return [Segment(_fit(row.changed.strftime("%Y-%m-%d") if row.changed else "", width), base)]
        if key == "id":
            return [Segment(str(row.job_id).rjust(width)[-width:], base)]
        return [Segment(_fit(getattr(row, key), width), base)]


def _not_shown(row: JobRow) -> list[str]:
    """What the status cell says of a job the client would see, were it not archived or in the trash."""
    return [
        f"{row.status} — not shown while {row.put_away}" if row.status else "",
        f"not shown while {row.put_away}",
        f"not shown ({row.put_away})",
        "not shown",
    ]


def _longest_that_fits(texts: list[str], width: int) -> str:
    fitting = next((text for text in texts if text and cell_len(printable(text)) <= width), texts[-1])
    return _fit(fitting, width)


def _fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` in exactly ``width`` cells, its control characters shown: cut with an ellipsis, or padded."""
    if width <= 0:
        return ""
    text = printable(text)
    if cell_len(text) <= width:
        return " " * (width - cell_len(text)) + text if right else set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"
