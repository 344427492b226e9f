"""How the pipelines pane's name forms read what is typed: stage names checked before the service (R18)."""

from __future__ import annotations

import pytest

from wipboard.store.errors import InvalidRequest
from wipboard.tui.kit.pipeline_forms import stage_name, stage_names


def test_r18_stage_names_are_read_in_order_and_a_bad_one_is_named_beside_its_field():
    assert stage_names("To do, , In progress,Done ") == ["To do", "In progress", "Done"]
    with pytest.raises(InvalidRequest, match=r"^stages: "):
        stage_names("To do, " + "x" * 61)
    with pytest.raises(InvalidRequest, match=r"^name: "):
        stage_name(" ")
