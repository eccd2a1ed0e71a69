"""``stackpick checklist``: production-readiness items for the recommended stack."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stackpick.commands.common import (
    check_complete,
    check_option,
    load,
    parse_weights,
    pick_format,
    publish,
)
from stackpick.errors import warn
from stackpick.render import Context

if TYPE_CHECKING:
    from stackpick.checklist import Entry


def run(
    *,
    answers_path: str,
    criteria: Path | None,
    fmt: str | None,
    status_path: str | None,
    require_complete: bool,
    stack: str | None,
    output: Path | None = None,
    weight_pairs: Sequence[str] = (),
    weights_file: Path | None = None,
) -> int:
    """Render the checklist; exit 1 under ``--require-complete`` while required items are open.

    The stack is the one ``score`` recommends with the same weights (options or settings),
    unless ``--stack`` names another.
    """
    from stackpick.answers import read_answers
    from stackpick.checklist import build, read_status
    from stackpick.engine import score
    from stackpick.render.formats import PageFormat

    chosen_format = pick_format(fmt, output, PageFormat)
    pack = load(criteria)
    check_option(pack, "--stack", stack)
    overrides = parse_weights(pack, weight_pairs, weights_file)
    answers = read_answers(pack, answers_path)
    check_complete(answers, required=False)
    chosen = stack or score(pack, answers, weights=overrides).recommendation
    marks = read_status(pack, status_path) if status_path else {}
    checklist = build(pack, chosen, answers.values, marks)
    shown = {e.item.id for e in checklist.entries}
    aside = [key for key in marks if key not in shown]
    if aside:  # said, not dropped unseen: a status for the other stack, or one that does not apply
        warn(f"note: marked, but not on this checklist, so not counted: {_ids(aside)}")
    publish("checklist", chosen_format, checklist, output, Context(pack=pack), answers.meta)
    if require_complete and checklist.required_open:
        warn(f"checklist incomplete: {_open_list(checklist.required_open)}")
        return 1
    return 0


def _open_list(entries: Sequence[Entry]) -> str:
    """'3 required items open: a, b, c' (the first few ids, then how many more)."""
    noun = "item" if len(entries) == 1 else "items"
    return f"{len(entries)} required {noun} open: {_ids([e.item.id for e in entries])}"


def _ids(ids: Sequence[str], shown: int = 5) -> str:
    """'a, b, c' (the first few, then how many more)."""
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more
