"""``stackpick score``: answers file in, explained recommendation out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from stackpick.commands.common import (
    check_complete,
    check_option,
    load,
    parse_weights,
    pick_format,
    publish,
)
from stackpick.errors import warn
from stackpick.render import Context


def run(
    *,
    answers_path: str,
    criteria: Path | None,
    fmt: str | None,
    expect: str | None,
    weight_pairs: Sequence[str],
    weights_file: Path | None,
    output: Path | None = None,
    quiet: bool = False,
    require_complete: bool = False,
) -> int:
    """Score, render, and apply the ``--expect`` gate; returns the exit code.

    With ``quiet`` nothing goes to stdout (a file named by ``--output`` is still written)
    and a failed gate is one line on stderr: a hook's output is its verdict.
    """
    from stackpick.answers import read_answers
    from stackpick.engine import score
    from stackpick.render.formats import ReportFormat

    chosen = pick_format(fmt, output, ReportFormat)
    pack = load(criteria)
    check_option(pack, "--expect", expect)
    overrides = parse_weights(pack, weight_pairs, weights_file)
    answers = read_answers(pack, answers_path)
    # said under --quiet too: a quiet gate must not pass on guesses without a word
    check_complete(answers, required=require_complete)
    result = score(pack, answers, weights=overrides)
    if output is not None or not quiet:
        publish("result", chosen, result, output, Context(pack=pack), answers.meta)
    if expect is not None and result.recommendation != expect:
        got = result.recommendation
        warn(f"gate failed: expected {expect}, recommendation is {got}")
        return 1
    return 0
