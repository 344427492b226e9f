"""Drive the job list the way a user does (keys, clicks) and read it the way a user does (rows, summary line)."""

from __future__ import annotations

import re

from app_pilot import AppPilot
from rich.text import Text
from screen_reading import screen_text
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Select, SelectionList, Static

from wipboard.screens.bulk_edit import BulkEditScreen
from wipboard.screens.job_list import JobListScreen
from wipboard.tui.kit.widgets.job_table import JobTable

SMALL = (80, 24)


class ListPilot(AppPilot):
    POLL = 0.02

    @classmethod
    async def open(cls, pilot: Pilot[None]) -> ListPilot:
        """``2`` from the board, then wait until the table is laid out and filled."""
        job_list = cls(pilot)
        await job_list.press("2")
        await job_list.wait_until(
            lambda: (
                isinstance(job_list.app.screen, JobListScreen)
                and bool(job_list.table.rows)
                and job_list.table.size.width > 0
            ),
            "the job list never filled",
        )
        return job_list

    # --- Reading ----------------------------------------------------------------------

    @property
    def screen(self) -> JobListScreen:
        lists = [screen for screen in self.app.screen_stack if isinstance(screen, JobListScreen)]
        assert len(lists) == 1, f"expected one job list in {self.app.screen_stack}"
        return lists[0]

    @property
    def table(self) -> JobTable:
        return self.screen.table

    def ids(self) -> list[int]:
        """The job ids of the rows, in the order shown."""
        rows = self.table.rows
        job_ids = getattr(rows, "job_ids", None)  # the table's lazy rows know their ids without making each row
        return list(job_ids) if job_ids is not None else [row.job_id for row in rows]

    @property
    def current(self) -> int | None:
        return self.screen.current_job_id()

    @property
    def marked(self) -> set[int]:
        return set(self.screen.marked)

    def _static(self, selector: str) -> str:
        content = self.screen.query_one(selector, Static).content
        if isinstance(content, Text):
            return content.plain
        return Content.from_markup(str(content)).plain if isinstance(content, str) else str(content)

    def summary(self) -> str:
        """The line under the view tabs: '21 of 196 jobs · status In review · esc clears'."""
        return self._static("#filter-summary")

    def marked_count(self) -> str:
        """'3 marked', '3 marked (2 not shown by the filter)' or ''."""
        return self._static("#marked-count")

    def header(self) -> str:
        return self.table.render_line(0).text

    def sort_arrow(self) -> str:
        """'Due ▲': the title of the column the header marks as sorted, and its arrow."""
        found = re.search(r"(\S[^▲▼]*?)\s*([▲▼])", self.header())
        assert found is not None, f"no sort arrow in {self.header()!r}"
        title = found.group(1).split("  ")[-1].strip()
        return f"{title} {found.group(2)}"

    def row_text(self, job_id: int) -> str:
        """The line the table draws for ``job_id``, whether or not it is scrolled into view."""
        index = self.table.index_of(job_id)
        assert index is not None, f"#{job_id} is not in the list"
        return self.table._row(self.table.rows[index], index == self.table.cursor, self.table.size.width).text

    def dialog_text(self) -> str:
        """The words inside the top modal's ``.dialog`` box as one line, wrapped lines joined up."""
        region = self.top.query_one(".dialog").region
        lines = screen_text(self.app).splitlines()[region.y : region.bottom]
        inside = " ".join(line[region.x : region.right] for line in lines)
        return " ".join(inside.translate(str.maketrans("", "", "█▀▄▔▁▌▐▊▎")).split())

    # --- Acting -----------------------------------------------------------------------

    async def go_to(self, job_id: int) -> None:
        """Put the cursor on ``job_id`` with pagedown/pageup and j/k, as a user would."""
        target = self.table.index_of(job_id)
        assert target is not None, f"#{job_id} is not in the list"
        here, page = self.table.cursor, self.table.page
        distance = target - here
        pages, rest = divmod(abs(distance), page)
        step, line = ("pagedown", "j") if distance > 0 else ("pageup", "k")
        await self.press(*[step] * pages, *[line] * rest)
        assert self.current == job_id, f"the cursor is on #{self.current}, not #{job_id}"

    async def mark(self, *job_ids: int) -> None:
        """``space`` on each job (space marks, then steps down)."""
        for job_id in job_ids:
            was = job_id in self.screen.marked
            await self.go_to(job_id)
            await self.press("space")
            assert (job_id in self.screen.marked) != was

    async def filter_panel(
        self,
        *,
        pipeline: str | None = None,
        stage: str | None = None,
        statuses: tuple[str, ...] = (),
        visible: str | None = None,
        account: str | None = None,
        assignee: str | None = None,
        due: str | None = None,
    ) -> None:
        """``f``, each given field chosen with the keys (arrows; the account by typing its name), ``ctrl+s``."""
        from wipboard.screens.filter_panel import FilterPanel

        await self.press("f")
        panel = self.top
        assert isinstance(panel, FilterPanel)
        for widget_id, label in [
            ("#pipeline", pipeline),
            ("#stage", stage),
            ("#visible", visible),
            ("#account", account),
            ("#assignee", assignee),
            ("#due", due),
        ]:
            if label is not None:
                await self.choose(panel.query_one(widget_id, Select), label, typing=widget_id == "#account")
        if statuses:
            await self.tick(panel.query_one("#statuses", SelectionList), *statuses)
        await self.press("ctrl+s")
        assert isinstance(self.top, JobListScreen), "the filter panel did not close"

    async def choose(self, select: Select[object], label: str, *, typing: bool = False) -> None:
        """Focus ``select``, open it with enter, go to the first option whose label contains ``label``, enter.

        With the arrow keys; ``typing=True`` types ``label`` instead (Select's type-to-search),
        for long lists such as the accounts."""
        select.focus()
        await self.press("enter")
        if typing:
            await self.type(label)
        else:
            options = select._options  # (label, value), the prompt first when the Select may be blank
            target = next(index for index, (prompt, _) in enumerate(options) if label in str(prompt))
            here = next((index for index, (_, value) in enumerate(options) if value == select.value), 0)
            await self.press(*(["down"] * (target - here) if target >= here else ["up"] * (here - target)))
        await self.press("enter")
        assert select.value is not Select.NULL, f"nothing chosen for {label!r} in #{select.id}"

    async def tick(self, options: SelectionList[object], *labels: str) -> None:
        """Move the highlight to each label in ``options`` (up/down) and press space."""
        options.focus()
        await self.pilot.pause()
        for label in labels:
            index = next(i for i in range(options.option_count) if label in str(options.get_option_at_index(i).prompt))
            here = options.highlighted or 0
            await self.press(*(["down"] * (index - here) if index >= here else ["up"] * (here - index)), "space")

    async def wait_for_rows(self, expected: list[int], what: str = "the rows") -> None:
        await self.wait_until(lambda: self.ids() == expected, f"{what}: not {expected[:12]}…")


async def bulk_form(job_list: ListPilot, *, visibility: str | None = None, status: str | None = None) -> BulkEditScreen:
    """``e`` on the marked jobs, then visibility and status chosen with the keys."""
    await job_list.press("e")
    form = job_list.top
    assert isinstance(form, BulkEditScreen), form
    if visibility is not None:
        await job_list.choose(form.query_one("#visibility", Select), visibility)
    if status is not None:
        await job_list.choose(form.query_one("#status", Select), status)
    return form
