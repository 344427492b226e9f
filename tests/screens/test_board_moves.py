"""A move's outcome is data (``JobMove``: moved or already there, the automations' effects),
put into words once (``describe_move``) for the board, the list and the command line; a
refusal says "Nothing was changed" once (R4)."""

from __future__ import annotations

from firms import DemoFirm

from wipboard.store.rules import Problem
from wipboard.store.services.moves import AutomationProblem, describe_move, move_jobs
from wipboard.tui.kit.operations import refusal_text

INTAKE, REVIEW = 1, 4


def test_r4_a_move_reports_each_job_moved_or_left_with_its_automations_effects(demo: DemoFirm) -> None:
    in_intake = demo.pick(stage=INTAKE, tags={"individual"})  # Review shows "In review" to individuals
    in_review = demo.pick(stage=REVIEW)
    result = move_jobs(demo.repo, demo.actor(), [in_intake.id, in_review.id], REVIEW, via="cli")
    assert [move.job_id for move in result.moved] == [in_intake.id]
    assert [move.job_id for move in result.unchanged] == [in_review.id]
    moved = result.moved[0]
    assert moved.stage == "Review" and moved.automations_ran and moved.effects == ("client status → In review",)
    assert result.messages == [describe_move(move) for move in result.moves]
    assert result.messages[0] == f"Moved #{in_intake.id} to Review · client status → In review"
    assert result.messages[1] == f"#{in_review.id} is already in Review; nothing to do"


def test_r4_moved_without_automations_says_so_and_carries_no_effects(demo: DemoFirm) -> None:
    job = demo.pick(stage=INTAKE, tags={"individual"})
    result = move_jobs(demo.repo, demo.actor(), [job.id], REVIEW, run_automations_on_entry=False, via="cli")
    assert result.moved[0].effects == () and not result.moved[0].automations_ran
    assert result.messages == [f"Moved #{job.id} to Review · automations skipped"]


def test_r4_an_automation_that_cannot_run_is_refused_saying_nothing_was_changed_once(demo: DemoFirm) -> None:
    snapshot = demo.repo.snapshot()
    job = next(iter(snapshot.jobs.values()))
    stage = snapshot.pipelines[job.pipeline_id].stages[-1]
    problem = Problem(automation_id=7, stage_name=stage.name, reason="names a status that was deleted")
    text = refusal_text(AutomationProblem(job, stage, [problem]))
    assert text.count("Nothing was changed") == 1
    assert text.startswith("Nothing was changed: cannot move") and text.endswith("or move without automations")
