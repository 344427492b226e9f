"""The filters of the board and the job list (R10): what is chosen, as a JobFilter for the
services, and in words for the line that keeps them on screen."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from wipboard.store.identity import Actor
from wipboard.store.repository import Snapshot
from wipboard.store.services.queries import JobFilter
from wipboard.store.wording import counted, number
from wipboard.tui.kit.markup import literal

Due = Literal["overdue", "this_week"]
View = Literal["active", "archived", "trash"]
DUE_LABELS: dict[str, str] = {"overdue": "overdue", "this_week": "due this week"}


@dataclass(frozen=True)
class ViewFilter:
    status_ids: tuple[int, ...] = ()
    visible: bool | None = None
    account_id: int | None = None
    assignee: str | None = None
    pipeline_id: int | None = None  # the job list's; the board always shows one pipeline
    stage_id: int | None = None
    due: Due | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return self != ViewFilter()

    def with_text(self, text: str) -> ViewFilter:
        return replace(self, text=text)

    def existing_in(self, snapshot: Snapshot) -> ViewFilter:
        """This filter without what no longer exists (a status, account, pipeline or stage deleted
        by someone else): a stale filter would otherwise refuse every reload."""
        stages = {stage.id: pipeline.id for pipeline in snapshot.pipelines.values() for stage in pipeline.stages}
        pipeline_id = self.pipeline_id if self.pipeline_id in snapshot.pipelines else None
        stage_id = self.stage_id if self.stage_id in stages and (pipeline_id is None or stages[self.stage_id] == pipeline_id) else None
        return replace(
            self,
            status_ids=tuple(status_id for status_id in self.status_ids if status_id in snapshot.statuses),
            account_id=self.account_id if self.account_id in snapshot.accounts else None,
            pipeline_id=pipeline_id,
            stage_id=stage_id,
        )

    def as_job_filter(self, pipeline_id: int | None = None, *, view: View = "active", today: date | None = None) -> JobFilter:
        """``pipeline_id`` (the board's) wins over the filter's own."""
        return JobFilter(
            pipeline=pipeline_id if pipeline_id is not None else self.pipeline_id,
            stage=self.stage_id,
            statuses=list(self.status_ids),
            visible=self.visible,
            account=self.account_id,
            assignee=self.assignee,
            text=self.text or None,
            due=self.due,
            today=today,
            archived=view == "archived",
            deleted=view == "trash",
        )

    def describe(
        self, snapshot: Snapshot, shown: int, *, total: int | None = None, hint: str = "", actor: Actor | None = None
    ) -> str:
        """'124 of 10 000 jobs · status In review, On hold · hidden only · text "rivera"' — always on screen;
        for someone who sees only the jobs assigned to her, '17 jobs assigned to you'."""
        count = f"{number(shown)} of {counted(total, 'job')}" if total is not None else counted(shown, "job")
        parts = [count + (" assigned to you" if actor is not None and sees_only_assigned(actor) else "")]
        if self.pipeline_id is not None and self.pipeline_id in snapshot.pipelines:
            parts.append(literal(snapshot.pipelines[self.pipeline_id].name))
        if self.stage_id is not None:
            stage = next(
                (stage for pipeline in snapshot.pipelines.values() for stage in pipeline.stages if stage.id == self.stage_id), None
            )
            parts.append(f"stage {literal(stage.name) if stage else '?'}")
        if self.status_ids:
            names = [literal(snapshot.statuses[i].name) for i in self.status_ids if i in snapshot.statuses]
            parts.append("status " + ", ".join(names))
        if self.visible is not None:
            parts.append("shown to client" if self.visible else "hidden from client")
        if self.account_id is not None and self.account_id in snapshot.accounts:
            parts.append(f"account {literal(snapshot.accounts[self.account_id].name)}")
        if self.assignee:
            parts.append(f"assignee {literal(self.assignee)}")
        if self.due:
            parts.append(DUE_LABELS[self.due])
        if self.text:
            parts.append(f'text "{literal(self.text)}"')
        if len(parts) == 1:
            return parts[0] + (f" · [dim]{hint}[/]" if hint else "")
        return " · ".join(parts) + " · [dim]esc clears[/]"


def sees_only_assigned(actor: Actor) -> bool:
    """An employee whose access is to the jobs assigned to her: every count she reads is of those."""
    return not actor.is_manager and actor.user is not None and actor.user.job_access == "assigned"
