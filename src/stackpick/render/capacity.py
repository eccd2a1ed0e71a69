"""The capacity view: pods, memory and cold-start cost per option, always labelled indicative."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from stackpick.capacity import Capacity
from stackpick.errors import printable
from stackpick.render import Context, View
from stackpick.render.common import console, fits_unwrapped, headline, md, write_json

if TYPE_CHECKING:
    from stackpick.capacity import Plan
    from stackpick.engine import Result
    from stackpick.models import Pack


def to_data(capacity: Capacity, pack: Pack, result: Result | None) -> dict[str, Any]:
    """The plan as JSON-ready data; ``figures.label`` says how far to trust it."""
    return {
        "rps": capacity.rps,
        "workloads": list(capacity.workloads),
        "figures": {"label": capacity.label, "box": capacity.box, "section": capacity.section},
        "cautions": [{"text": t, "section": s} for t, s in capacity.cautions],
        "recommendation": result.recommendation if result else None,
        "plans": [
            {
                "variant": p.variant,
                "option": p.option,
                "name": p.name,
                "fits_answers": p.fits,
                "rps_per_pod": None if p.rps_per_pod is None else round(p.rps_per_pod, 1),
                "pods": p.pods,
                "pod_memory_mb": None if p.pod_memory_mb is None else list(p.pod_memory_mb),
                "memory_mb": None if p.memory_mb is None else list(p.memory_mb),
                "cold_start_ms": p.cold_start_ms,
                "startup_pod_seconds": None
                if p.startup_pod_seconds is None
                else round(p.startup_pod_seconds, 2),
            }
            for p in capacity.plans
        ],
    }


def json(capacity: Capacity, out: TextIO, context: Context) -> None:
    """One JSON object."""
    pack = context.needs_pack()
    result = context.result
    write_json(to_data(capacity, pack, result), out)


def whole(value: float) -> str:
    """12,500 (no decimals, thousands separated)."""
    return f"{value:,.0f}"


def memory_text(low: float, high: float) -> str:
    """'80-150 MB' or '2.0-3.8 GB'."""
    if high >= 1000:
        return f"{low / 1000:.1f}-{high / 1000:.1f} GB"
    return f"{whole(low)}-{whole(high)} MB"


def seconds_text(ms: float) -> str:
    """'150 ms' or '3 s'."""
    return f"{ms:g} ms" if ms < 1000 else f"{ms / 1000:g} s"


def cells(plan: Plan) -> list[str]:
    """One row: name, rps per pod, pods, memory, cold start, start-up (pod-seconds)."""
    mark = " *" if plan.fits else ""
    return [
        plan.name + mark,
        MEASURE if plan.rps_per_pod is None else whole(plan.rps_per_pod),
        MEASURE if plan.pods is None else str(plan.pods),
        MEASURE if plan.memory_mb is None else memory_text(*plan.memory_mb),
        MEASURE if plan.cold_start_ms is None else seconds_text(plan.cold_start_ms),
        MEASURE if plan.startup_pod_seconds is None else f"{plan.startup_pod_seconds:,.2f} pod-s",
    ]


MEASURE = "measure"  # the figures give no number for this variant


HEADERS = ("Variant", "rps/pod", "Pods", "Memory", "Cold start", "Start-up")


def intro(capacity: Capacity) -> str:
    """'For 20,000 requests per second; workload: ...; one 4-vCPU box per pod.'."""
    rate = f"For {whole(capacity.rps)} requests per second"
    return f"{rate}; workload: {capacity.workload_title}; one {capacity.box} per pod."


def footnotes(capacity: Capacity, result: Result | None, pack: Pack) -> list[str]:
    """The label, the method and the marks, as lines."""
    lines = [f"{capacity.label} [{capacity.section}]"]
    if len(capacity.workloads) > 1:
        lines.append("A mixed workload is taken as an equal share of each kind of work.")
    lines.append(
        "Pods: enough to carry the load at the figures' full rate; add headroom, and a spare"
        " pod for failures and rollouts."
    )
    lines.append("Start-up: pods x cold start, the pod time spent starting from zero.")
    if any(
        p.pods is None or p.memory_mb is None or p.cold_start_ms is None for p in capacity.plans
    ):
        lines.append(f"{MEASURE}: the figures give no number for it; measure your own.")
    if result is not None and any(p.fits for p in capacity.plans):
        lines.append("* the way of running each option that fits your answers.")
    return lines


def cautions(capacity: Capacity) -> list[str]:
    """Where the answers say the figures fit this service less well, as lines."""
    return [
        f"Caution: {text}" + (f" [{section}]" if section else "")
        for text, section in capacity.cautions
    ]


def markdown(capacity: Capacity, out: TextIO, context: Context) -> None:
    """A table and its footnotes."""
    pack = context.needs_pack()
    result = context.result
    lines = ["## Capacity (indicative)", ""]
    if result is not None:
        lines += [f"Recommendation: {md(headline(result, pack))}", ""]
    lines += [
        md(intro(capacity)),
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|---|---:|---:|---|---|---|",
    ]
    lines += ["| " + " | ".join(md(c) for c in cells(p)) + " |" for p in capacity.plans]
    lines += [""] + [md(line) for line in [*cautions(capacity), *footnotes(capacity, result, pack)]]
    out.write("\n".join(lines) + "\n")


def table(capacity: Capacity, out: TextIO, context: Context) -> None:
    """For people: the table, with the figures' label above and below."""
    pack = context.needs_pack()
    result = context.result
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    con.print(Text("Capacity (indicative figures)", "bold"))
    if result is not None:
        con.print(Text("Recommendation: ").append(headline(result, pack), "green"))
    con.print(Text(printable(intro(capacity))))
    rows = [[printable(c) for c in cells(plan)] for plan in capacity.plans]
    # The figures stay on one line ("80-150 MB", not "80-150" over "MB") when that leaves
    # the variant's name a dozen columns; on a narrower screen every column folds.
    whole = fits_unwrapped(HEADERS[1:], [row[1:] for row in rows], con.width)
    grid = Table(expand=True)
    grid.add_column(HEADERS[0], overflow="fold", ratio=1 if whole else None)  # what is left
    for name in HEADERS[1:]:
        right = name in HEADERS[1:3]
        grid.add_column(name, no_wrap=whole, overflow="fold", justify="right" if right else "left")
    for plan, row in zip(capacity.plans, rows, strict=True):
        style = "green" if result is not None and plan.option == result.recommendation else ""
        grid.add_row(*row, style=style)
    con.print(grid)
    for line in cautions(capacity):
        con.print(Text(printable(line), "yellow"))
    for line in footnotes(capacity, result, pack):
        con.print(Text(printable(line), "dim"))


VIEW = View(Capacity, {"json": json, "markdown": markdown, "table": table})
