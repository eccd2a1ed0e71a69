"""Helpers shared by the renderers: safe text, JSON, Markdown and rich consoles."""

from __future__ import annotations

import json as _json
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from stackpick.answers import answer_text as answer_text  # the one wording of an answer
from stackpick.errors import json_safe, printable

if TYPE_CHECKING:
    from rich.console import Console

MAX_WIDTH = 100
_TRAILING_SPACES = re.compile(r" +\n")


def write_json(data: Any, out: TextIO) -> None:
    """Exactly one JSON object, indented, ending in a newline."""
    out.write(json_safe(_json.dumps(data, indent=2, ensure_ascii=False)) + "\n")


def md(text: str) -> str:
    """Text from a file made safe inside a Markdown table cell or line."""
    cleaned = printable(text).replace("\n", " ")
    for char in "\\|*_`[]<>~":
        cleaned = cleaned.replace(char, "\\" + char)
    return cleaned


def console(out: TextIO) -> Console:
    """A rich console on ``out``: colour only on a terminal without NO_COLOR, at most 100 wide.

    Markup, emoji codes and highlighting are off: text from files prints as written.
    """
    from rich.console import Console

    recorder = getattr(out, "recorder", None)
    if isinstance(recorder, Console):  # render/export.py records the table view for svg/html
        return recorder

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit 1 here, which means "gate failed"; let the CLI handle it.
            raise BrokenPipeError

        def _render_buffer(self, buffer: Any) -> str:
            # rich pads table rows to the full width; in a file or a pipe those trailing
            # spaces are noise (and show up in diffs), so drop them there.
            text: str = super()._render_buffer(buffer)
            return text if self.is_terminal else _TRAILING_SPACES.sub("\n", text)

    width = min(_Console(file=out).width, MAX_WIDTH)
    # no-color.org asks for no colour; bold and dim are escapes too, so drop every style
    plain = bool(os.environ.get("NO_COLOR"))
    return _Console(
        file=out,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        color_system=None if plain else "auto",
    )


def number(value: float) -> str:
    """A score or point figure, one decimal (never -0.0)."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def bar(share: float, width: int = 30, *, ascii_only: bool = False) -> str:
    """A horizontal bar for a 0..100 share (``#`` and ``.`` where blocks cannot be encoded)."""
    filled = round(share / 100 * width)
    full, empty = ("#", ".") if ascii_only else ("█", "░")
    return full * filled + empty * (width - filled)


def fits_unwrapped(
    headers: Sequence[str], rows: Sequence[Sequence[str]], width: int, room: int = 12
) -> bool:
    """Whether these columns fit unwrapped and leave ``room`` for one flexible column.

    Rich's borders and padding are counted; on a narrower screen every column should fold.
    """
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]
    return sum(widths) + 3 * (len(headers) + 1) + 1 + room <= width
