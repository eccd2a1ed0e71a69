"""``stackpick capacity``: pods, memory and cold-start cost per option for a target load."""

from __future__ import annotations

from pathlib import Path

from stackpick.commands.common import check_complete, emit, load
from stackpick.errors import UsageError
from stackpick.render import Context


def run(
    *,
    answers_path: str | None,
    rps: float,
    workload: str | None,
    figures_path: Path | None,
    criteria: Path | None,
    fmt: str,
) -> int:
    """Plan every variant in the figures for ``rps``; returns the exit code."""
    from stackpick.answers import read_answers
    from stackpick.capacity import check_rps, plan
    from stackpick.engine import score
    from stackpick.pack import pack_figures

    check_rps(rps)
    if answers_path is None and workload is None:
        raise UsageError("capacity needs --answers FILE or --workload ID to know the workload")
    pack = load(criteria)
    figures = pack_figures(pack, figures_path)
    answers = read_answers(pack, answers_path) if answers_path is not None else None
    if answers is not None:
        check_complete(answers, required=False)
    values = answers.values if answers is not None else None
    result = score(pack, answers) if answers is not None else None
    capacity = plan(figures, rps, values, workload)
    emit("capacity", fmt, capacity, Context(pack=pack, result=result))
    return 0
