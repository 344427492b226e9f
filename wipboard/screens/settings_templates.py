"""Settings tab: job templates — where a job made from each starts (pipeline · entry stage), its
default name, and its client-status preset: shown with a status, or hidden (R1).

Owner and admin create (``n``), edit (``e``/``enter``) and delete (``d``) them; an employee
sees the list, no change keys, and the reason (R12).
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import DataTable

from wipboard.store.errors import StoreError
from wipboard.store.models import JobTemplate
from wipboard.store.refusals import describe_refusal
from wipboard.store.services.templates import delete_template
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.settings_pane import TablePane
from wipboard.tui.kit.widgets.status_badge import status_badge

READ_ONLY = "Only the owner and admins change job templates."
HINT = "New jobs start in the template's stage, shown to the client or hidden."
CHANGE_ACTIONS = frozenset({"new", "edit", "delete"})
COLUMNS = ("Template", "Starts in", "Job name", "Client status")


class TemplatesPane(TablePane):
    CHANGE_ACTIONS = CHANGE_ACTIONS
    READ_ONLY = READ_ONLY
    HINT = HINT
    NAME = "templates"
    BINDINGS = [
        Binding("n", "new", "New", id="template_new"),
        Binding("e", "edit", "Edit", id="template_edit"),
        Binding("d", "delete", "Delete", id="template_delete"),
    ]

    def __init__(self) -> None:
        super().__init__(id="templates-pane")

    # --- Showing --------------------------------------------------------------------

    def ordered(self) -> list[JobTemplate]:
        if self.snapshot is None:
            return []
        return sorted(self.snapshot.job_templates.values(), key=lambda item: (item.name.casefold(), item.id))

    def current_template(self) -> JobTemplate | None:
        template_id = self.current_id()
        return self.snapshot.job_templates.get(template_id) if self.snapshot and template_id else None

    def fill(self, keep_id: int | None) -> None:
        """Re-draw every row from the snapshot; the cursor stays on ``keep_id`` if it still exists,
        else on the same line. Long texts are cut so the four columns fit the width."""
        assert self.snapshot is not None
        table: DataTable[Text] = self.query_one(DataTable)
        line = table.cursor_row
        templates = self.ordered()
        rows = [self._cells(template) for template in templates]
        lengths = [[len(name), len(starts[0]) + 3 + len(starts[1]), len(job_name), len(preset)]
                   for name, starts, job_name, preset in rows]
        # The name and the preset are what a person scans for: they keep their width (up to a
        # point); the pipeline's and the job's names give way first.
        longest = [max([len(label), *(row[index] for row in lengths)]) for index, label in enumerate(COLUMNS)]
        minimums = [min(longest[0], 24), min(longest[1], 16), min(longest[2], 10), min(longest[3], 24)]
        widths = _fit(lengths, minimums, self.size.width - 10)
        table.clear(columns=True)
        for label, width in zip(COLUMNS, widths, strict=True):
            table.add_column(label, width=width)
        for template, (name, (pipeline, stage), job_name, preset) in zip(templates, rows, strict=True):
            cells = [Text(name, end=""), _starts(pipeline, stage, widths[1]), Text(job_name, end=""), preset]
            for cell, width in zip(cells, widths, strict=True):
                cell.truncate(width, overflow="ellipsis")
            table.add_row(*cells, key=str(template.id))
        ids = [template.id for template in templates]
        if keep_id in ids:
            line = ids.index(keep_id)
        if ids:
            table.move_cursor(row=min(line, len(ids) - 1), animate=False)

    def _cells(self, template: JobTemplate) -> tuple[str, tuple[str, str], str, Text]:
        """Name, (pipeline, entry stage), default job name and the preset's summary."""
        assert self.snapshot is not None
        pipeline = self.snapshot.pipelines.get(template.pipeline_id)
        stage = pipeline.stage(template.stage_id) if pipeline else None
        starts = (pipeline.name if pipeline else "?", stage.name if stage else "?")
        return template.name, starts, template.job_name, self._preset(template)

    def _preset(self, template: JobTemplate) -> Text:
        """'shows  Planned ' with the status's badge, or 'hidden'."""
        assert self.snapshot is not None
        preset = template.client_status
        if not preset.visible:
            return Text("hidden", style="dim", no_wrap=True, end="")
        status = self.snapshot.statuses.get(preset.status_id) if preset.status_id else None
        text = Text("shows ", no_wrap=True, end="")
        text.append_text(status_badge(status) if status else Text("a deleted status", style="bold red"))
        return text

    def on_resize(self, event: Resize) -> None:
        if self.snapshot is not None:
            self.fill(self.current_id())

    # --- Acting ---------------------------------------------------------------------

    def action_new(self) -> None:
        from wipboard.screens.template_form import TemplateFormScreen

        self.app.push_screen(TemplateFormScreen(), self.saved)

    def action_edit(self) -> None:
        from wipboard.screens.template_form import TemplateFormScreen

        template = self.current_template()
        if template is not None:
            self.app.push_screen(TemplateFormScreen(template), self.saved)

    def action_delete(self) -> None:
        from wipboard.screens.confirm import ConfirmScreen

        template = self.current_template()
        if template is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            session = self.session
            try:
                delete_template(session.repo, session.actor, template.id)
            except StoreError as error:
                self.app.notify(describe_refusal(error), severity="error", timeout=8)
                return
            self.app.notify(f"Deleted job template {template.name!r}")
            self.reload_after_change()

        question = f"Delete job template {template.name!r}? Its jobs stay."
        # ConfirmScreen reads markup; a template name may hold "[".
        self.app.push_screen(ConfirmScreen(literal(question), "Delete"), confirmed)


def _starts(pipeline: str, stage: str, width: int) -> Text:
    """'Individual tax… · Intake': the pipeline's name is cut first, the stage is what differs."""
    room = width - len(stage) - 3
    if len(pipeline) > room >= 4:
        pipeline = pipeline[: room - 1] + "…"
    return Text(f"{pipeline} · {stage}", end="")


def _fit(lengths: list[list[int]], minimums: list[int], room: int) -> list[int]:
    """Column widths: each column's longest cell, then the widest ones cut until they fit ``room``
    (never below its minimum)."""
    widths = [max([minimum, *(row[index] for row in lengths)]) for index, minimum in enumerate(minimums)]
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda index: widths[index] - minimums[index])
        if widths[widest] <= minimums[widest]:
            break
        widths[widest] -= 1
    return widths
