"""Writing a command's output: standard output, or a file written atomically."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stackpick.errors import InputError

if TYPE_CHECKING:
    from stackpick.render import Context


def write_output(text: str, output: Path | None) -> None:
    """Standard output, or ``output`` replaced atomically (a reader never sees half a file)."""
    if output is None:
        sys.stdout.write(text)
        return
    write_file(output, text)


def write_file(path: Path, text: str, *, exclusive: bool = False) -> Path:
    """Write ``text`` atomically; OS errors become input errors naming the file."""
    from stackpick.files import write_atomic

    try:
        return write_atomic(path, text, exclusive=exclusive)
    except FileExistsError:
        raise InputError("already exists; it is never overwritten", source=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", source=str(path)) from None


def write_report(
    view: str, fmt: str, data: object, output: Path | None, title: str, context: Context
) -> None:
    """Render ``view`` in ``fmt`` (svg and html via rich's export) to stdout or ``output``."""
    import io

    from stackpick.render import render
    from stackpick.render.export import EXPORTS

    if fmt in EXPORTS:
        text = EXPORTS[fmt](view, data, title, context)
    else:
        buffer = io.StringIO()
        render(view, fmt, data, buffer, context)
        text = buffer.getvalue()
    write_output(text, output)
