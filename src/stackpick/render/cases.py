"""The view of a pack's test cases (``stackpick criteria test``): each case, then coverage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from stackpick.cases import Report
from stackpick.errors import printable
from stackpick.render import Context, View
from stackpick.render.common import console, md, write_json

if TYPE_CHECKING:
    from stackpick.cases import Outcome


def _where(outcome: Outcome) -> str:
    line = outcome.case.line
    return f"{outcome.case.source}:{line}" if line else outcome.case.source


def summary(report: Report) -> str:
    """'16 cases: 15 pass, 1 fails; 67 of 95 rules, constraints and notes reached'."""
    failed = len(report.failed)
    passed = len(report.outcomes) - failed
    cover = report.coverage
    verdict = f"{passed} pass" + (f", {failed} fail{'s' * (failed == 1)}" if failed else "")
    count = len(report.outcomes)
    return (
        f"{count} case{'s' * (count != 1)}: {verdict}; {cover.reached} of {cover.total} rules,"
        " constraints, trade-offs and advice reached"
    )


def to_data(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data."""
    return {
        "passed": not report.failed,
        "cases": [
            {
                "name": o.case.name,
                "file": o.case.source,
                "line": o.case.line,
                "passed": o.passed,
                "failures": list(o.failures),
                "recommendation": o.result.recommendation,
                "confidence": o.result.confidence,
                "margin": o.result.margin,
            }
            for o in report.outcomes
        ],
        "coverage": {
            "reached": report.coverage.reached,
            "total": report.coverage.total,
            "missed": [label for _, label in report.coverage.missed],
        },
    }


def json(report: Report, out: TextIO, context: Context) -> None:
    """One JSON object (coverage always included)."""
    write_json(to_data(report), out)


def markdown(report: Report, out: TextIO, context: Context) -> None:
    """A table of cases, then what no case reaches."""
    lines = ["## Pack test cases", "", md(summary(report)), ""]
    lines += ["| Case | Result | Got | Where |", "|---|---|---|---|"]
    for o in report.outcomes:
        verdict = "pass" if o.passed else "FAIL: " + "; ".join(o.failures)
        got = f"{o.result.recommendation} ({o.result.confidence})"
        lines.append(f"| {md(o.case.name)} | {md(verdict)} | {md(got)} | {md(_where(o))} |")
    if context.show_coverage and report.coverage.missed:
        lines += ["", "### Not reached by any case", ""]
        lines += [f"- {md(label)}" for _, label in report.coverage.missed]
    out.write("\n".join(lines) + "\n")


def table(report: Report, out: TextIO, context: Context) -> None:
    """For people: a line per case (failures spelled out), the summary, then coverage."""
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    # a mark, then the case: what wraps stays under the case's name, clear of the marks
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for o in report.outcomes:
        mark = Text("pass", "green") if o.passed else Text("FAIL", "bold red")
        got = f"  {o.result.recommendation}, {o.result.confidence.replace('_', ' ')}"
        case = Text(printable(o.case.name)).append(got, "dim")
        if not o.passed:
            case.append("\n" + printable(_where(o)), "dim")
            for failure in o.failures:
                case.append("\n" + printable(failure), "red")
        grid.add_row(mark, case)
    con.print(grid)
    con.print()
    con.print(Text(summary(report), "bold"))
    if context.show_coverage and report.coverage.missed:
        con.print(Text("Not reached by any case:", "bold"))
        for _, label in report.coverage.missed:
            con.print(Text(f"  {printable(label)}"))


VIEW = View(Report, {"json": json, "markdown": markdown, "table": table})
