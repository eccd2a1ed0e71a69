"""``stackpick criteria validate`` and ``stackpick criteria show``."""

from __future__ import annotations

from pathlib import Path

from stackpick.commands.common import emit, load
from stackpick.errors import printable


def validate(*, path: Path | None) -> int:
    """Load and check a pack, never trusting the cache; a summary on success (errors are raised)."""
    pack = load(path, cache=False)
    print(
        f"ok: {printable(pack.pack.name)} {printable(pack.pack.version)}: "
        f"{len(pack.options)} options, "
        f"{len(pack.questions)} questions, {len(pack.criteria)} criteria, "
        f"{len(pack.tradeoffs)} trade-offs, {len(pack.advice)} pieces of advice, "
        f"{len(pack.checklist)} checklist items"
    )
    return 0


def show(*, criteria: Path | None, fmt: str) -> int:
    """Render the pack's questions and criteria."""
    emit("pack", fmt, load(criteria))
    return 0
