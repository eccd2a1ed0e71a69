"""What several commands share: loading the pack and answers, weights, writing output."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stackpick.errors import UsageError

if TYPE_CHECKING:
    from stackpick.models import Pack


def load(criteria: Path | None) -> Pack:
    """The pack to use: ``--criteria`` or the shipped one."""
    from stackpick.pack import load_pack

    return load_pack(criteria)


def parse_weights(pairs: Sequence[str], weights_file: Path | None) -> dict[str, float]:
    """``--weights FILE`` then each ``--weight CRITERION=NUMBER``, as one mapping."""
    overrides: dict[str, float] = {}
    if weights_file is not None:
        overrides.update(_weights_from_file(str(weights_file)))
    for pair in pairs:
        name, sep, number = pair.partition("=")
        try:
            if not sep:
                raise ValueError
            overrides[name.strip()] = float(number)
        except ValueError:
            raise UsageError(f"--weight takes CRITERION=NUMBER, not '{pair}'") from None
    return overrides


def _weights_from_file(path: str) -> dict[str, float]:
    from stackpick.yamlfile import load_file

    document = load_file(path)
    data = document.data
    if isinstance(data, dict) and isinstance(data.get("weights"), dict):
        data = data["weights"]
    if not isinstance(data, dict):
        raise UsageError("expected a mapping of criterion id to weight", source=path, line=1)
    for key, value in data.items():
        if not isinstance(value, int | float) or isinstance(value, bool):
            line = document.line((key,)) or document.line(("weights", key))
            raise UsageError(f"weight of '{key}' must be a number", source=path, line=line)
    return {k: float(v) for k, v in data.items()}


def emit(view: str, fmt: str, data: object, **options: object) -> None:
    """Render to stdout."""
    from stackpick.render import render

    render(view, fmt, data, sys.stdout, **options)
