"""``stackpick capacity``: pods, memory and cold-start cost per option for a target load."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackpick.commands.common import emit, load
from stackpick.errors import InputError, UsageError

if TYPE_CHECKING:
    from stackpick.models import Figures, Pack
    from stackpick.yamlfile import Document

FIGURES_FILE = "figures.yaml"


def run(
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
        figures = pack.figures
    else:
        figures = read_figures(str(path or default_pack_path() / FIGURES_FILE))
    unknown = [v.option for v in figures.variants if v.option not in pack.option_ids]
    if unknown:
        allowed = ", ".join(pack.option_ids)
        raise InputError(f"figures name unknown option '{unknown[0]}'; options: {allowed}")
    return figures


def read_figures(path: str) -> Figures:
    """A figures file (``figures:`` on top, or the mapping alone), checked like the pack."""
    from stackpick.yamlfile import load_file

    document = load_file(path)
    data: Any = document.data
    base: tuple[str, ...] = ()
    if isinstance(data, dict) and isinstance(data.get("figures"), dict):
        data, base = data["figures"], ("figures",)
    if not isinstance(data, dict):
        raise InputError("expected a mapping of capacity figures", source=path, line=1)
    return _validate(data, document, base)


def _validate(data: dict[str, Any], document: Document, base: tuple[str, ...]) -> Figures:
    from pydantic import ValidationError

    from stackpick.models import Figures

    try:
        return Figures.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False, include_input=False, include_context=False)[0]
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
        line = document.line((*base, *loc)) or document.line(base) or 1
        where = ".".join(str(p) for p in loc) or "figures"
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "is not a known field here"
        raise InputError(f"{where}: {message}", source=document.source, line=line) from None
