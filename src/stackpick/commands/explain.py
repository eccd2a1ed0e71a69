"""``stackpick explain``: every criterion worked through for one answers file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from stackpick.commands.common import emit, load, parse_weights


def run(
    answers_path: str,
    criteria: Path | None,
    fmt: str,
    weight_pairs: Sequence[str],
    weights_file: Path | None,
) -> int:
    """Explain the recommendation criterion by criterion; returns the exit code."""
    from stackpick.analysis import explain
    from stackpick.answers import read_answers

    pack = load(criteria)
    overrides = parse_weights(pack, weight_pairs, weights_file)
    emit("explain", fmt, explain(pack, read_answers(pack, answers_path), overrides), pack=pack)
    return 0
