"""``stackpick adr``: an architecture decision record (MADR) for the recommendation."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stackpick.commands.common import emit, load, parse_weights
from stackpick.errors import InputError, UsageError, printable

if TYPE_CHECKING:
    from stackpick.adr import Adr

# A concurrent writer may take the number we picked; then the next ones are tried.
ATTEMPTS = 100


def run(
    *,
    answers_path: str,
    criteria: Path | None,
    fmt: str,
    number: int | None,
    output: Path | None,
    date: str | None,
    status: str,
    weight_pairs: Sequence[str] = (),
    weights_file: Path | None = None,
) -> int:
    """Build the record; print it, or write it into ``output`` under the next free number."""
    import datetime

    from stackpick.adr import build_adr, check_options, what_would_change
    from stackpick.answers import read_answers
    from stackpick.engine import score

    day = date or datetime.date.today().isoformat()
    check_options(number, day, status)
    if output is not None and fmt != "markdown":
        raise UsageError("--output writes the Markdown record; use --format json without it")
    pack = load(criteria)
    overrides = parse_weights(pack, weight_pairs, weights_file)
    answers = read_answers(pack, answers_path)
    result = score(pack, answers, weights=overrides)
    flips = what_would_change(pack, answers, overrides)

    def make(n: int) -> Adr:
        return build_adr(pack, answers, result, number=n, date=day, status=status, flips=flips)

    if output is None:
        emit("adr", fmt, make(number or 1))
    else:
        print(printable(str(write_numbered(output, number, make)), one_line=True))
    return 0


def write_numbered(output: Path, number: int | None, make: Callable[[int], Adr]) -> Path:
    """Write the record under ``number``, or the next free one; never overwrite a record."""
    from stackpick.adr import MAX_NUMBER, claim_path, folder_for, next_number

    folder = folder_for(output)
    start = number if number is not None else next_number(folder)
    tries = 1 if number is not None else ATTEMPTS
    for candidate in range(start, min(start + tries, MAX_NUMBER + 1)):
        written = _try_write(folder, make(candidate))
        if written is not None:
            return written
    if number is not None and claim_path(folder, number).exists():
        raise InputError(
            f"record {number:04d} is being written by another run (or a killed run left"
            f" {claim_path(folder, number).name}: remove it)",
            source=str(folder),
        )
    raise InputError(
        f"a record numbered {start:04d} already exists; it is never overwritten"
        + ("" if number is None else " (leave --number out to take the next free number)"),
        source=str(folder),
    )


def _try_write(folder: Path, adr: Adr) -> Path | None:
    """The written path, or None when the number is taken."""
    from stackpick.adr import write_record
    from stackpick.render import render

    buffer = io.StringIO()
    render("adr", "markdown", adr, buffer)
    try:
        return write_record(folder, adr, buffer.getvalue())
    except FileExistsError:
        return None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", source=str(folder)) from None
