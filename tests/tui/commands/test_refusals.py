"""One wording for a refusal on every edge (R18), and programming errors that crash instead of
being shown as a sentence."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from wipboard.store.errors import InvalidRequest, OutsideTransaction, StoreError
from wipboard.store.models import Job
from wipboard.store.refusals import describe_refusal
from wipboard.tui.commands.context import refusals_as_exit_1


def _validation_error() -> ValidationError:
    try:
        Job.model_validate({"id": 1, "name": "", "pipeline_id": 1, "stage_id": 1, "account_id": 1})
    except ValidationError as error:
        return error
    raise AssertionError("an empty name was accepted")


def _command(error: BaseException) -> click.Command:
    @click.command()
    @refusals_as_exit_1
    def refuses() -> None:
        raise error

    return refuses


def test_r18_the_command_line_says_a_validation_refusal_in_the_screens_words():
    error = _validation_error()
    result = CliRunner().invoke(_command(error))
    assert result.exit_code == 1
    assert result.output.strip() == f"wipboard: {describe_refusal(error)}"
    assert describe_refusal(error).startswith("name: ")


def test_r18_a_store_refusal_is_its_own_sentence_on_every_edge():
    error = InvalidRequest("stage: no stage called Filing in this pipeline")
    assert describe_refusal(error) == "stage: no stage called Filing in this pipeline"
    assert CliRunner().invoke(_command(error)).output.strip() == f"wipboard: {describe_refusal(error)}"


def test_outside_transaction_is_a_programming_error_that_no_edge_turns_into_words():
    assert not issubclass(OutsideTransaction, StoreError)
    result = CliRunner().invoke(_command(OutsideTransaction("a write outside a transaction")))
    assert isinstance(result.exception, OutsideTransaction) and "wipboard:" not in result.output
    with pytest.raises(OutsideTransaction):
        _command(OutsideTransaction("a write outside a transaction")).main([], standalone_mode=False)
