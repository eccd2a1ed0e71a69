"""Writing a command's output: standard output, or a file written atomically."""

from __future__ import annotations

import errno
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from stackpick.errors import InputError, OutputError, UsageError

if TYPE_CHECKING:
    from stackpick.render import Context
    from stackpick.render.export import Heading

# What an --output file's extension says about the format wanted, when --format is not given.
EXTENSIONS = {
    ".txt": "table",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".svg": "svg",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
}
DEFAULT_FORMAT = "table"
CHUNK = 8192  # what standard output's buffer takes whole (io.DEFAULT_BUFFER_SIZE)


class Chunked:
    """A text stream that passes writes on in pieces its buffer takes whole.

    CPython hands a write larger than the buffer straight to the file, and when the
    reader of a pipe leaves mid-write (``| head -1``), the part the kernel took is all
    that is written: the rest is dropped without an error, and the run would end 0 with
    half a JSON document. Written in pieces, the next write after that fails as a broken
    pipe, and the run ends 141.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` a piece at a time; its length, as TextIO.write returns."""
        for start in range(0, len(text), CHUNK):
            self._stream.write(text[start : start + CHUNK])
        return len(text)

    def __getattr__(self, name: str) -> Any:  # isatty, flush, encoding, ...: the stream's
        return getattr(self._stream, name)


def stdout() -> TextIO:
    """Standard output, written in pieces (see :class:`Chunked`)."""
    return cast("TextIO", Chunked(sys.stdout))


def pick_format(fmt: str | None, output: Path | None, offered: Sequence[str]) -> str:
    """``--format`` as given; else the one ``--output``'s extension names; else ``table``.

    A file without an extension (a device, a FIFO, ``/dev/stdout``) takes the default; an
    extension that names none of the ``offered`` formats is a usage error. A ``--format``
    other than the one the extension names still wins, with a warning.
    """
    if fmt is not None:
        check_named(output, fmt)
        return fmt
    suffix = output.suffix.lower() if output is not None else ""
    if not suffix:
        return DEFAULT_FORMAT if DEFAULT_FORMAT in offered else offered[0]
    named = EXTENSIONS.get(suffix, "")
    if named in offered:
        return named
    ends = ", ".join(e for e, f in EXTENSIONS.items() if f in offered)
    raise UsageError(
        f"--output: '{suffix}' names no format here; end the file in {ends},"
        f" or give --format ({', '.join(offered)})"
    )


def check_named(output: Path | None, fmt: str) -> None:
    """Warn when ``output``'s extension names another format than the one written (``fmt``)."""
    suffix = output.suffix.lower() if output is not None else ""
    if EXTENSIONS.get(suffix, fmt) != fmt:
        _warn_mismatch(output, suffix, fmt)


def _warn_mismatch(output: Path | None, suffix: str, fmt: str) -> None:
    """--format wins over the extension, but a JSON file named .html surprises whoever opens it."""
    from stackpick.errors import printable, warn

    text = (
        f"warning: {output} is named like {EXTENSIONS[suffix]} ({suffix}) but gets {fmt}:"
        " --format wins over the extension"
    )
    warn(printable(text, one_line=True))


def write_output(text: str, output: Path | None) -> None:
    """Standard output, or ``output`` replaced atomically (a reader never sees half a file)."""
    if output is None:
        stdout().write(text)
        return
    write_file(output, text)


def write_kept(text: str, output: Path | None) -> None:
    """As :func:`write_output`, keeping a file replaced as ``PATH.bak`` (and saying so).

    For a file people fill in by hand (a template): writing a fresh one over it must not
    take what they typed.
    """
    if output is None:
        stdout().write(text)
        return
    before = output.is_file()  # a device or a FIFO is written through, never kept
    if before and _holds(output, text):  # the same again: nothing to keep (nor a .bak to lose)
        return
    written = write_file(output, text, backup=True)
    if before:
        from stackpick.errors import printable, warn

        warn(printable(f"note: the old {written} is kept as {written}.bak", one_line=True))


def _holds(path: Path, text: str) -> bool:
    """Whether ``path`` already holds exactly ``text`` (unreadable: no)."""
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def write_file(path: Path, text: str, *, exclusive: bool = False, backup: bool = False) -> Path:
    """Write ``text`` atomically; OS errors become input errors naming the file.

    Never over a file this command read (an answers file given as its own --output), nor
    over one made read-only: a shell's ``>`` would refuse that, and a rename would not.
    With ``backup``, a file replaced is kept as ``PATH.bak``.
    """
    from stackpick.files import write_atomic

    _refuse_to_replace(path)
    try:
        return write_atomic(path, text, exclusive=exclusive, backup=backup)
    except FileExistsError:
        raise InputError("already exists; it is never overwritten", source=str(path)) from None
    except OSError as exc:
        raise write_failure(exc)(f"cannot write: {exc.strerror or exc}", source=str(path)) from None


_DEVICE_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG})


def write_failure(exc: OSError) -> type[InputError | OutputError]:
    """The error a failed write is: the output failing (74), or a path that cannot be used (2).

    A full disk or an I/O error is the output failing, as on standard output; a path
    that cannot take a file at all (a missing folder, no permission) is bad usage.
    """
    return OutputError if exc.errno in _DEVICE_FAILURES else InputError


def _refuse_to_replace(path: Path) -> None:
    """An input error when ``path`` (its links followed) is a file this command read.

    A read-only file is refused by :func:`stackpick.files.write_atomic` itself, for every
    writer.
    """
    from stackpick.yamlfile import READ

    try:
        info = path.stat()
    except (OSError, ValueError):  # nothing there yet (or no usable name): the write says
        return
    read = READ.get((info.st_dev, info.st_ino))
    if read is not None:
        where = "" if read == str(path) else f" ({read})"
        raise InputError(
            f"is an input of this command{where}; write the output to another file",
            source=str(path),
        )


def write_report(
    view: str,
    fmt: str,
    data: object,
    output: Path | None,
    context: Context,
    heading: Heading | None = None,
) -> None:
    """Render ``view`` in ``fmt`` (svg and html from templates) to stdout or ``output``."""
    import io

    from stackpick.render import render

    if fmt in ("svg", "html"):
        from stackpick.render.export import EXPORTS

        text = EXPORTS[fmt](view, data, context, heading)
    else:
        buffer = io.StringIO()
        render(view, fmt, data, buffer, context)
        text = buffer.getvalue()
    write_output(text, output)
