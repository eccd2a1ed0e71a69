"""One run of each command as a real process: the installed entry point, start to exit."""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from stackpick.commandline import COMMANDS, Command
from support import Run

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_each_command_runs_as_a_process(
    command: Command, cli_process: Callable[..., Run], tmp_path: Path
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "criteria", tmp_path / "criteria")
    if command.name == "ask":  # no terminal here: it says so at once and points to score
        run = cli_process("ask")
        assert run.code == 2 and "score --answers" in run.err and run.out == ""
        return
    example = next(e for e in command.examples if not {"<", ">", "*"} & set(e))
    run = cli_process(*shlex.split(example)[1:])
    assert (run.code, run.err) == (0, ""), example
    assert run.out or "--output" in example
