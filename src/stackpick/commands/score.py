"""``stackpick score``: answers file in, explained recommendation out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from stackpick.commands.common import check_complete, emit, load, parse_weights
from stackpick.errors import UsageError, warn


def run(
    *,
    answers_path: str,
    criteria: Path | None,
    fmt: str,
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

    pack = load(criteria)
    if expect is not None and expect not in pack.option_ids:
        known = ", ".join(pack.option_ids)
        raise UsageError(f"--expect '{expect}' is not an option; options: {known}")
    overrides = parse_weights(pack, weight_pairs, weights_file)
    answers = read_answers(pack, answers_path)
    check_complete(answers, required=require_complete, quiet=quiet)
    result = score(pack, answers, weights=overrides)
    if output is not None or (fmt in ("svg", "html") and not quiet):
        from stackpick.commands.output import write_report

        title = f"stackpick: {pack.option_name(result.recommendation)}"
        write_report("result", fmt, result, output, title, pack=pack)
    elif not quiet:
        emit("result", fmt, result, pack=pack)
    if expect is not None and result.recommendation != expect:
        got = result.recommendation
        warn(f"gate failed: expected {expect}, recommendation is {got}")
        return 1
    return 0
