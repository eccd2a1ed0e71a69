"""What several commands share: loading the pack and answers, weights, writing output."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stackpick.errors import UsageError, nearest, shorten

if TYPE_CHECKING:
    from stackpick.answers import Answers
    from stackpick.models import Pack


def load(criteria: Path | None, *, cache: bool = True) -> Pack:
    """The pack to use: ``--criteria`` or the shipped one (checked, or as cached once checked)."""
    from stackpick.pack import load_pack

    return load_pack(criteria, cache=cache)


def parse_weights(pack: Pack, pairs: Sequence[str], weights_file: Path | None) -> dict[str, float]:
    """``--weights FILE`` then each ``--weight CRITERION=NUMBER``, as one checked mapping."""
    overrides: dict[str, float] = {}
    if weights_file is not None:
        overrides.update(_weights_from_file(pack, str(weights_file)))
    for pair in pairs:
        name, sep, number = pair.partition("=")
        try:
            if not sep:
                raise ValueError
            value = float(number)
        except ValueError:
            raise UsageError(f"--weight takes CRITERION=NUMBER, not '{pair}'") from None
        problem = _weight_problem(pack, name.strip(), value)
        if problem:
            raise UsageError(f"--weight {shorten(pair)}: {problem}")
        overrides[name.strip()] = value + 0.0  # -0 is 0
    return overrides


def _weight_problem(pack: Pack, criterion: object, weight: object) -> str | None:
    """Why ``criterion: weight`` cannot override the pack, or None when it can."""
    from stackpick.models import weight_problem

    known = list(pack.weights)
    if criterion not in known:
        hint = nearest(criterion, known) if isinstance(criterion, str) else ""
        return (
            f"unknown criterion '{shorten(criterion)}'{hint}; `stackpick criteria show` lists them"
        )
    return weight_problem(weight)


def _weights_from_file(pack: Pack, path: str) -> dict[str, float]:
    """A weights file: criterion id -> weight, flat or under ``weights:`` beside ``meta:``."""
    from stackpick.yamlfile import load_file, number_as_text, section

    document = load_file(path)
    data, base = section(document, "weights", pack.weights, "criterion id to weight")
    if not isinstance(data, dict):
        raise UsageError("expected a mapping of criterion id to weight", source=path, line=1)
    for key, value in data.items():
        problem = _weight_problem(pack, key, value)
        if problem:
            line = document.line((*base, key))
            hint = number_as_text(value)
            raise UsageError(f"{shorten(key)}: {problem}{hint}", source=path, line=line)
    return {k: float(v) + 0.0 for k, v in data.items()}  # + 0.0: -0 is 0


def report(
    view: str,
    analyse: Callable[[Pack, Answers, dict[str, float]], object],
    answers_path: str,
    criteria: Path | None,
    fmt: str,
    weight_pairs: Sequence[str],
    weights_file: Path | None,
) -> int:
    """Read the pack, the weights and one answers file, analyse, render ``view``."""
    from stackpick.answers import read_answers

    pack = load(criteria)
    overrides = parse_weights(pack, weight_pairs, weights_file)
    emit(view, fmt, analyse(pack, read_answers(pack, answers_path), overrides), pack=pack)
    return 0


def emit(view: str, fmt: str, data: object, **options: object) -> None:
    """Render to stdout."""
    from stackpick.render import render

    render(view, fmt, data, sys.stdout, **options)
