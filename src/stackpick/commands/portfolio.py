"""``stackpick portfolio``: score many answers files, one row each."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from stackpick.commands.common import check_complete, load, parse_weights, pick_format, publish
from stackpick.errors import UsageError, printable, warn
from stackpick.render import Context


def run(
    *,
    paths: Sequence[str],
    criteria: Path | None,
    fmt: str | None,
    weight_pairs: Sequence[str],
    weights_file: Path | None,
    exclude: Sequence[str] = (),
    output: Path | None = None,
) -> int:
    """Score every file, render the good ones, report each bad one; exit 2 if any was bad."""
    from stackpick.portfolio import score_files
    from stackpick.render.formats import PortfolioFormat
    from stackpick.weights import effective

    chosen = pick_format(fmt, output, PortfolioFormat)
    if not paths:
        raise UsageError("give at least one answers file or folder")
    pack = load(criteria)
    weights = effective(pack, parse_weights(pack, weight_pairs, weights_file))
    portfolio = score_files(pack, paths, weights, exclude)
    for skipped in portfolio.skipped:
        warn(f"note: skipped {printable(skipped.file, one_line=True)}: {skipped.why}")
    for row in portfolio.rows:
        if row.answers is not None:
            check_complete(row.answers, required=False)
    for failure in portfolio.failures:
        warn(f"error: {failure.error}")
    publish("portfolio", chosen, portfolio, output, Context(pack=pack))
    return 2 if portfolio.failures else 0
