"""``stackpick adr``: an architecture decision record (MADR) for the recommendation."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackpick.commands.common import check_complete, load, parse_weights, publish
from stackpick.errors import InputError, SettingError, UsageError, printable, warn
from stackpick.render import Context

if TYPE_CHECKING:
    from stackpick.adr import Adr, Link, Record
    from stackpick.answers import Answers

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
    supersedes: int | None = None,
    require_complete: bool = False,
) -> int:
    """Build the record; print it, or write it into ``output`` under the next free number.

    With ``--format html`` and ``--output``, the record's HTML page is written beside it.
    """
    from stackpick.adr import build_adr, check_options, record_date, what_would_change
    from stackpick.answers import read_answers
    from stackpick.engine import score

    check_options(number, date or today(), status)
    check_output(output, fmt)
    check_supersedes(supersedes, output, number)
    pack = load(criteria)
    overrides = parse_weights(pack, weight_pairs, weights_file)
    answers = read_answers(pack, answers_path)
    # a record decides for good: one resting on an unfinished interview's defaults says so
    check_complete(answers, required=require_complete)
    result = score(pack, answers, weights=overrides)
    flips = what_would_change(pack, answers, overrides)
    # one date for the record and its page: --date, else the answers' meta.date, else today
    day = date or record_date(answers.meta) or today()
    meta = {**(answers.meta or {}), "date": day}

    def make(n: int, old: Link | None = None) -> Adr:
        return build_adr(
            pack, answers, result, number=n, date=day, status=status, flips=flips, supersedes=old
        )

    if output is None:
        publish("adr", fmt, make(number or 1), None, Context(pack=pack), meta)
        return 0
    old: Record | None = None
    if supersedes is None:
        warn_if_decided(output, answers)
        written, adr = write_numbered(output, number, make)
    else:
        written, adr, old = write_superseding(output, number, supersedes, make)
    shown = [written]
    if fmt == "html":
        shown.append(write_page(written, adr, Context(pack=pack), meta))
    if old is not None:
        mark_page_superseded(old, adr, shown[-1])
    for path in shown:
        print(printable(str(path), one_line=True))
    return 0


def today() -> str:
    """Today's date, as a record shows it."""
    import datetime

    return datetime.date.today().isoformat()


def check_output(output: Path | None, fmt: str) -> None:
    """Refuse an --output that names a file, or a format that cannot go into the folder."""
    if output is None:
        return
    from stackpick.commands.output import EXTENSIONS

    if output.suffix.lower() in EXTENSIONS:
        raise UsageError(
            f"--output takes the folder of decision records, not a file ('{output.name}');"
            " the record is named after its number and title"
        )
    if fmt == "json":
        raise UsageError(
            "--output writes the Markdown record (and with --format html its page beside it);"
            " use --format json without it"
        )


def write_page(record: Path, adr: Adr, context: Context, meta: Mapping[str, Any]) -> Path:
    """The record's HTML page beside it (same name, .html), linking pages where there are."""
    import dataclasses

    from stackpick.commands.output import write_file
    from stackpick.render.export import heading_for, html

    if adr.supersedes is not None:
        page = record.parent / adr.supersedes.file_name
        if page.with_suffix(".html").is_file():
            linked = dataclasses.replace(adr.supersedes, file_name=page.with_suffix(".html").name)
            adr = dataclasses.replace(adr, supersedes=linked)
    heading = heading_for(context.needs_pack(), meta)
    return write_file(record.with_suffix(".html"), html("adr", adr, context, heading))


def mark_page_superseded(old: Record, by: Adr, written: Path) -> None:
    """The replaced record's HTML page, if there is one, marked superseded by ``written``."""
    from stackpick.adr import Link
    from stackpick.commands.output import write_file
    from stackpick.render.adr import superseded_page

    page = old.path.with_suffix(".html")
    if not page.is_file():
        return
    try:
        text = page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        warn(printable(f"warning: {page} could not be read; it is not marked superseded"))
        return
    link = Link(by.number, by.title, written.name)
    write_file(page, superseded_page(text, link))


def check_supersedes(supersedes: int | None, output: Path | None, number: int | None) -> None:
    """Refuse a --supersedes that cannot work before any work is done."""
    from stackpick.adr import MAX_NUMBER

    if supersedes is None:
        return
    if output is None:
        raise UsageError("--supersedes needs --output, the folder that holds the records")
    if not 1 <= supersedes <= MAX_NUMBER:
        raise SettingError("supersedes", f"must be from 1 to {MAX_NUMBER}, not {supersedes}")
    if number == supersedes:
        raise UsageError(
            "--number and --supersedes name the same record; a record cannot replace itself"
        )


def warn_if_decided(output: Path, answers: Answers) -> None:
    """A warning when a record in ``output`` already decides this project and is still open."""
    from stackpick.adr import named_project, open_records_for

    project = named_project(answers)
    if not project:
        return
    earlier = open_records_for(output, project)
    if earlier:
        last, status = earlier[-1].link, earlier[-1].status or "no status"
        text = (
            f"warning: {last.file_name} already decides {project} ({status});"
            f" to replace it, add --supersedes {last.number}"
        )
        warn(printable(text, one_line=True))


def warn_if_another_project(old: Record, project: str) -> None:
    """A warning when the record being replaced decides another project than the new one."""
    from stackpick.adr import project_of

    decided = project_of(old.link.title)
    if decided and decided != project:
        text = (
            f"warning: {old.link.file_name} decides {decided}, not {project};"
            f" it is marked superseded by the record for {project} all the same"
        )
        warn(printable(text, one_line=True))


def write_superseding(
    output: Path, number: int | None, supersedes: int, make: Callable[[int, Link | None], Adr]
) -> tuple[Path, Adr, Record]:
    """Write the new record linked to record ``supersedes``, then mark that one superseded.

    Record ``supersedes`` is claimed for the whole change, so two runs cannot both
    replace it. Each file is replaced atomically; if the old record cannot be rewritten,
    the new one is removed again: the folder holds both links or neither.
    """
    from stackpick.adr import Link, claim_path, existing_record, folder_for, read_record
    from stackpick.files import claim

    folder = folder_for(output)
    try:
        with claim(claim_path(folder, supersedes)):
            path = existing_record(folder, supersedes)
            if path is None:
                raise InputError(
                    f"there is no record {supersedes:04d} to supersede", source=str(folder)
                )
            old = read_record(path)
            if old.status.startswith("superseded"):
                raise InputError(
                    f"record {supersedes:04d} is already {old.status}", source=str(path)
                )
            warn_if_another_project(old, make(supersedes, None).project)
            written, adr = write_numbered(folder, number, lambda n: make(n, old.link))
            new = read_record(written).link
            _rewrite(old, Link(new.number, new.title, new.file_name), written)
    except FileExistsError:
        raise InputError(
            f"record {supersedes:04d} is being changed by another run (or a killed run left"
            f" {claim_path(folder, supersedes).name}: remove it)",
            source=str(folder),
        ) from None
    return written, adr, old


def _rewrite(old: Record, by: Link, written: Path) -> None:
    from stackpick.adr import superseded_text
    from stackpick.files import write_atomic

    try:
        write_atomic(old.path, superseded_text(old, by))
    except OSError as exc:
        written.unlink(missing_ok=True)  # both links or neither
        from stackpick.commands.output import write_failure

        reason = exc.strerror or str(exc)
        raise write_failure(exc)(
            f"cannot mark it superseded: {reason}", source=str(old.path)
        ) from None


def write_numbered(
    output: Path, number: int | None, make: Callable[[int], Adr]
) -> tuple[Path, Adr]:
    """Write the record under ``number``, or the next free one; never overwrite a record."""
    from stackpick.adr import MAX_NUMBER, claim_path, folder_for, next_number

    folder = folder_for(output)
    start = number if number is not None else next_number(folder)
    tries = 1 if number is not None else ATTEMPTS
    for candidate in range(start, min(start + tries, MAX_NUMBER + 1)):
        adr = make(candidate)
        written = _try_write(folder, adr)
        if written is not None:
            return written, adr
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
        from stackpick.commands.output import write_failure

        raise write_failure(exc)(
            f"cannot write: {exc.strerror or exc}", source=str(folder)
        ) from None
