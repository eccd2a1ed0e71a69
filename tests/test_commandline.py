"""The command table: each command's function takes its options, and its examples run."""

from __future__ import annotations

import importlib
import inspect
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
import typer

from stackpick import commandline, fastpath
from stackpick.app import app
from stackpick.commandline import COMMANDS, Command
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
NAMES = [command.name for command in COMMANDS]
WIDTH = 76  # an example line fits an 80-column terminal with help's indent


def function_of(command: Command) -> Callable[..., int]:
    module, _, name = command.function.partition(":")
    found: Callable[..., int] = getattr(importlib.import_module(module), name)
    return found


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_the_function_takes_every_option_by_keyword_only(command: Command) -> None:
    parameters = inspect.signature(function_of(command)).parameters.values()
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters)
    assert sorted(p.name for p in parameters) == sorted(o.keyword for o in command.options)


def typer_command(name: str) -> typer.core.TyperCommand:
    found = typer.main.get_command(app)
    for word in name.split():
        found = found.commands[word]  # type: ignore[attr-defined]
    assert isinstance(found, typer.core.TyperCommand)
    return found


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_the_typer_app_has_the_tables_options(command: Command) -> None:
    params = [p for p in typer_command(command.name).params if p.name != "help"]
    assert [p.name for p in params] == [o.keyword for o in command.options]
    for param, option in zip(params, command.options, strict=True):
        if not option.argument:
            assert tuple(param.opts) == option.names and not param.secondary_opts
        assert param.required == option.needed  # a setting may give a required option


def test_the_fast_path_reads_only_plain_options() -> None:
    assert set(fastpath.FAST) == {"score", "explain", "whatif", "checklist", "ask"}
    for command in fastpath.FAST.values():
        assert not any(o.argument for o in command.options)


def test_an_option_name_is_used_once_per_command() -> None:
    for command in COMMANDS:
        names = [n for o in command.options for n in o.names]
        assert len(names) == len(set(names)), command.name


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_every_command_has_examples_that_fit(command: Command) -> None:
    assert 2 <= len(command.examples) <= 3
    for example in command.examples:
        assert example.startswith(f"stackpick {command.name}")
        assert len(example) <= WIDTH, example


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_the_examples_end_the_help(command: Command, cli: CLI) -> None:
    run = cli(*command.name.split(), "--help")
    assert run.code == 0
    assert run.out.rstrip().endswith("\n".join(f"    {e}" for e in command.examples))


class Line(NamedTuple):
    """An example as a shell runs it: its words (globs expanded), stdin's file, stdout's."""

    words: list[str]
    stdin: str | None
    stdout: str | None


def shell_line(example: str) -> Line:
    tokens = iter(shlex.split(example)[1:])
    words: list[str] = []
    redirects: dict[str, str | None] = {"<": None, ">": None}
    for word in tokens:
        if word in redirects:
            redirects[word] = next(tokens)
        else:
            words += sorted(str(p) for p in Path().glob(word)) if "*" in word else [word]
    return Line(words, redirects["<"], redirects[">"])


@pytest.mark.parametrize(
    "example",
    [e for c in COMMANDS if c.name != "ask" for e in c.examples],
)
def test_every_example_runs(
    example: str, cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "criteria", tmp_path / "criteria")
    monkeypatch.chdir(tmp_path)
    line = shell_line(example)
    stdin = Path(line.stdin).read_text() if line.stdin else None
    run = cli(*line.words, stdin=stdin)
    assert run.code == 0, example
    # nothing on stderr but notes (an adr example makes its records folder, and says so)
    assert all(said.startswith("note: ") for said in run.err.splitlines()), (example, run.err)
    assert run.out or line.stdout is None


def test_the_ask_examples_take_the_fast_path() -> None:
    for example in commandline.BY_NAME["ask"].examples:
        assert fastpath.match(shell_line(example).words) is not None, example


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["capacity", "--rps", "0", "--workload", "db_bound"], "--rps must be a number above 0"),
        (["capacity", "--rps", "9", "--workload", "x"], "--workload 'x' is neither a workload"),
        (["score", "-a", "examples/minimal.yaml", "-w", "x"], "--weight takes CRITERION=NUMBER"),
        (["adr", "-a", "examples/minimal.yaml", "--number", "0"], "--number must be from 1"),
    ],
)
def test_the_core_names_a_setting_and_the_command_line_its_option(
    args: list[str], message: str, cli: CLI
) -> None:
    run = cli(*[str(ROOT / a) if a.startswith("examples/") else a for a in args])
    assert run.code == 2
    assert run.err.startswith(f"error: {message}")


@pytest.mark.parametrize(
    ("words", "examples"),
    [((), commandline.ROOT_EXAMPLES), (("criteria",), commandline.GROUP_EXAMPLES["criteria"])],
    ids=["stackpick", "criteria"],
)
def test_the_top_and_group_help_end_with_examples(
    words: tuple[str, ...], examples: tuple[str, ...], cli: CLI
) -> None:
    assert 2 <= len(examples) <= 3
    run = cli(*words, "--help")
    assert run.code == 0
    assert run.out.rstrip().endswith("\n".join(f"    {e}" for e in examples))
