"""The checklist view: what ``stackpick checklist`` prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from stackpick.checklist import Checklist
from stackpick.errors import printable
from stackpick.render import Context, View
from stackpick.render.common import console, md, write_json

if TYPE_CHECKING:
    from stackpick.checklist import Entry, Progress

SYMBOLS = {"done": "✓", "not_applicable": "–", "open": "☐"}


def summary(checklist: Checklist) -> str:
    """'12 of 38 closed (10 done, 2 not applicable); 20 required open'."""
    p = checklist.overall
    closed = p.done + p.not_applicable
    return (
        f"{closed} of {p.total} closed ({p.done} done, {p.not_applicable} not applicable); "
        f"{p.required_open} required open"
    )


def _entry_data(entry: Entry) -> dict[str, Any]:
    item, mark = entry.item, entry.mark
    return {
        "id": item.id,
        "category": item.category,
        "title": item.title,
        "why": item.why,
        "section": item.section,
        "stack": item.stack,
        "required": item.required,
        "status": mark.state,
        "note": mark.note,
        "reason": mark.reason,
    }


def _progress_data(p: Progress) -> dict[str, Any]:
    return {
        "category": p.category,
        "total": p.total,
        "done": p.done,
        "not_applicable": p.not_applicable,
        "open": p.open,
        "required_open": p.required_open,
    }


def to_data(checklist: Checklist) -> dict[str, Any]:
    """The checklist as JSON-ready data."""
    overall = _progress_data(checklist.overall)
    del overall["category"]
    return {
        "stack": checklist.stack,
        "stack_name": checklist.stack_name,
        "complete": not checklist.required_open,
        "progress": overall,
        "categories": [_progress_data(p) for p in checklist.categories],
        "items": [_entry_data(e) for e in checklist.entries],
    }


def json(checklist: Checklist, out: TextIO, context: Context) -> None:
    """One JSON object: progress, categories and every item with its status."""
    write_json(to_data(checklist), out)


def _task(entry: Entry) -> list[str]:
    item, mark = entry.item, entry.mark
    box = "[ ]" if mark.state == "open" else "[x]"
    title = f"~~{md(item.title)}~~" if mark.state == "not_applicable" else f"**{md(item.title)}**"
    optional = "" if item.required else " (optional)"
    # ids match [a-z0-9_] (the pack checks it), so they need no escaping inside a code span
    lines = [f"- {box} {title}{optional} `{item.id}`"]
    if mark.state == "not_applicable":
        lines.append(f"  - Not applicable: {md(mark.reason)}")
    section = f" _({md(item.section)})_" if item.section else ""
    lines.append(f"  - {md(item.why)}{section}")
    if mark.note:
        lines.append(f"  - Note: {md(mark.note)}")
    return lines


def markdown(checklist: Checklist, out: TextIO, context: Context) -> None:
    """Progress per category, then GitHub task lists (checkboxes) per category."""
    lines = [f"## Production-readiness checklist: {md(checklist.stack_name)}", ""]
    lines += [summary(checklist) + ".", ""]
    lines += ["| Category | Done | Not applicable | Open | Required open |"]
    lines += ["|---|---:|---:|---:|---:|"]
    for p in checklist.categories:
        counts = (p.done, p.not_applicable, p.open, p.required_open)
        lines.append(f"| {md(p.category)} | " + " | ".join(str(c) for c in counts) + " |")
    for p in checklist.categories:
        lines += ["", f"### {md(p.category)}", ""]
        for entry in (e for e in checklist.entries if e.item.category == p.category):
            lines += _task(entry)
    out.write("\n".join(lines) + "\n")


def table(checklist: Checklist, out: TextIO, context: Context) -> None:
    """For people: a progress table, then the items per category."""
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    title = f"Production-readiness checklist: {printable(checklist.stack_name)}"
    con.print(Text(title, style="bold"))
    con.print(Text(summary(checklist), style="dim"))
    con.print()
    if not checklist.entries:
        con.print("No checklist items apply: the criteria pack has none for this stack.")
        return
    overview = Table(expand=False)
    overview.add_column("Category")
    for name in ("Done", "N/A", "Open", "Required open"):
        overview.add_column(name, justify="right")
    overview.add_column("Progress")
    for p in checklist.categories:
        share = 100 * (p.done + p.not_applicable) / p.total if p.total else 100.0
        filled = round(share / 10)
        counts = (p.done, p.not_applicable, p.open, p.required_open)
        overview.add_row(
            printable(p.category), *map(str, counts), "█" * filled + "░" * (10 - filled)
        )
    con.print(overview)
    for p in checklist.categories:
        _category(con, checklist, p.category)


def _category(con: Any, checklist: Checklist, category: str) -> None:
    from rich.table import Table
    from rich.text import Text

    con.print()
    con.print(Text(printable(category), style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1)
    grid.add_column(ratio=1)
    for entry in (e for e in checklist.entries if e.item.category == category):
        item, mark = entry.item, entry.mark
        style = "green" if mark.state == "done" else ("dim" if mark.closed else "")
        body = Text(printable(item.title), style=f"bold {style}".strip())
        if not item.required:
            body.append(" (optional)", "dim")
        body.append(f"  {printable(item.id)}", "dim")  # the key a --status file uses
        if mark.state == "not_applicable":
            body.append(f"\nnot applicable: {printable(mark.reason)}", "dim")
        body.append("\n" + printable(item.why), "dim")
        if mark.note:
            body.append(f"\nnote: {printable(mark.note)}", "italic")
        grid.add_row(Text(SYMBOLS[mark.state], style=style), body)
    con.print(grid)


VIEW = View(Checklist, {"json": json, "markdown": markdown, "table": table})
