"""What several commands share: loading the pack, the weights and answers, writing output."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

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
    answers = read_answers(pack, answers_path)
    check_complete(answers, required=False)
    emit(view, fmt, analyse(pack, answers, overrides), pack=pack)
    return 0


def check_complete(answers: Answers, *, required: bool, quiet: bool = False) -> None:
    """Say on stderr when ``answers`` come from an unfinished interview; refuse it if ``required``.

    An interrupted ``ask`` writes ``meta: complete: false``: its open questions took their
    defaults, so a recommendation from it (or a gate passed on it) rests on guesses.
    """
    if answers.meta is None or answers.meta.get("complete") is not False:
        return
    from stackpick.errors import AnswersError, warn

    asked = len(answers.values) - len(answers.not_asked)
    answered = sum(1 for q in answers.given if answers.values.get(q) is not None)
    where = answers.source or "the answers"
    what = f"from an unfinished interview ({answered} of {asked} questions answered)"
    if required:
        raise AnswersError(
            f"the answers are {what}; finish it: stackpick ask --answers FILE",
            source=answers.source,
        )
    if not quiet:
        warn(f"note: {where} is {what}; the rest took their defaults")


def emit(view: str, fmt: str, data: object, **options: object) -> None:
    """Render to stdout."""
    from stackpick.render import render

    render(view, fmt, data, sys.stdout, **options)
