"""Golden files for rendered output: compare, or rewrite with STACKPICK_UPDATE_GOLDEN=1."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def check_golden(name: str, text: str) -> None:
    """Assert ``text`` equals tests/golden/``name`` (written instead when updating)."""
    path = GOLDEN / name
    if os.environ.get("STACKPICK_UPDATE_GOLDEN") or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs; if the change is intended, rerun with STACKPICK_UPDATE_GOLDEN=1"
    )
