"""``stackpick whatif``: the single answer changes and weight moves that flip the result."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from stackpick.commands.common import report


def run(
    *,
    answers_path: str,
    criteria: Path | None,
    fmt: str | None,
    weight_pairs: Sequence[str],
    weights_file: Path | None,
    output: Path | None = None,
) -> int:
    """Try every other answer and solve every weight; returns the exit code."""
    from stackpick.analysis import what_if

    return report(
        "whatif", what_if, answers_path, criteria, fmt, weight_pairs, weights_file, output
    )
