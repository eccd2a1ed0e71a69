"""Pods, memory and cold-start cost per option for a target load, from capacity figures.

Pure arithmetic over :class:`stackpick.models.Figures`: one pod per box the figures were
measured on, enough pods to carry the target requests per second, and their memory and
start-up time. The figures are indicative unless a team brings its own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from stackpick.answers import Answer, holds
from stackpick.errors import SettingError, nearest
from stackpick.models import Figures, Variant

MAX_RPS = 1e9


@dataclass(frozen=True)
class Plan:
    """What one way of running an option needs to carry the target load."""

    variant: str
    option: str
    name: str
    fits: bool
    rps_per_pod: float | None  # None: no throughput figure to plan with; measure
    pods: int | None
    pod_memory_mb: tuple[float, float] | None  # None: no figure to plan with; measure
    memory_mb: tuple[float, float] | None
    cold_start_ms: float | None
    startup_pod_seconds: float | None


@dataclass(frozen=True)
class Capacity:
    """The plans for every variant at one target load and workload."""

    rps: float
    workloads: tuple[str, ...]
    workload_title: str
    label: str
    box: str
    section: str
    plans: tuple[Plan, ...]
    cautions: tuple[tuple[str, str], ...] = ()  # (text, section): where the figures fit less


def check_rps(rps: float) -> float:
    """The target load, checked: a finite number of requests per second above 0."""
    if not math.isfinite(rps) or rps <= 0 or rps > MAX_RPS:
        raise SettingError("rps", f"must be a number above 0 and at most {MAX_RPS:.0e}, not {rps}")
    return rps


def workloads_for(
    figures: Figures, values: Mapping[str, Answer], chosen: str | None
) -> tuple[str, ...]:
    """The workload rows to plan with: ``chosen``, else the ones the answers' profile points to.

    ``chosen`` is a row of the figures (``db_bound``) or a profile as the answers give it
    (``io_bound``), which stands for every row listing it.
    """
    known = [w.id for w in figures.workloads]
    if chosen is not None:
        if chosen in known:
            return (chosen,)
        found = _rows_for(figures, chosen)
        if not found:
            profiles = sorted({p for w in figures.workloads for p in w.profiles}, key=str)
            words = [*known, *map(str, profiles)]
            hint = nearest(chosen, words, aside=True)
            allowed = ", ".join(words)
            raise SettingError(
                "workload",
                f"'{chosen}' is neither a workload nor a profile{hint}; allowed: {allowed}",
            )
        return found
    found = _rows_for(figures, values.get(figures.profile_question or ""))
    if not found:
        raise SettingError(
            "workload",
            f"no workload matches the answers; choose one with {{setting}}: {', '.join(known)}",
        )
    return found


def _rows_for(figures: Figures, profile: object) -> tuple[str, ...]:
    return tuple(w.id for w in figures.workloads if profile is not None and profile in w.profiles)


def rps_per_pod(variant: Variant, workloads: tuple[str, ...]) -> float | None:
    """Requests per second one pod serves; with several workloads, an equal share of each.

    Half the work of each kind means each request costs the mean of the per-kind
    costs (1 / rps), so the rate is the harmonic mean of the per-kind rates. None when
    the figures give the variant no throughput.
    """
    if variant.rps is None:
        return None
    if len(workloads) == 1:
        return variant.rps[workloads[0]]
    return len(workloads) / sum(1.0 / variant.rps[w] for w in workloads)


def plan_variant(variant: Variant, rps: float, workloads: tuple[str, ...], fits: bool) -> Plan:
    """Pods, memory and start-up cost for one variant."""
    per_pod = rps_per_pod(variant, workloads)
    # a hair of tolerance: 3 x 1/3 must stay 1 pod, not become 2 through rounding
    pods = None if per_pod is None else max(1, math.ceil(rps / per_pod * (1 - 1e-12)))
    memory = variant.memory_mb
    start = variant.cold_start_ms
    return Plan(
        variant=variant.id,
        option=variant.option,
        name=variant.name,
        fits=fits,
        rps_per_pod=per_pod,
        pods=pods,
        pod_memory_mb=memory,
        memory_mb=None if memory is None or pods is None else (pods * memory[0], pods * memory[1]),
        cold_start_ms=start,
        startup_pod_seconds=None if start is None or pods is None else pods * start / 1000,
    )


def plan(
    figures: Figures,
    rps: float,
    values: Mapping[str, Answer] | None = None,
    workload: str | None = None,
) -> Capacity:
    """Plan every variant for ``rps`` requests per second on the answers' or chosen workload."""
    check_rps(rps)
    answers = values or {}
    workloads = workloads_for(figures, answers, workload)
    titles = {w.id: w.title for w in figures.workloads}
    plans = tuple(
        plan_variant(v, rps, workloads, bool(values) and _fits(v, answers))
        for v in figures.variants
    )
    return Capacity(
        rps=rps,
        workloads=workloads,
        workload_title=" + ".join(titles[w] for w in workloads),
        label=figures.label,
        box=figures.box,
        section=figures.section,
        plans=plans,
        cautions=tuple(
            (c.text, c.section)
            for c in figures.cautions
            if values
            and holds(c.when, answers)
            and (not c.workloads or not set(c.workloads).isdisjoint(workloads))
        ),
    )


def _fits(variant: Variant, values: Mapping[str, Answer]) -> bool:
    return variant.when is None or holds(variant.when, values)
