"""``stackpick capacity``: pods, memory and cold-start cost per option for a target load."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from stackpick.commands.common import emit, load
from stackpick.errors import InputError, PackError, StackpickError, UsageError

if TYPE_CHECKING:
    from stackpick.models import Figures, Pack
    from stackpick.yamlfile import Path_

FIGURES_FILE = "figures.yaml"
FIGURES = "figures file"  # what --figures errors name, not "the criteria pack"


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

    check_rps(rps)
    if answers_path is None and workload is None:
        raise UsageError("capacity needs --answers FILE or --workload ID to know the workload")
    pack = load(criteria)
    figures = load_figures(pack, figures_path)
    answers = read_answers(pack, answers_path) if answers_path is not None else None
    values = answers.values if answers is not None else None
    result = score(pack, answers) if answers is not None else None
    capacity = plan(figures, rps, values, workload)
    emit("capacity", fmt, capacity, pack=pack, result=result)
    return 0


def load_figures(pack: Pack, path: Path | None) -> Figures:
    """``--figures FILE``, else the pack's own figures, else the shipped ones; checked."""
    from stackpick.pack import default_pack_path

    if path is None and pack.figures is not None:
        return pack.figures  # checked with the pack
    return read_figures(str(path or default_pack_path() / FIGURES_FILE), pack)


def read_figures(path: str, pack: Pack) -> Figures:
    """A figures file (``figures:`` on top, or the mapping alone), checked as the pack's are.

    Raises:
        PackError: every problem found, each at its file and line.
    """
    from stackpick.models import Figures
    from stackpick.pack import figures_problems, validated
    from stackpick.yamlfile import load_file, section

    document = load_file(path)
    fields = Figures.model_fields
    data, base = section(document, "figures", fields, "capacity figures (label, workloads, ...)")
    if not isinstance(data, dict):
        raise InputError("expected a mapping of capacity figures", source=path, line=1)

    def locate(loc: Path_) -> tuple[str, int]:
        return document.source, document.line((*base, *loc)) or 1

    def problem(loc: Path_, message: str) -> StackpickError:
        source, line = locate(loc)
        return InputError(message, source=source, line=line)

    try:
        figures = validated(Figures, data, locate, "figures")
    except PackError as exc:
        raise PackError(exc.problems, what=FIGURES) from None
    problems = list(figures_problems(pack, figures, problem))
    if problems:
        raise PackError(problems, what=FIGURES)
    return figures
