"""The command lines that scripts, CI and meetings run, read without typer.

typer 0.29 builds a pydantic TypeAdapter for every parameter of the command it runs,
which costs more at start-up than all of ``score``'s own work. The command lines
people type and scripts repeat are plain (``score --answers FILE --format json``), so
this module reads those itself, from the same table the typer app is made from
(:mod:`stackpick.commandline`), and calls the command as the typer app does, with the
same values. Anything else (help, a mistake, completion, spellings such as ``-fjson``,
a value that starts with ``-``, a number to parse) is left to typer, with its full
parser and messages: :func:`match` returns None for it.

``tests/test_fastpath.py`` checks over many generated command lines that each line
taken here reaches the command function with exactly the values typer gives it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from stackpick.commandline import COMMANDS, Command, Option, invoke

FAST = {command.name: command for command in COMMANDS if command.fast}


def parse(command: Command, tokens: Sequence[str]) -> dict[str, Any] | None:
    """The keyword arguments for ``command``, or None when typer should read ``tokens``."""
    by_name = {name: opt for opt in command.options for name in opt.names if not opt.argument}
    values: dict[str, Any] = {}
    rest = list(tokens)
    while rest:
        name, equals, value = rest.pop(0).partition("=")
        opt = by_name.get(name)
        if opt is None or (equals and not name.startswith("--")):
            return None  # a positional, a typo, --help, a glued short option: typer's
        if opt.kind == "flag":
            if equals:
                return None
            values[opt.keyword] = True
            continue
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if not _plain(value) or not _taken(opt, value):
            return None
        if opt.repeat:
            values.setdefault(opt.keyword, []).append(_converted(opt, value))
        else:
            values[opt.keyword] = _converted(opt, value)  # given twice: the last wins, as in click
    for opt in command.options:
        if opt.keyword not in values:
            if opt.needed or (opt.required and not _configured(opt.setting)):
                return None  # typer says it is missing
            values[opt.keyword] = [] if opt.repeat else opt.unset
    return values


def _configured(setting: str | None) -> bool:
    """Whether the config file gives ``setting``; a config file in error is typer's to report."""
    from stackpick.config import ConfigError, find

    try:
        return setting is not None and find().values.get(setting) is not None
    except ConfigError:
        return False


def _plain(value: str) -> bool:
    # A value typer would read the same way: not empty, and not option-like ('-' is stdin).
    return value == "-" or (value != "" and not value.startswith("-"))


def _taken(opt: Option, value: str) -> bool:
    # Numbers are typer's to parse (and to word the mistakes in); choices match exactly.
    if opt.kind in ("integer", "number") or opt.argument:
        return False
    return not opt.choices or value in opt.choice_values


def _converted(opt: Option, value: str) -> Any:
    return Path(value) if opt.kind == "path" else value


def match(args: Sequence[str]) -> Callable[[], int] | None:
    """The command line as a call of its command function, or None to leave it to typer."""
    if not args or "_STACKPICK_COMPLETE" in os.environ:  # shell completion is typer's
        return None
    command = FAST.get(args[0])
    values = parse(command, args[1:]) if command is not None else None
    if command is None or values is None:
        return None
    found = command

    def call() -> int:
        return invoke(found, values)

    return call
