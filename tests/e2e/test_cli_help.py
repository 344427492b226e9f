"""The command line's own words: every option explained, no description cut short at 80 columns,
``--version``, ``--demo`` saying where its firm is, and automations' tag conditions as they read (R4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from tmux_terminal import TMUX, WIPBOARD, Terminal, app_environment

from wipboard.store.identity import resolve_actor
from wipboard.store.open_store import create_firm_at
from wipboard.store.services.pipelines import AutomationFields, add_automation
from wipboard.tui.commands.main import main


def commands(command: click.Command = main, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command of the tree with the words that reach it, the groups too."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from commands(sub, (*path, name))


def wipboard(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wipboard.tui.commands", *args], capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, **(env or {})},
    )


def test_every_option_of_every_command_says_what_it_does() -> None:
    unexplained = [
        f"wipboard {' '.join(path)} {option.opts[0]}"
        for path, command in commands()
        for option in command.params
        if isinstance(option, click.Option) and not (option.help or "").strip()
    ]
    assert unexplained == []


def test_no_command_list_cuts_a_description_short_at_80_columns() -> None:
    cut = []
    for path, command in commands():
        if not isinstance(command, click.Group):
            continue
        shown = CliRunner().invoke(main, [*path, "--help"], terminal_width=80).output
        listed = shown.partition("\nCommands:\n")[2].splitlines()
        assert listed, f"wipboard {' '.join(path)} --help lists no commands"
        cut += [line.strip() for line in listed if line.rstrip().endswith("...")]
    assert cut == []


def test_statuses_edit_explains_name_colour_and_description() -> None:
    shown = " ".join(CliRunner().invoke(main, ["statuses", "edit", "--help"], terminal_width=100).output.split())
    options = shown.partition("Options:")[2]
    name, color, description = (options.partition(f"{option} ")[2] for option in ("--name", "--color", "--description"))
    assert name.startswith("TEXT A new name; it shows on every job")
    assert "A new colour; it shows on every job" in color.partition("--description")[0]
    assert description.startswith("TEXT A new description") and "jobs keep their own" in description


def test_wipboard_version_is_the_installed_distributions() -> None:
    done = wipboard("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f" {version('wipboard')}")


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the app needs a real terminal")
def test_demo_says_where_its_firm_file_is_and_it_opens_again_after_quitting(tmp_path: Path) -> None:
    terminal = Terminal(f"wipboard-test-{os.getpid()}-{tmp_path.name}", tmp_path)
    env = app_environment(tmp_path)
    try:
        # The line goes to stderr before the app takes the screen; once it quits the terminal shows it again.
        terminal.start(["sh", "-c", f"{WIPBOARD} --demo; sleep 60"], env)
        terminal.wait_for(lambda screen: "Move ▶" in screen, "the board never appeared")
        terminal.keys("q")
        terminal.wait_for(lambda screen: "Demo firm: " in screen, "--demo never said where its firm is")
        screen = terminal.tmux("capture-pane", "-p", "-J", "-t", "app")  # -J: the line as printed, not as wrapped
    finally:
        subprocess.run([TMUX, "-L", terminal.server, "kill-server"], capture_output=True, timeout=30, check=False)  # type: ignore[list-item]
    line = screen.split("Demo firm: ", 1)[1].splitlines()[0]
    path = Path(line.split(" ", 1)[0])
    assert path.is_relative_to(tmp_path) and path.name == "firm.json"
    assert f"`wipboard --db {path}` opens it again" in line
    listed = wipboard("--db", str(path), "--as", "olivia", "jobs", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout), "the demo firm it names has no jobs"


def test_r4_pipelines_list_reads_each_kind_of_tag_condition(tmp_path: Path) -> None:
    db = tmp_path / "firm.json"
    repo = create_firm_at(db, owner_login="olivia", owner_name="Olivia Owner")
    try:
        owner = resolve_actor(repo.snapshot(), "olivia", None, firm_path=repo.location)
        pipeline = next(iter(repo.snapshot().pipelines.values()))
        stage = pipeline.stages[0]
        for match, tags in (("all", ["individual", "vip"]), ("any", ["business", "vip"]), ("none", ["vip"])):
            add_automation(repo, owner, pipeline.id, stage.id,
                           AutomationFields(visible=False, if_account_tags=tags, tag_match=match))
    finally:
        repo.close()

    shown = wipboard("--db", str(db), "--as", "olivia", "pipelines", "list")
    assert shown.returncode == 0, shown.stderr
    lines = [line.split(": ", 1)[1] for line in shown.stdout.splitlines() if line[:5] == "    " + line.strip()[:1] and line.strip()[:1].isdigit()]  # "    1: when…", by place
    assert lines == [
        f"when a job enters {stage.name}, if the account has all of the tags individual, vip, hide the status",
        f"when a job enters {stage.name}, if the account has any of the tags business, vip, hide the status",
        f"when a job enters {stage.name}, if the account does not have the tag vip, hide the status",
    ]
    listed = json.loads(wipboard("--db", str(db), "--as", "olivia", "pipelines", "list", "--json").stdout)
    automations = listed[0]["stages"][0]["automations"]
    assert [a["tag_conditions"] for a in automations] == [
        [{"match": "all", "tags": ["individual", "vip"]}],
        [{"match": "any", "tags": ["business", "vip"]}],
        [{"match": "none", "tags": ["vip"]}],
    ]
