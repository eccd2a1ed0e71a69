"""What several commands share: loading the pack, the weights and answers, writing output."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stackpick.render import Context

if TYPE_CHECKING:
    from stackpick.answers import Answers
    from stackpick.models import Pack


def load(criteria: Path | None, *, cache: bool = True) -> Pack:
    """The pack to use: ``--criteria`` or the shipped one (checked, or as cached once checked)."""
    from stackpick.pack import load_pack

    return load_pack(criteria, cache=cache)


def parse_weights(pack: Pack, pairs: Sequence[str], weights_file: Path | None) -> dict[str, float]:
    """``--weights FILE`` then each ``--weight CRITERION=NUMBER``, as one checked mapping."""
    from stackpick import weights

    return weights.read(pack, pairs, None if weights_file is None else str(weights_file))


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
    emit(view, fmt, analyse(pack, read_answers(pack, answers_path), overrides), Context(pack=pack))
    return 0


def emit(view: str, fmt: str, data: object, context: Context | None = None) -> None:
    """Render to stdout."""
    from stackpick.render import render

    render(view, fmt, data, sys.stdout, context)
