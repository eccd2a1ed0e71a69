"""Renderers: one module per view, one function per format, picked by name.

A view module (``result``, ``pack``, ...) defines ``table``, ``markdown`` and ``json``
functions taking the view's data and a text stream. Only the table functions
import rich, inside the function, so JSON output never pays for it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TextIO


class Format(StrEnum):
    """Output formats every command offers."""

    table = "table"
    markdown = "markdown"
    json = "json"


def render(view: str, fmt: str, data: Any, out: TextIO, **options: Any) -> None:
    """Render ``data`` with the ``fmt`` function of the ``view`` module to ``out``."""
    module = importlib.import_module(f"stackpick.render.{view}")
    renderer: Callable[..., None] = getattr(module, fmt)
    renderer(data, out, **options)
