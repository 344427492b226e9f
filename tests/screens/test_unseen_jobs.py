"""R12/R13 on screen: an employee's screens name no job she may not see — not even the palette."""

from __future__ import annotations

from board_pilot import SMALL, BoardPilot
from firms import DemoFirm
from textual.command import CommandList, CommandPalette

from wipboard.screens.job_card import JobCardScreen


async def test_r12_the_palette_offers_an_employee_only_the_jobs_she_may_see(demo: DemoFirm) -> None:
    snapshot = demo.repo.snapshot()
    hers = {job.id for job in snapshot.jobs.values() if "dana" in job.assignees and not job.deleted}
    async with demo.app("dana").run_test(size=SMALL) as pilot:
        board = BoardPilot(pilot)
        await board.ready()
        await board.press("ctrl+p")
        assert isinstance(board.top, CommandPalette)
        await board.type("#")  # job entries read "#3 Payroll … · Maple St Bakery"
        commands = board.top.query_one(CommandList)
        await board.wait_until(lambda: commands.option_count > 0, "the palette found nothing")
        prompts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        offered = {int(prompt[1:].split()[0]) for prompt in prompts if prompt.startswith("#")}
        assert offered and offered <= hers


async def test_r13_the_card_of_a_job_she_may_not_see_reads_like_the_card_of_no_job(demo: DemoFirm) -> None:
    snapshot = demo.repo.snapshot()
    unseen = next(job for job in snapshot.jobs.values() if "dana" not in job.assignees)
    texts = []
    async with demo.app("dana").run_test(size=SMALL) as pilot:
        board = BoardPilot(pilot)
        await board.ready()
        for job_id in (unseen.id, 99_999):
            pilot.app.push_screen(JobCardScreen(job_id))
            await pilot.pause()
            card = pilot.app.screen
            assert isinstance(card, JobCardScreen)
            shown = " | ".join(str(widget.render()) for widget in card.query("#card Label, #card Static"))
            texts.append(shown.replace(f"#{job_id}", "#N"))
            await board.press("escape")
    assert texts[0] == texts[1]
    assert "There is no job #N among the jobs you may see." in texts[0]
    assert unseen.name not in texts[0]
