"""``stackpick whatif``: the single answer changes and weight moves that flip the result."""

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
    """Try every other answer and solve every weight; returns the exit code."""
    from stackpick.analysis import what_if
    from stackpick.answers import read_answers

    pack = load(criteria)
    overrides = parse_weights(pack, weight_pairs, weights_file)
    emit("whatif", fmt, what_if(pack, read_answers(pack, answers_path), overrides), pack=pack)
    return 0
