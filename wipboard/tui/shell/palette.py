"""``ctrl+p``: every action of the app, and a quick way to any pipeline, job or status."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from wipboard.store.permissions import can_see_job
from wipboard.tui.kit.view_filter import ViewFilter


class WipboardCommands(Provider):
    """Switch pipeline, go to a job, filter by status, new job, undo, preview the portal."""

    def _commands(self) -> list[tuple[str, object, str]]:
        app = self.app
        if not getattr(app, "staff", False):
            return []
        snapshot = app.session.snapshot()  # type: ignore[attr-defined]
        commands: list[tuple[str, object, str]] = [
            ("New job", partial(self._on_board, "action_new_job"), "Add a job to this pipeline"),
            ("Undo", partial(self._on_board, "action_undo"), "Undo your last operation"),
            ("Filter…", partial(self._on_board, "action_filter_panel"), "Status, visibility, account, assignee"),
            ("Preview portal as…", partial(self._preview), "What a client sees"),
            ("Job list", partial(self.app.action_show, "list"), "Every job: filter, mark many, edit their client status at once"),  # type: ignore[attr-defined]
            ("Settings", partial(self.app.action_show, "settings"), "Status templates, job templates, pipelines, people"),  # type: ignore[attr-defined]
        ]
        for pipeline in sorted(snapshot.pipelines.values(), key=lambda item: item.position):
            commands.append((f"Pipeline: {pipeline.name}", partial(self._pipeline, pipeline.id), "Show this pipeline's board"))
        for status in sorted(snapshot.statuses.values(), key=lambda item: item.position):
            commands.append(
                (f"Filter by status: {status.name}", partial(self._status, status.id), "Only jobs showing this status")
            )
        actor = app.session.actor  # type: ignore[attr-defined]
        for job in list(snapshot.jobs.values())[:20000]:
            if not job.deleted and can_see_job(actor, job):  # R12: no name of a job they may not see
                commands.append((f"Job #{job.id} {job.name}", partial(self._job, job.id, job.pipeline_id), "Open its card"))
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands()[:8]:
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)  # type: ignore[arg-type]

    def _board(self):  # noqa: ANN202
        from wipboard.screens.board import BoardScreen

        self.app.action_show("board")  # type: ignore[attr-defined]
        return next(screen for screen in self.app.screen_stack if isinstance(screen, BoardScreen))

    def _on_board(self, method: str) -> None:
        getattr(self._board(), method)()

    def _pipeline(self, pipeline_id: int) -> None:
        self._board().show_pipeline(pipeline_id)

    def _status(self, status_id: int) -> None:
        board = self._board()
        board.filter = ViewFilter(status_ids=(status_id,))
        board.refill()

    def _job(self, job_id: int, pipeline_id: int) -> None:
        from wipboard.screens.job_card import JobCardScreen

        board = self._board()
        if board.pipeline is None or board.pipeline.id != pipeline_id:
            board.show_pipeline(pipeline_id)
        self.app.push_screen(JobCardScreen(job_id))

    def _preview(self) -> None:
        self.app.action_show("portal")  # type: ignore[attr-defined]
        self.app.screen.action_choose_client()  # type: ignore[attr-defined]
