"""Bounds on a pack: a hostile one is refused at load, with its file, line and the limit."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from stackpick.pack import LIMITS, default_pack_path, load_pack
from support import CLI, EXAMPLES

EXAMPLE = str(EXAMPLES / "greenfield-ml.yaml")
Edit = Callable[[dict[str, Any]], None]


def pack_with(tmp_path: Path, file: str, edit: Edit) -> Path:
    """A copy of the shipped pack with one of its files edited (as plain YAML)."""
    folder = tmp_path / "pack"
    shutil.copytree(default_pack_path(), folder)
    data = yaml.safe_load((folder / file).read_text())
    edit(data)
    (folder / file).write_text(yaml.dump(data, Dumper=_NoAliases, sort_keys=False))
    return folder


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # a pack may hold no anchors
        return True


def line_of(folder: Path, file: str, text: str, occurrence: int = 1) -> int:
    """The line of the ``occurrence``-th line holding ``text``."""
    lines = (folder / file).read_text().splitlines()
    found = [n for n, line in enumerate(lines, start=1) if text in line]
    return found[occurrence - 1]


def integer_question(n: int) -> dict[str, Any]:
    return {"id": f"extra_{n}", "prompt": f"Extra {n}?", "type": "integer", "default": 1}


def more_questions(data: dict[str, Any]) -> None:
    data["questions"] += [integer_question(n) for n in range(LIMITS["questions"])]


def more_criteria(data: dict[str, Any]) -> None:
    rule = {"values": {"fastapi": 0.5, "spring_boot": 0.5}, "why": "Even."}
    extra = {"title": "Extra", "weight": 1, "section": "FAQ", "rules": [rule]}
    data["criteria"] += [{"id": f"extra_{n}", **extra} for n in range(LIMITS["criteria"])]


def more_rules(data: dict[str, Any]) -> None:
    rule = {"values": {"fastapi": 0.5, "spring_boot": 0.5}, "why": "Even."}
    data["criteria"][0]["rules"] = [rule] * (LIMITS["rules per criterion"] + 1)


def more_choices(data: dict[str, Any]) -> None:
    question = next(q for q in data["questions"] if q["type"] == "choice")
    question["choices"] += [
        {"value": f"extra_{n}", "label": f"Extra {n}"}
        for n in range(LIMITS["choices per question"])
    ]


def more_multi_choices(data: dict[str, Any]) -> None:
    question = next(q for q in data["questions"] if q["type"] == "multi")
    count = LIMITS["choices per multi-choice question"]
    question["choices"] += [{"value": f"extra_{n}", "label": f"Extra {n}"} for n in range(count)]


def more_multi_questions(data: dict[str, Any]) -> None:
    choices = [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]
    data["questions"] += [
        {"id": f"extra_{n}", "prompt": "Which?", "type": "multi", "choices": choices, "default": []}
        for n in range(LIMITS["multi-choice questions"])
    ]


def more_thresholds(data: dict[str, Any]) -> None:
    # The issue's hostile pack: thousands of thresholds on one integer question.
    tests = [{"question": "team_size", "at_least": n} for n in range(2, 5002)]
    rule = {"when": {"any": tests}, "values": {"fastapi": 1.0, "spring_boot": 0.0}, "why": "Many."}
    data["criteria"][0]["rules"].insert(0, rule)


def more_conditions(data: dict[str, Any]) -> None:
    tests = [{"question": "greenfield", "equals": True}] * LIMITS["condition parts"]
    rule = {"when": {"all": tests}, "values": {"fastapi": 1.0, "spring_boot": 0.0}, "why": "Long."}
    data["criteria"][0]["rules"].insert(0, rule)


SHIPPED = load_pack()
QUESTIONS, CRITERIA = len(SHIPPED.questions), len(SHIPPED.criteria)

CASES = {
    "questions": (
        "questions.yaml",
        more_questions,
        "- id: extra_",
        1 + LIMITS["questions"] - QUESTIONS,
    ),
    "criteria": ("criteria.yaml", more_criteria, "- id: extra_", 1 + LIMITS["criteria"] - CRITERIA),
    "rules per criterion": (
        "criteria.yaml",
        more_rules,
        "- values:",
        1 + LIMITS["rules per criterion"],
    ),
    "choices per question": ("questions.yaml", more_choices, "- value: extra_", 1 + 30 - 4),
    "choices per multi-choice question": (
        "questions.yaml",
        more_multi_choices,
        "- value: extra_",
        1 + LIMITS["choices per multi-choice question"] - 5,
    ),
    "multi-choice questions": (
        "questions.yaml",
        more_multi_questions,
        "- id: extra_",
        LIMITS["multi-choice questions"],
    ),
    "thresholds per question": ("criteria.yaml", more_thresholds, "at_least:", None),
    "condition parts": ("criteria.yaml", more_conditions, "question: greenfield", None),
}


@pytest.mark.parametrize(("what", "case"), CASES.items(), ids=CASES.keys())
def test_a_pack_over_a_limit_is_refused_at_its_line(
    cli: CLI, tmp_path: Path, what: str, case: tuple[str, Edit, str, int | None]
) -> None:
    file, edit, marker, occurrence = case
    folder = pack_with(tmp_path, file, edit)
    limit = f"more {what} than the {LIMITS[what]} a pack may have"
    for command in (("score", "--answers", EXAMPLE), ("whatif", "--answers", EXAMPLE)):
        run = cli(*command, "--criteria", str(folder))
        assert run.code == 2 and run.out == "", run.err
        assert limit in run.err and "Traceback" not in run.err
    checked = cli("criteria", "validate", str(folder))
    assert checked.code == 2
    (where,) = [line.removeprefix("error: ") for line in checked.err.splitlines() if limit in line]
    assert where.startswith(str(folder / file) + ":")
    line = int(where.removeprefix(str(folder / file) + ":").partition(":")[0])
    assert marker in (folder / file).read_text().splitlines()[line - 1]
    if occurrence is not None:
        assert line == line_of(folder, file, marker, occurrence)


def test_a_pack_at_every_limit_of_questions_and_choices_loads(cli: CLI, tmp_path: Path) -> None:
    def at_the_limits(data: dict[str, Any]) -> None:
        data["questions"] += [integer_question(n) for n in range(LIMITS["questions"] - QUESTIONS)]
        question = next(q for q in data["questions"] if q["type"] == "multi")
        count = LIMITS["choices per multi-choice question"] - 5
        question["choices"] += [{"value": f"x{n}", "label": f"X{n}"} for n in range(count)]

    folder = pack_with(tmp_path, "questions.yaml", at_the_limits)
    run = cli("criteria", "validate", str(folder))
    assert run.code == 0, run.err


def test_the_hostile_pack_of_the_issue_is_refused_at_once(cli: CLI, tmp_path: Path) -> None:
    folder = pack_with(tmp_path, "criteria.yaml", more_thresholds)
    start = time.monotonic()
    run = cli("whatif", "--answers", EXAMPLE, "--criteria", str(folder), "--format", "json")
    assert run.code == 2 and run.out == ""
    assert "more thresholds per question than the 20 a pack may have" in run.err
    assert time.monotonic() - start < 30  # was over 5 minutes
