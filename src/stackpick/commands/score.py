"""``stackpick score``: answers file in, explained recommendation out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from stackpick.commands.common import emit, load, parse_weights
from stackpick.errors import UsageError, warn
from stackpick.render import Context


def run(
    *,
    answers_path: str,
    criteria: Path | None,
    fmt: str,
    expect: str | None,
    weight_pairs: Sequence[str],
    weights_file: Path | None,
    output: Path | None = None,
) -> int:
    """Score, render, and apply the ``--expect`` gate; returns the exit code."""
    from stackpick.answers import read_answers
    from stackpick.engine import score

    pack = load(criteria)
    if expect is not None and expect not in pack.option_ids:
        known = ", ".join(pack.option_ids)
        raise UsageError(f"--expect '{expect}' is not an option; options: {known}")
    overrides = parse_weights(pack, weight_pairs, weights_file)
    result = score(pack, read_answers(pack, answers_path), weights=overrides)
    if output is not None or fmt in ("svg", "html"):
        from stackpick.commands.output import write_report

        title = f"stackpick: {pack.option_name(result.recommendation)}"
        write_report("result", fmt, result, output, title, Context(pack=pack))
    else:
        emit("result", fmt, result, Context(pack=pack))
    if expect is not None and result.recommendation != expect:
        got = result.recommendation
        warn(f"gate failed: expected {expect}, recommendation is {got}")
        return 1
    return 0
