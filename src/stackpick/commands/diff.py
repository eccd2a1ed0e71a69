"""``stackpick diff``: the answers two files differ on and how each moved the scores."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from stackpick.commands.common import check_complete, load, parse_weights, publish
from stackpick.errors import UsageError
from stackpick.render import Context


def run(
    *,
    before_path: str,
    after_path: str,
    criteria: Path | None,
    fmt: str,
    weight_pairs: Sequence[str],
    weights_file: Path | None,
    output: Path | None = None,
) -> int:
    """Compare two answers files; returns the exit code."""
    from stackpick.analysis import diff
    from stackpick.answers import read_answers

    if before_path == after_path == "-":
        raise UsageError("only one of the two answers files can be '-' (standard input)")
    pack = load(criteria)
    overrides = parse_weights(pack, weight_pairs, weights_file)
    before = read_answers(pack, before_path)
    after = read_answers(pack, after_path)
    check_complete(before, required=False)
    check_complete(after, required=False)
    publish("diff", fmt, diff(pack, before, after, overrides), output, Context(pack=pack))
    return 0
