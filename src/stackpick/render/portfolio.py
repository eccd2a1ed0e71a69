"""The portfolio view: one row per answers file (``stackpick portfolio``)."""

from __future__ import annotations

import csv as _csv
import json as _json
import os
from collections import Counter
from typing import TYPE_CHECKING, Any, TextIO

from stackpick.errors import json_safe, printable
from stackpick.portfolio import Portfolio
from stackpick.render import Context, View
from stackpick.render.common import console, md, number

if TYPE_CHECKING:
    from stackpick.portfolio import Row


def row_data(row: Row) -> dict[str, Any]:
    """One file's result, briefly, as JSON-ready data."""
    result, top = row.result, row.top_reason
    return {
        "file": row.file,
        "recommendation": result.recommendation,
        "scores": {o: round(s, 2) for o, s in result.scores.items()},
        "confidence": result.confidence,
        "margin": result.margin,
        "tie": result.tie,
        # null where the checks were skipped (the margin alone decided the label), as
        # open_could_flip is: [] would read as "hinges on nothing"
        "hinges_on": list(row.hinges) if result.robustness_checked else None,
        "open_could_flip": row.open_could_flip,
        "robustness_checked": result.robustness_checked,
        "ruled_out": list(result.ruled_out),
        "top_reason": None
        if top is None
        else {
            "criterion": top.criterion,
            "title": top.title,
            "favours": top.favours,
            "points": top.points,
            "why": top.why,
        },
        "defaulted": list(result.defaulted),
        "unknown": list(result.unknown),
    }


def json(portfolio: Portfolio, out: TextIO, context: Context) -> None:
    """A JSON list, one object per scored file and per line (bad files go to stderr)."""
    # One compact object per line: greppable, diffable, and the C encoder (indent= is slow);
    # one encoder for every row (json.dumps with options builds one per call)
    encode = _json.JSONEncoder(ensure_ascii=False).encode
    rows = [encode(row_data(r)) for r in portfolio.rows]
    out.write(json_safe("[\n" + ",\n".join(rows) + "\n]\n") if rows else "[]\n")


def summary(portfolio: Portfolio) -> str:
    """'4 scored: 3 Option A, 1 Option B; 1 could not be scored (see stderr)'."""
    counts = Counter(r.result.recommendation for r in portfolio.rows)
    pack = portfolio.pack
    parts = [f"{counts[o]} {pack.option_name(o)}" for o in pack.option_ids if counts[o]]
    text = f"{len(portfolio.rows)} scored" + (": " + ", ".join(parts) if parts else "")
    if portfolio.failures:
        text += f"; {len(portfolio.failures)} could not be scored (see stderr)"
    return text


def _top(row: Row) -> str:
    top = row.top_reason
    return top.title if top else ""


def fragility(row: Row) -> str:
    """'hinges on jvm_estate, team_size; open answers could flip it', or ''.

    A row the margin alone keeps below clear was not checked for robustness (a batch's
    summary): it says so, rather than look steadier than a checked one.
    """
    parts = []
    if row.hinges:
        more = f" and {len(row.hinges) - 2} more" if len(row.hinges) > 3 else ""
        shown = row.hinges[:2] if more else row.hinges
        parts.append("hinges on " + ", ".join(shown) + more)
    if row.open_could_flip:
        parts.append("open answers could flip it")
    if row.result.ruled_out:
        parts.append("ruled out: " + ", ".join(row.result.ruled_out))
    if not row.result.robustness_checked:  # not robust-checked, so not known to be steady
        parts.append("below clear on its margin; whatif lists what flips it")
    return "; ".join(parts)


def markdown(portfolio: Portfolio, out: TextIO, context: Context) -> None:
    """A Markdown table, one row per file."""
    pack = portfolio.pack
    names = [md(pack.option_name(o)) for o in pack.option_ids]
    lines = ["## Portfolio", "", md(summary(portfolio)), ""]
    lines += ["Each option's column is its score, 0 to 100 (indicative).", ""]
    lines.append(
        "| File | Recommendation | " + " | ".join(names) + " | Confidence | Top reason | Fragile |"
    )
    lines.append("|---|---|" + "---:|" * len(names) + "---|---|---|")
    for row in portfolio.rows:
        result = row.result
        cells = [
            md(row.file),
            md(pack.option_name(result.recommendation)),
            *(number(result.scores[o]) for o in pack.option_ids),
            md(result.confidence.replace("_", " ")),
            md(_top(row)),
            md(fragility(row)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    out.write("\n".join(lines) + "\n")


def _cell(text: str) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula: keep it text.
    text = printable(text, one_line=True)  # one line per row, whatever a file name holds
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv(portfolio: Portfolio, out: TextIO, context: Context) -> None:
    """CSV with a header row, one row per file; scores as plain numbers."""
    pack = portfolio.pack
    writer = _csv.writer(out, lineterminator="\n")
    header = ["file", "recommendation", *(f"score_{o}" for o in pack.option_ids)]
    writer.writerow(
        [
            *header,
            "confidence",
            "margin",
            "top_reason",
            "top_reason_why",
            "hinges_on",
            "open_could_flip",
        ]
    )
    for row in portfolio.rows:
        result, top = row.result, row.top_reason
        writer.writerow(
            [
                _cell(row.file),
                result.recommendation,
                *(f"{result.scores[o]:.2f}" for o in pack.option_ids),
                result.confidence,
                f"{result.margin:.1f}",
                _cell(top.criterion if top else ""),
                _cell(top.why if top else ""),
                ";".join(row.hinges),
                {True: "true", False: "false", None: ""}[row.open_could_flip],
            ]
        )


def table(portfolio: Portfolio, out: TextIO, context: Context) -> None:
    """For people: one row per file, the winner's score highlighted."""
    from rich import box
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    pack = portfolio.pack
    con = console(out)
    # Files in one folder are named within it, so their names fit the column.
    folder = _common_folder([row.file for row in portfolio.rows])
    named = folder not in ("", os.curdir + os.sep)  # "Portfolio of ./" says nothing
    title = f"Portfolio of {printable(folder)}" if named else "Portfolio"
    grid = Table(title=title, title_justify="left", expand=True, box=box.SIMPLE_HEAD)
    grid.add_column("File, top reason", overflow="fold", ratio=1)
    grid.add_column("Pick, confidence", no_wrap=True)
    for option in pack.option_ids:
        grid.add_column(printable(pack.option_name(option)), justify="right", no_wrap=True)
    for row in portfolio.rows:
        result = row.result
        scores = [
            Text(number(result.scores[o]), "bold" if o == result.recommendation else "dim")
            for o in pack.option_ids
        ]
        name = row.file[len(folder) :] if folder else row.file
        # the reason and the warning under the file name, indented on every line they wrap to
        below = [Text(printable(_top(row)), "dim")]
        if fragility(row):
            below.append(Text(printable(fragility(row)), "yellow"))
        where = Group(
            Text(printable(name, one_line=True)), *(Padding(t, (0, 0, 0, 2)) for t in below)
        )
        pick = Text(printable(pack.option_name(result.recommendation)), "green")
        pick.append("\n" + result.confidence.replace("_", " "), "dim")
        grid.add_row(where, pick, *scores)
    if portfolio.rows:  # no empty table when nothing could be scored
        con.print(grid)
    con.print(Text(printable(summary(portfolio)), style="dim"))


def _common_folder(files: list[str]) -> str:
    """The folder every file is in, with its trailing separator ('' when there is none)."""
    folders = [file.rpartition(os.sep)[0] + os.sep for file in files if os.sep in file]
    if not folders or len(folders) != len(files):
        return ""
    common = os.path.commonprefix(folders)
    return common[: common.rfind(os.sep) + 1]


VIEW = View(Portfolio, {"json": json, "markdown": markdown, "csv": csv, "table": table})
