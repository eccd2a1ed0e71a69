"""Production-readiness checklist: the pack's items for one stack, and a review's progress.

Pure where it can be: :func:`applicable` and :func:`build` take data and return data;
:func:`read_status` is the one function that reads a file (a review's status file).

A status file maps item ids to a state, flat or under ``items:`` (beside ``meta:``)::

    items:
      stateless_handlers: done
      chaos_tests: {status: not_applicable, reason: batch job, no live traffic}
      load_tests: {status: open, note: booked for the next sprint}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stackpick.answers import Answer, holds
from stackpick.errors import InputError, nearest, shorten
from stackpick.models import ChecklistItem, Pack
from stackpick.yamlfile import Document, load_file, section

STATES = ("done", "not_applicable", "open")
ALL_STACKS = "all"


@dataclass(frozen=True)
class Mark:
    """Where a review stands on one item."""

    state: str = "open"
    note: str = ""
    reason: str = ""

    @property
    def closed(self) -> bool:
        """Done or not applicable: nothing left to do."""
        return self.state != "open"


@dataclass(frozen=True)
class Entry:
    """One checklist item with its review mark."""

    item: ChecklistItem
    mark: Mark


@dataclass(frozen=True)
class Progress:
    """Counts for one category (or the whole list)."""

    category: str
    total: int
    done: int
    not_applicable: int
    required_open: int

    @property
    def open(self) -> int:
        """Items neither done nor marked not applicable."""
        return self.total - self.done - self.not_applicable


@dataclass(frozen=True)
class Checklist:
    """The checklist for one stack, in the pack's order, with progress per category."""

    stack: str
    stack_name: str
    entries: tuple[Entry, ...]

    @property
    def categories(self) -> tuple[Progress, ...]:
        """Progress per category, in order of first appearance."""
        names = list(dict.fromkeys(e.item.category for e in self.entries))
        return tuple(progress(n, [e for e in self.entries if e.item.category == n]) for n in names)

    @property
    def overall(self) -> Progress:
        """Progress over every item."""
        return progress("all", list(self.entries))

    @property
    def required_open(self) -> tuple[Entry, ...]:
        """Required items still open: what ``--require-complete`` fails on."""
        return tuple(e for e in self.entries if e.item.required and not e.mark.closed)


def progress(category: str, entries: list[Entry]) -> Progress:
    """Count the states of ``entries``."""
    states = [e.mark.state for e in entries]
    return Progress(
        category=category,
        total=len(entries),
        done=states.count("done"),
        not_applicable=states.count("not_applicable"),
        required_open=sum(1 for e in entries if e.item.required and not e.mark.closed),
    )


def applicable(pack: Pack, stack: str, values: Mapping[str, Answer]) -> tuple[ChecklistItem, ...]:
    """The pack's items for ``stack`` whose condition holds on the answers."""
    return tuple(
        item
        for item in pack.checklist
        if item.stack in (ALL_STACKS, stack) and (item.when is None or holds(item.when, values))
    )


def build(
    pack: Pack, stack: str, values: Mapping[str, Answer], marks: Mapping[str, Mark] | None = None
) -> Checklist:
    """The checklist for ``stack`` on these answers; an unmarked item is open."""
    marks = marks or {}
    entries = tuple(Entry(i, marks.get(i.id, Mark())) for i in applicable(pack, stack, values))
    return Checklist(stack, pack.option_name(stack), entries)


def read_status(pack: Pack, path: str) -> dict[str, Mark]:
    """Read a review's status file; unknown ids and states are errors with the line."""
    return check_status(pack, load_file(path))


def check_status(pack: Pack, document: Document) -> dict[str, Mark]:
    """Check a parsed status file against the pack's checklist."""
    known = [i.id for i in pack.checklist]
    data, base = section(document, "items", known, "checklist item id to status")
    marks: dict[str, Mark] = {}
    for key, value in data.items():
        path = (*base, key)

        def fail(message: str, where: tuple[str | int, ...] = path) -> InputError:
            return InputError(message, source=document.source, line=document.line(where))

        if key not in known:
            hint = nearest(key, known)
            raise fail(f"unknown checklist item '{shorten(key)}'{hint}")
        marks[key] = _mark(key, value, fail)
    return marks


def _mark(key: str, value: object, fail: Any) -> Mark:
    """One status entry: a state word, or a mapping with status, note and reason."""
    if isinstance(value, str):
        value = {"status": value}
    if not isinstance(value, dict):
        raise fail(f"{key}: expected a status ({', '.join(STATES)}) or a mapping with 'status'")
    extra = set(value) - {"status", "note", "reason"}
    if extra:
        raise fail(f"{key}: unknown field '{sorted(extra)[0]}'; allowed: status, note, reason")
    state = value.get("status")
    if state not in STATES:
        hint = nearest(state, STATES) if isinstance(state, str) else ""
        raise fail(
            f"{key}: status '{shorten(state)}' is not allowed{hint}; one of: {', '.join(STATES)}"
        )
    note, reason = value.get("note", ""), value.get("reason", "")
    if not isinstance(note, str) or not isinstance(reason, str):
        raise fail(f"{key}: note and reason must be text")
    if state == "not_applicable" and not reason.strip():
        raise fail(f"{key}: not_applicable needs a reason (why the item does not apply)")
    return Mark(state, note.strip(), reason.strip())
