"""The command lines that scripts, CI and meetings run, read without typer.

typer 0.29 builds a pydantic TypeAdapter for every parameter of the command it runs,
which costs more at start-up than all of ``score``'s own work. The command lines
people type and scripts repeat are plain (``score --answers FILE --format json``), so
this module reads those itself and calls the same command functions the typer app
calls, with the same values. Anything else (help, a mistake, completion, spellings
such as ``-fjson``, a value that starts with ``-``) is left to typer, with its full
parser and messages: :func:`match` returns None for it.

``tests/test_fastpath.py`` checks over many generated command lines that each line
taken here reaches the command function with exactly the values typer gives it.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stackpick.render import Format
from stackpick.render.formats import ReportFormat


@dataclass(frozen=True)
class Opt:
    """One option: its spellings, and the keyword argument of the command function it feeds."""

    keyword: str
    names: tuple[str, ...]
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()  # when set, the only values allowed (case matters, as in typer)
    path: bool = False  # passed on as a pathlib.Path, as typer does for a Path option
    repeat: bool = False  # may be given again and again; passed on as a list
    flag: bool = False  # takes no value; True when given

    def convert(self, value: str) -> Any:
        """The value as the command function receives it."""
        return Path(value) if self.path else value


@dataclass(frozen=True)
class Command:
    """A command this module runs: the module of its ``run`` function, and its options."""

    module: str
    options: tuple[Opt, ...]

    def parse(self, tokens: Sequence[str]) -> dict[str, Any] | None:
        """The keyword arguments for ``run``, or None when typer should read ``tokens``."""
        by_name = {name: opt for opt in self.options for name in opt.names}
        values: dict[str, Any] = {}
        rest = list(tokens)
        while rest:
            name, equals, value = rest.pop(0).partition("=")
            opt = by_name.get(name)
            if opt is None or (equals and not name.startswith("--")):
                return None  # a positional, a typo, --help, a glued short option: typer's
            if opt.flag:
                if equals:
                    return None
                values[opt.keyword] = True
                continue
            if not equals:
                if not rest:
                    return None
                value = rest.pop(0)
            if not _plain(value) or (opt.choices and value not in opt.choices):
                return None
            if opt.repeat:
                values.setdefault(opt.keyword, []).append(opt.convert(value))
            else:
                values[opt.keyword] = opt.convert(value)  # given twice: the last wins, as in click
        for opt in self.options:
            if opt.keyword not in values:
                if opt.required:
                    return None
                values[opt.keyword] = [] if opt.repeat else opt.default
        return values


def _plain(value: str) -> bool:
    # A value typer would read the same way: not empty, and not option-like ('-' is stdin).
    return value == "-" or (value != "" and not value.startswith("-"))


def _formats(choices: type[Format] | type[ReportFormat]) -> Opt:
    return Opt("fmt", ("--format", "-f"), default="table", choices=tuple(f.value for f in choices))


ANSWERS = Opt("answers_path", ("--answers", "-a"), required=True)
CRITERIA = Opt("criteria", ("--criteria", "-c"), path=True)
WEIGHT = Opt("weight_pairs", ("--weight", "-w"), repeat=True)
WEIGHTS = Opt("weights_file", ("--weights",), path=True)
ANALYSIS = (ANSWERS, CRITERIA, _formats(Format), WEIGHT, WEIGHTS)

COMMANDS = {
    "score": Command(
        "stackpick.commands.score",
        (
            ANSWERS,
            CRITERIA,
            _formats(ReportFormat),
            Opt("expect", ("--expect",)),
            WEIGHT,
            WEIGHTS,
            Opt("output", ("--output", "-o"), path=True),
        ),
    ),
    "explain": Command("stackpick.commands.explain", ANALYSIS),
    "whatif": Command("stackpick.commands.whatif", ANALYSIS),
    "checklist": Command(
        "stackpick.commands.checklist",
        (
            ANSWERS,
            CRITERIA,
            _formats(Format),
            Opt("status_path", ("--status",)),
            Opt("require_complete", ("--require-complete",), default=False, flag=True),
            Opt("stack", ("--stack",)),
        ),
    ),
    "ask": Command(
        "stackpick.commands.ask",
        (
            Opt("save", ("--save", "-s"), path=True),
            Opt("answers_path", ("--answers", "-a")),
            CRITERIA,
            _formats(Format),
        ),
    ),
}


def match(args: Sequence[str]) -> Callable[[], int] | None:
    """The command line as a call of its command function, or None to leave it to typer."""
    if not args or "_STACKPICK_COMPLETE" in os.environ:  # shell completion is typer's
        return None
    command = COMMANDS.get(args[0])
    values = command.parse(args[1:]) if command is not None else None
    if command is None or values is None:
        return None
    module = command.module

    def call() -> int:
        code: int = importlib.import_module(module).run(**values)
        return code

    return call
