"""``f``: filter by client-facing status (several), visibility, account, assignee and due date —
and, in the job list, by pipeline and stage (R10)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, Select, SelectionList

from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.screen import WipboardModal
from wipboard.tui.kit.view_filter import DUE_LABELS, Due, ViewFilter
from wipboard.tui.kit.widgets.tick_list import TickList

if TYPE_CHECKING:
    from wipboard.tui.shell.app import WipboardApp

Value = TypeVar("Value")


def ask_filter(
    app: WipboardApp, current: ViewFilter, apply: Callable[[ViewFilter], None], *,
    title: str = "Filter the board", with_stages: bool = False,
) -> None:
    """The panel over the board or the list; ``apply`` runs with the filter chosen, not on cancel."""

    def chosen(picked: ViewFilter | None) -> None:
        if picked is not None:
            apply(picked)

    app.push_screen(FilterPanel(current, title=title, with_stages=with_stages), chosen)


class FilterPanel(WipboardModal[ViewFilter]):
    """Dismisses with the chosen filter, or None to keep the current one."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="filter_cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filter_apply"),
    ]

    def __init__(self, current: ViewFilter, *, title: str = "Filter the board", with_stages: bool = False) -> None:
        super().__init__()
        self.current = current
        self.title_text = title
        self.with_stages = with_stages  # the job list spans pipelines; the board is one already

    def compose(self) -> ComposeResult:
        snapshot = self.session.snapshot()
        statuses = sorted(snapshot.statuses.values(), key=lambda item: item.position)
        accounts = sorted(snapshot.accounts.values(), key=lambda item: item.name.casefold())
        with VerticalScroll(classes="dialog filters compact-form"):
            yield Label(self.title_text, classes="title")
            if self.with_stages:
                pipelines = sorted(snapshot.pipelines.values(), key=lambda item: item.position)
                with Horizontal(classes="form-row"):
                    yield Label("Pipeline")
                    yield Select(
                        [(literal(pipeline.name), pipeline.id) for pipeline in pipelines], prompt="Any pipeline", compact=True,
                        value=self.current.pipeline_id if self.current.pipeline_id in snapshot.pipelines else Select.NULL,
                        id="pipeline",
                    )
                with Horizontal(classes="form-row"):
                    yield Label("Stage")
                    yield Select(
                        self._stage_options(self.current.pipeline_id), prompt="Any stage", compact=True,
                        value=self.current.stage_id if self.current.stage_id is not None else Select.NULL, id="stage",
                    )
            with Horizontal(classes="form-row statuses-row"):
                yield Label("Client-facing status\n[dim]space ticks several[/]")
                yield TickList[int](
                    *(
                        (f"[$status-{status.color}]■[/] {literal(status.name)}", status.id, status.id in self.current.status_ids)
                        for status in statuses
                    ),
                    compact=True,
                    id="statuses",
                )
            with Horizontal(classes="form-row"):
                yield Label("Visibility for client")
                yield Select(
                    [("Shown to the client", True), ("Hidden from the client", False)], compact=True,
                    prompt="Shown or hidden", value=self.current.visible if self.current.visible is not None else Select.NULL,
                    id="visible",
                )
            with Horizontal(classes="form-row"):
                yield Label("Account")
                yield Select(
                    [(literal(account.name), account.id) for account in accounts], prompt="Any account", compact=True,
                    value=self.current.account_id if self.current.account_id is not None else Select.NULL, id="account",
                )
            with Horizontal(classes="form-row"):
                yield Label("Assignee")
                yield Select(
                    [(literal(user.name), user.login) for user in snapshot.users.values()], prompt="Anyone", compact=True,
                    value=self.current.assignee or Select.NULL, id="assignee",
                )
            with Horizontal(classes="form-row"):
                yield Label("Due")
                yield Select(
                    [(label.capitalize(), due) for due, label in DUE_LABELS.items()], prompt="Any due date", compact=True,
                    value=self.current.due or Select.NULL, id="due",
                )
            with Horizontal(classes="buttons"):
                yield Button("Apply (ctrl+s)", variant="primary", compact=True, id="apply")
                yield Button("Clear all", compact=True, id="clear")
                yield Button("Cancel (esc)", compact=True, id="cancel")

    def _stage_options(self, pipeline_id: int | None) -> list[tuple[str, int]]:
        snapshot = self.session.snapshot()
        pipelines = sorted(snapshot.pipelines.values(), key=lambda item: item.position)
        return [
            (literal(f"{pipeline.name} · {stage.name}" if pipeline_id is None else stage.name), stage.id)
            for pipeline in pipelines
            if pipeline_id is None or pipeline.id == pipeline_id
            for stage in pipeline.stages
        ]

    @on(Select.Changed, "#pipeline")
    def pipeline_chosen(self, event: Select.Changed) -> None:
        """The stage list follows the pipeline; a stage of another pipeline is let go."""
        pipeline_id = event.value if isinstance(event.value, int) else None
        stages = self.query_one("#stage", Select)
        kept = stages.value
        options = self._stage_options(pipeline_id)
        stages.set_options(options)
        if kept is not Select.NULL and any(value == kept for _, value in options):
            stages.value = kept

    def on_mount(self) -> None:
        self.query_one("#statuses", SelectionList).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_apply()
        elif event.button.id == "clear":
            self.dismiss(ViewFilter(text=self.current.text))
        else:
            self.dismiss(None)

    def chosen(self, widget_id: str, kind: type[Value]) -> Value | None:
        """What the Select ``widget_id`` holds, None for its prompt ("Any …")."""
        value = self.query_one(widget_id, Select).value
        return value if isinstance(value, kind) else None

    def action_apply(self) -> None:
        due = self.chosen("#due", str)
        statuses: SelectionList[int] = self.query_one("#statuses", SelectionList)
        self.dismiss(
            ViewFilter(
                status_ids=tuple(statuses.selected),
                visible=self.chosen("#visible", bool),
                account_id=self.chosen("#account", int),
                assignee=self.chosen("#assignee", str),
                pipeline_id=self.chosen("#pipeline", int) if self.with_stages else None,
                stage_id=self.chosen("#stage", int) if self.with_stages else None,
                due=_due(due),
                text=self.current.text,
            )
        )


def _due(value: str | None) -> Due | None:
    if value == "overdue":
        return "overdue"
    if value == "this_week":
        return "this_week"
    return None
