"""Analysis benchmark: the whole what-if report (and explain, consensus) on the shipped pack.

Times the pure functions in-process, so the number is the analysis itself, not Python's
start-up (``benchmarks/startup.py`` covers that). Each example answers file is analysed
``--runs`` times; the median per report is printed and checked against a budget that is
well under a second (whatif: 50 ms, the target of issue 9).

    python benchmarks/analysis.py [--runs 21]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from stackpick.analysis import consensus, explain, what_if
from stackpick.answers import Answers, read_answers
from stackpick.pack import load_pack

ROOT = Path(__file__).resolve().parent.parent
# issue 9: whatif on the shipped pack under 50 ms; explain and consensus now include robustness
BUDGET_SECONDS = {"whatif": 0.05, "explain": 0.05, "consensus": 0.1}


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """Median wall time of ``work`` over ``runs`` calls, after one warm-up call."""
    work()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    """Print the median per report and example; exit 1 when a budget is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    pack = load_pack()
    examples: dict[str, Answers] = {
        path.stem: read_answers(pack, str(path))
        for path in sorted((ROOT / "examples").glob("*.yaml"))
    }
    room = list(examples.items())
    jobs: dict[str, Callable[[], object]] = {
        f"whatif {name}": (lambda a=answers: what_if(pack, a)) for name, answers in examples.items()
    }
    jobs |= {
        f"explain {name}": (lambda a=answers: explain(pack, a))
        for name, answers in examples.items()
    }
    jobs[f"consensus of {len(room)} files"] = lambda: consensus(pack, room)
    missed = 0
    for name, work in jobs.items():
        seconds = median_seconds(work, args.runs)
        budget = BUDGET_SECONDS[name.split()[0]]
        verdict = "ok" if seconds <= budget else "OVER"
        missed += seconds > budget
        print(f"{name:<40} {seconds * 1000:7.2f} ms  (budget {budget * 1000:.0f} ms) {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
