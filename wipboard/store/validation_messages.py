"""Turning pydantic's validation errors into sentences a person can act on (R18)."""

from __future__ import annotations

from pydantic import ValidationError

from wipboard.store.errors import StoreError
from wipboard.store.fields import problems_of
from wipboard.store.wording import counted

_PATTERN_MESSAGES = {
    "login": "must be a login name: letters, digits and _ . @ - only, no spaces",
    "tags": "each tag must be one word, without spaces or commas",
    "assignees": "each assignee must be a login name: letters, digits and _ . @ - only",
    "email": "must be an e-mail address such as name@example.com",
}


def describe_validation_error(error: ValidationError) -> str:
    """'name: must have at most 200 characters; due_date: …' — each field and why."""
    return "; ".join(f"{field}: {message}" if field else message for field, message in _problems(error))


def field_errors(error: ValidationError | StoreError) -> dict[str, str]:
    """Each field's reason, for a form that shows it beside the field (R18).

    A store refusal reads "field: why" by convention; a refusal naming no field is
    keyed by ``""`` (the form shows it under its buttons).
    """
    if isinstance(error, ValidationError):
        problems = _problems(error)
    else:
        field, _, why = str(error).partition(": ")
        problems = [(field, why)] if why and " " not in field else [("", str(error))]
    errors: dict[str, str] = {}
    for field, message in problems:
        top = field.split(".", 1)[0]
        errors[top] = f"{errors[top]}; {message}" if top in errors else message
    return errors


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    parts = []
    for problem in problems_of(error):
        where = ".".join(str(part) for part in problem["loc"] if not isinstance(part, int))
        message = problem["msg"]
        if problem["type"] == "string_too_long":
            message = f"must have at most {counted(problem['ctx']['max_length'], 'character')}"
        elif problem["type"] == "string_too_short":
            message = f"must have at least {counted(problem['ctx']['min_length'], 'character')}"
        elif problem["type"] == "string_pattern_mismatch":
            # A list item's loc ends in its index ("tags", 0): the field is the last named part.
            field = where.rsplit(".", 1)[-1]
            message = _PATTERN_MESSAGES.get(field, "has characters that are not allowed here")
        elif problem["type"] == "literal_error":
            message = f"must be one of {problem['ctx']['expected']}"
        parts.append((where, message))
    return parts
