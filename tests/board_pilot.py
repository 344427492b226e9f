"""Drive the board the way a user does (keys) and read it the way a user does (what is on screen)."""

from __future__ import annotations

from app_pilot import AppPilot
from textual.pilot import Pilot
from textual.widgets import OptionList

from wipboard.screens.board import BoardScreen
from wipboard.tui.kit.widgets.card_column import CARD_HEIGHT, CardColumn

SMALL = (80, 24)
LARGE = (160, 48)


class BoardPilot(AppPilot):

    # --- Reading ----------------------------------------------------------------------

    @property
    def screen(self) -> BoardScreen:
        boards = [screen for screen in self.app.screen_stack if isinstance(screen, BoardScreen)]
        assert len(boards) == 1, f"expected one board in {self.app.screen_stack}"
        return boards[0]

    def columns(self) -> list[CardColumn]:
        return list(self.screen.query(CardColumn))

    def column(self, stage_id: int) -> CardColumn:
        return self.screen.query_one(f"#stage-{stage_id}", CardColumn)

    def job_ids(self, stage_id: int) -> list[int]:
        return [card.job_id for card in self.column(stage_id).cards]

    def all_job_ids(self) -> set[int]:
        return {card.job_id for column in self.columns() for card in column.cards}

    def stage_of(self, job_id: int) -> int | None:
        return next((column.stage_id for column in self.columns() if job_id in self.job_ids(column.stage_id)), None)

    @property
    def focused_stage(self) -> int | None:
        column = self.screen.focused_column()
        return column.stage_id if column else None

    @property
    def current_job(self) -> int | None:
        return self.screen.current_job_id()

    def cursor_card_text(self) -> str:
        """The lines the focused column draws for the card under its cursor."""
        column = self.screen.focused_column()
        assert column is not None, "no column has the focus"
        top = column.cursor * CARD_HEIGHT - column.scroll_offset.y
        assert 0 <= top < column.size.height, "the cursor's card is scrolled out of view"
        return "\n".join(column.render_line(top + line).text for line in range(CARD_HEIGHT - 1))

    # --- Acting -----------------------------------------------------------------------

    async def ready(self) -> None:
        """Wait until the columns are laid out and filled (both happen after the first refresh)."""
        await self.wait_until(
            lambda: any(column.cards for column in self.columns()) and all(column.size.width for column in self.columns()),
            "the board never filled",
        )

    async def go_to(self, job_id: int) -> None:
        """Put the cursor on ``job_id``: h/l to its column, then g and j (or G and k, if nearer the end)."""
        stage_ids = [column.stage_id for column in self.columns()]
        target = self.stage_of(job_id)
        assert target is not None, f"#{job_id} is not on the board"
        here = stage_ids.index(self.focused_stage) if self.focused_stage in stage_ids else 0
        steps = stage_ids.index(target) - here
        cards = self.job_ids(target)
        index = cards.index(job_id)
        vertical = ["g", *["j"] * index] if index <= len(cards) // 2 else ["G", *["k"] * (len(cards) - 1 - index)]
        await self.press(*(["l"] * steps if steps > 0 else ["h"] * -steps), *vertical)
        assert (self.focused_stage, self.current_job) == (target, job_id)


async def open_board(pilot: Pilot[None]) -> BoardPilot:
    board = BoardPilot(pilot)
    await board.ready()
    return board


async def choose(board: BoardPilot, options: OptionList, label: str) -> None:
    """Highlight the option whose text starts with ``label`` with up/down, then press enter."""
    prompts = [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]
    target = next(index for index, prompt in enumerate(prompts) if prompt.startswith(label))
    here = options.highlighted or 0
    await board.press(*(["down"] * (target - here) if target > here else ["up"] * (here - target)), "enter")
