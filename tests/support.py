"""What tests import by name (fixtures live in conftest.py): paths, a run's result, the entry point.

A plain module on pytest's ``pythonpath``, so ``pytest``, ``python -m pytest`` and mypy all
find it the same way; nothing imports ``conftest`` itself.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@dataclass
class Run:
    """What one run of the command gave: exit code, stdout, stderr."""

    code: int
    out: str
    err: str


def entry_point() -> list[str]:
    """The installed `stackpick` command, as a subprocess's first words."""
    script = Path(sys.executable).with_name("stackpick")
    if script.exists():
        return [str(script)]
    found = shutil.which("stackpick")
    return [found] if found else [sys.executable, "-m", "stackpick"]


class CLI(Protocol):
    """The ``cli`` and ``cli_process`` fixtures: a command line's words in, a :class:`Run` out."""

    def __call__(
        self,
        *args: str,
        stdin: str | bytes | object | None = None,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> Run: ...
