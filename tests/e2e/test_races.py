"""Several real `stackpick` processes at once on one folder: no two take the same record number."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from support import EXAMPLES, entry_point

pytestmark = pytest.mark.e2e

RUNS = 8


def test_parallel_adr_runs_take_distinct_numbers(tmp_path: Path) -> None:
    examples = sorted(EXAMPLES.glob("*.yaml"))
    answers = []
    for index in range(RUNS):
        # Each record gets its own title (the file's name is the project), so its own file name.
        copy = tmp_path / f"service-{index}.yaml"
        copy.write_text(examples[index % len(examples)].read_text())
        answers.append(copy)
    records = tmp_path / "adr"
    runs = [
        subprocess.Popen(
            [*entry_point(), "adr", "--answers", str(path), "--output", str(records)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
        )
        for path in answers
    ]
    results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    assert [code for code, _, _ in results] == [0] * RUNS, results
    names = sorted(p.name for p in records.iterdir())
    numbers = [int(re.match(r"(\d{4})-", name).group(1)) for name in names]  # type: ignore[union-attr]
    assert numbers == list(range(1, RUNS + 1)), names
    assert {out.decode().strip().rpartition("/")[2] for _, out, _ in results} == set(names)
