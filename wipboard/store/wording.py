"""Words for people, written once: counts with the right plural ("1 job", "2 jobs"), lists
("a, b and c"), and the names a notification gives the jobs it is about.

Every edge — the services' messages, the screens, the command line — counts through
``counted`` so that no one writes "job(s)" again.
"""

from __future__ import annotations

from collections.abc import Sequence

_IRREGULAR = {"person": "people", "status": "statuses", "this": "these"}


def plural(noun: str) -> str:
    """The plural of one of the nouns wipboard counts: jobs, automations, statuses, people."""
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def number(count: int) -> str:
    """A count with its thousands apart, as on every screen: "9 609"."""
    return f"{count:,}".replace(",", " ")


def counted(count: int, noun: str, many: str | None = None) -> str:
    """``count`` and ``noun`` as a person writes them: "1 job", "0 jobs", "10 000 jobs"."""
    return f"{number(count)} {noun if count == 1 else (many or plural(noun))}"


def listed(items: Sequence[str], conjunction: str = "and") -> str:
    """``items`` as a sentence lists them: "a", "a and b", "a, b and c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def automation_named(position: int, stage_name: str) -> str:
    """An automation as its stage's settings list it, by place and not by id: "automation 2 of Review"."""
    return f"automation {position} of {stage_name}"


def jobs_named(names: Sequence[tuple[int, str]], *, at_most: int = 1) -> str:
    """The jobs an outcome is about: by number and name while there are at most ``at_most``
    ("job #27 Payroll"), else counted ("3 jobs")."""
    if names and len(names) <= at_most:
        return listed([f"job #{job_id} {name}" for job_id, name in names])
    return counted(len(names), "job")


_VIA = {"card": "the job card", "bulk": "a bulk edit", "cli": "the command line", "undo": "undo",
        "settings": "the settings"}


def by_whom(actor: str, via: str | None) -> str:
    """Who made a change and how, said once: "olivia via the job card", "the automations of
    Intake", "the template 1040 return" — not "automation: Intake via automation"."""
    for kind, words in (("automation", "the automations of"), ("template", "the template")):
        if actor.startswith(f"{kind}: "):
            return f"{words} {actor.removeprefix(f'{kind}: ')}"
    if via in (None, "", "automation", "template"):
        return actor
    return f"{actor} via {_VIA.get(via, via)}"
