"""Golden files for rendered output: compare, or rewrite them with UPDATE_GOLDEN=1.

After an intended change: ``UPDATE_GOLDEN=1 pytest`` and read ``git diff tests/golden``.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def check_golden(name: str, text: str) -> None:
    """Assert ``text`` equals tests/golden/``name`` (rewritten instead when updating)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}; run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs; if the change is intended, rerun with UPDATE_GOLDEN=1"
    )
