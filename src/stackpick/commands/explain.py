"""``stackpick explain``: every criterion worked through for one answers file."""

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
    """Explain the recommendation criterion by criterion; returns the exit code."""
    from stackpick.analysis import explain

    return report(
        "explain", explain, answers_path, criteria, fmt, weight_pairs, weights_file, output
    )
