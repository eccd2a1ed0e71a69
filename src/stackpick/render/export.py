"""SVG and HTML reports: rich's own export of a view's table output, on a light theme.

Nothing here draws SVG by hand: the table renderer prints to a recording rich
Console and rich's ``export_svg`` / ``export_html`` turn the recording into a file.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.terminal_theme import TerminalTheme

    from stackpick.render import Context

WIDTH = 100

# An XHTML-clean page (every tag closed), so the HTML also passes an XML parser.
HTML_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8"/>
<title>@TITLE@</title>
<style>
body {{ color: {foreground}; background-color: {background}; margin: 2em; }}
pre {{ font-family: Menlo, 'DejaVu Sans Mono', Consolas, 'Courier New', monospace; }}
</style>
</head>
<body>
<pre><code>{code}</code></pre>
</body>
</html>
"""


def light_theme() -> TerminalTheme:
    """Dark text on white, with colours dark enough to read on a light page or slide."""
    from rich.terminal_theme import TerminalTheme

    normal = [
        (36, 41, 47),
        (164, 14, 38),
        (17, 99, 41),
        (122, 78, 0),
        (9, 105, 218),
        (130, 80, 223),
        (27, 124, 131),
        (110, 119, 129),
    ]
    bright = [
        (87, 96, 106),
        (207, 34, 46),
        (26, 127, 55),
        (154, 103, 0),
        (33, 139, 255),
        (163, 113, 247),
        (49, 146, 170),
        (140, 149, 159),
    ]
    return TerminalTheme((255, 255, 255), (36, 41, 47), normal, bright)


class _Recording(io.StringIO):
    """A stream whose ``recorder`` console :func:`stackpick.render.common.console` hands out."""

    def __init__(self, recorder: Console) -> None:
        super().__init__()
        self.recorder = recorder


def record(view: str, data: Any, context: Context) -> Console:
    """Render ``view``'s table into a recording console (colour on, markup off, fixed width)."""
    from rich.console import Console

    from stackpick.render import render

    recorder = Console(
        file=io.StringIO(),
        record=True,
        width=WIDTH,
        force_terminal=True,
        color_system="truecolor",
        no_color=False,  # a file for slides keeps its colours; NO_COLOR is about terminals
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    render(view, "table", data, _Recording(recorder), context)
    return recorder


def svg(view: str, data: Any, title: str, context: Context) -> str:
    """The view as an SVG image (rich's export)."""
    from stackpick.errors import printable

    recorder = record(view, data, context)
    return recorder.export_svg(title=printable(title), theme=light_theme())


def html(view: str, data: Any, title: str, context: Context) -> str:
    """The view as a standalone HTML page (rich's export, styles inline)."""
    from html import escape

    from stackpick.errors import printable

    # rich fills the page with str.format: braces in the title must be doubled
    safe = escape(printable(title)).replace("{", "{{").replace("}", "}}")
    page = HTML_PAGE.replace("@TITLE@", safe)
    recorder = record(view, data, context)
    return recorder.export_html(theme=light_theme(), code_format=page, inline_styles=True)


EXPORTS = {"svg": svg, "html": html}
