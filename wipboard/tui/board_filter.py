"""The filters of the board (R10): what is chosen, as a JobFilter for the services, and in words."""

from __future__ import annotations

from dataclasses import dataclass, replace

from wipboard.store.repository import Snapshot
from wipboard.store.services.queries import JobFilter


@dataclass(frozen=True)
class BoardFilter:
    status_ids: tuple[int, ...] = ()
    visible: bool | None = None
    account_id: int | None = None
    assignee: str | None = None
    stage_id: int | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return self != BoardFilter()

    def with_text(self, text: str) -> BoardFilter:
        return replace(self, text=text)

    def as_job_filter(self, pipeline_id: int) -> JobFilter:
        return JobFilter(
            pipeline=pipeline_id,
            stage=self.stage_id,
            statuses=list(self.status_ids),
            visible=self.visible,
            account=self.account_id,
            assignee=self.assignee,
            text=self.text or None,
        )

    def describe(self, snapshot: Snapshot, shown: int) -> str:
        """'124 jobs · status In review, On hold · hidden only · text "rivera"' — always on screen."""
        parts = [f"{shown} job{'s' if shown != 1 else ''}"]
        if self.status_ids:
            names = [snapshot.statuses[i].name for i in self.status_ids if i in snapshot.statuses]
            parts.append("status " + ", ".join(names))
        if self.visible is not None:
            parts.append("shown to client" if self.visible else "hidden from client")
        if self.account_id is not None and self.account_id in snapshot.accounts:
            parts.append(f"account {snapshot.accounts[self.account_id].name}")
        if self.assignee:
            parts.append(f"assignee {self.assignee}")
        if self.text:
            parts.append(f'text "{self.text}"')
        if len(parts) == 1:
            return parts[0] + " · [dim]/ search · f filter · p pipeline · ? help[/]"
        return " · ".join(parts) + " · [dim]esc clears[/]"
