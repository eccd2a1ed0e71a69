"""The typer-free fast path: every line it takes must reach the command as typer would send it."""

from __future__ import annotations

import importlib
import inspect
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stackpick import cli, fastpath
from support import entry_point

COMMANDS = sorted(fastpath.FAST)


class Recorder:
    """Stands in for every fast command's function: keeps the arguments of each call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        for name, command in fastpath.FAST.items():
            module_name, _, function = command.function.partition(":")
            module = importlib.import_module(module_name)
            real = getattr(module, function)
            monkeypatch.setattr(module, function, self._record(name, real))

    def _record(self, name: str, real: Callable[..., int]) -> Callable[..., int]:
        signature = inspect.signature(real)

        def run(*args: Any, **kwargs: Any) -> int:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            self.calls.append((name, dict(bound.arguments)))
            return 0

        return run

    def take(self) -> list[tuple[str, dict[str, Any]]]:
        calls, self.calls = self.calls, []
        return calls


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    return Recorder(monkeypatch)


def through_typer(args: list[str], recorder: Recorder) -> list[tuple[str, dict[str, Any]]] | None:
    """The calls typer makes for ``args``, or None when typer refuses the line."""
    code = cli._run_typer(list(args))
    calls = recorder.take()
    return calls if code == 0 and calls else None


def through_fastpath(
    args: list[str], recorder: Recorder
) -> list[tuple[str, dict[str, Any]]] | None:
    call = fastpath.match(args)
    if call is None:
        return None
    assert call() == 0
    return recorder.take()


# What scripts, CI and the README run: each must take the fast path.
EVERYDAY = [
    ["score", "--answers", "a.yaml"],
    ["score", "--answers", "a.yaml", "--format", "json"],
    ["score", "-a", "-", "-f", "markdown"],
    ["score", "--answers=a.yaml", "--format=json", "--expect", "spring_boot"],
    ["score", "-a", "a.yaml", "-w", "ml_integration=9", "-w", "team_size=1", "--weights", "w.yaml"],
    ["score", "-a", "a.yaml", "-c", "my-pack", "-f", "html", "-o", "report.html"],
    ["explain", "--answers", "a.yaml", "--format", "json"],
    ["whatif", "-a", "a.yaml", "-f", "markdown"],
    ["checklist", "-a", "a.yaml", "--status", "s.yaml", "--require-complete"],
    ["checklist", "-a", "a.yaml", "--stack", "spring_boot", "-f", "json"],
    ["ask"],
    ["ask", "--save", "answers.yaml", "--answers", "earlier.yaml"],
]


@pytest.mark.parametrize("args", EVERYDAY, ids=" ".join)
def test_everyday_lines_take_the_fast_path_with_typers_values(
    args: list[str], recorder: Recorder
) -> None:
    fast = through_fastpath(args, recorder)
    assert fast is not None
    assert fast == through_typer(args, recorder)


LEFT_TO_TYPER = [
    [],
    ["--help"],
    ["score", "--help"],
    ["score", "-h", "-a", "a.yaml"],
    ["score"],  # --answers is required: typer says so
    ["score", "--answers"],
    ["score", "--answers", "--format"],  # typer would take '--format' as the file
    ["score", "--answers", ""],
    ["score", "-a", "a.yaml", "--format", "JSON"],
    ["score", "-a", "a.yaml", "extra"],
    ["score", "-a", "a.yaml", "--"],
    ["score", "-aa.yaml"],
    ["score", "-a=a.yaml"],
    ["score", "-a", "a.yaml", "--formats", "json"],
    ["checklist", "-a", "a.yaml", "--require-complete=yes"],
    ["diff", "a.yaml", "b.yaml"],
    ["criteria", "show"],
    ["--install-completion"],
]


@pytest.mark.parametrize("args", LEFT_TO_TYPER, ids=lambda a: " ".join(a) or "(nothing)")
def test_unusual_lines_are_left_to_typer(args: list[str]) -> None:
    assert fastpath.match(args) is None


def test_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_STACKPICK_COMPLETE", "complete_bash")
    assert fastpath.match(["score", "-a", "a.yaml"]) is None


VALUES = ["-", "a.yaml", "dir/b.yml", "json", "markdown", "JSON", "", "--format", "-f", "--"]
VALUES += ["ml_integration=2", "spring_boot", "-x", "a=b", "--help", "ü", "x y"]


def _noise(command: str) -> st.SearchStrategy[list[str]]:
    """Any tokens at all: option names of every fast command, odd values, text."""
    names = sorted({n for c in fastpath.FAST.values() for o in c.options for n in o.names})
    values = st.sampled_from(VALUES) | st.text(
        st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")
    )
    name = st.sampled_from([*names, "--rps", "--nope", "-z"])
    token = name | values | st.builds(lambda n, v: f"{n}={v}", name, values)
    return st.lists(token, max_size=8)


@st.composite
def _well_formed(draw: st.DrawFn, command: str) -> list[str]:
    """Options of ``command`` in any order and spelling, most with fitting values."""
    options = fastpath.FAST[command].options
    chosen = [o for o in options if o.required]
    chosen += draw(st.lists(st.sampled_from(options), max_size=5))
    tokens: list[str] = []
    for opt in draw(st.permutations(chosen)):
        name = draw(st.sampled_from(opt.names))
        if opt.kind == "flag":
            tokens.append(name)
            continue
        fitting = st.sampled_from(opt.choice_values or ("a.yaml", "-", "x=1"))
        value = draw(st.one_of(fitting, fitting, fitting, st.sampled_from(VALUES)))
        glued = name.startswith("--") and draw(st.booleans())
        tokens += [f"{name}={value}"] if glued else [name, value]
    return tokens


def _lines() -> st.SearchStrategy[list[str]]:
    return st.sampled_from(COMMANDS).flatmap(
        lambda c: st.one_of(_well_formed(c), _noise(c)).map(lambda tokens: [c, *tokens])
    )


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(args=_lines())
def test_a_line_the_fast_path_takes_reaches_the_command_as_through_typer(
    args: list[str], recorder: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    fast = through_fastpath(args, recorder)
    if fast is not None:
        assert fast == through_typer(args, recorder)
    capsys.readouterr()  # typer's complaints about the lines it refused


def test_paths_reach_the_command_as_paths(recorder: Recorder) -> None:
    calls = through_fastpath(["score", "-a", "a.yaml", "-c", "pack", "--weights", "w"], recorder)
    assert calls is not None
    _, arguments = calls[0]
    assert arguments["criteria"] == Path("pack")
    assert arguments["weights_file"] == Path("w")
    assert arguments["answers_path"] == "a.yaml"  # '-' means stdin, so it stays a string


@pytest.mark.parametrize(("interrupt", "said"), [(KeyboardInterrupt, ""), (EOFError, "\n")])
def test_an_interrupt_ends_both_paths_alike(
    interrupt: type[BaseException],
    said: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> int:
        raise interrupt

    monkeypatch.setattr(importlib.import_module("stackpick.commands.score"), "run", interrupted)
    for line in (["score", "-a", "a.yaml"], ["score", "-aa.yaml"]):  # fast path, then typer's
        capsys.readouterr()
        assert cli.run(line) == 130
        assert capsys.readouterr() == ("", said)


def test_a_closed_stdout_is_a_clear_error() -> None:
    line = " ".join(map(shlex.quote, [*entry_point(), "score", "-a", "x.yaml"]))
    proc = subprocess.run(["sh", "-c", f"{line} >&-"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == "error: standard output is closed; redirect it instead\n"
