"""The engine is generic: a YAML-only pack with three options scores three ways."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stackpick import load_pack, score
from stackpick.analysis import explain
from stackpick.answers import check_answers
from stackpick.models import Pack
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
THREE = ROOT / "tests" / "data" / "three-options"

# (answers, expected scores, recommendation, confidence), worked out by hand from the pack:
# every criterion gives every option a value (0.5 each when none of its rules applies); a
# score is 100 x the weighted mean of the option's values (weights 3, 2, 2, 1, 1: sum 9).
CASES = [
    (
        {"language": "python", "admin_ui": True},
        {"django": 7 / 9, "quarkus": 2.4 / 9, "express": 2.2 / 9},
        "django",
        "lean",  # a 51-point lead, but language: java hands it to Quarkus
    ),
    (
        {"language": "javascript", "serverless": True, "frontends": ["react"]},
        {"django": 2.1 / 9, "quarkus": 3.3 / 9, "express": 7.5 / 9},
        "express",
        "lean",
    ),
    (
        {"language": "java", "team_size": 30, "serverless": True},
        {"django": 2.6 / 9, "quarkus": 7.3 / 9, "express": 3.5 / 9},
        "quarkus",
        "lean",
    ),
    (
        {"language": "python", "team_size": 25, "serverless": True},
        {"django": 5.6 / 9, "quarkus": 4.3 / 9, "express": 3.5 / 9},
        "django",
        "lean",
    ),
]


@pytest.fixture(scope="module")
def three() -> Pack:
    return load_pack(THREE)


def test_pack_has_three_options(three: Pack) -> None:
    assert three.option_ids == ("django", "quarkus", "express")


@pytest.mark.parametrize(("answers", "expected", "winner", "confidence"), CASES)
def test_library_scores_three_ways(
    three: Pack, answers: Any, expected: Any, winner: Any, confidence: Any
) -> None:
    result = score(three, answers)
    assert result.scores == pytest.approx({k: 100 * v for k, v in expected.items()}, abs=0.005)
    assert result.recommendation == winner
    assert result.confidence == confidence
    steps = explain(three, check_answers(three, answers)).steps
    for option in three.option_ids:
        assert sum(s.awarded[option] for s in steps) == pytest.approx(
            result.scores[option], abs=0.05
        )


def _without(option: str, tmp_path: Path) -> Path:
    """The three-option pack with one option taken out (and its values)."""
    folder = tmp_path / "two"
    folder.mkdir()
    for path in THREE.glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        if "options" in data:
            data["options"] = [o for o in data["options"] if o["id"] != option]
        for criterion in data.get("criteria", []):
            for rule in criterion["rules"]:
                rule["values"].pop(option)
        data["tradeoffs"] = [t for t in data.get("tradeoffs", []) if t["option"] != option]
        if not data["tradeoffs"]:
            del data["tradeoffs"]
        (folder / path.name).write_text(yaml.safe_dump(data))
    return folder


@pytest.mark.parametrize(("answers", "expected", "winner", "confidence"), CASES)
def test_an_option_scores_the_same_whatever_other_options_the_pack_has(
    three: Pack, tmp_path: Path, answers: Any, expected: Any, winner: Any, confidence: Any
) -> None:
    two = load_pack(_without("express", tmp_path))
    with_three, with_two = score(three, answers), score(two, answers)
    assert with_two.exact_scores == {o: with_three.exact_scores[o] for o in ("django", "quarkus")}


@pytest.mark.parametrize(("answers", "expected", "winner", "confidence"), CASES)
def test_cli_scores_three_ways(
    cli: CLI, tmp_path: Path, answers: Any, expected: Any, winner: Any, confidence: Any
) -> None:
    (tmp_path / "a.json").write_text(json.dumps(answers))
    run = cli("score", "--criteria", str(THREE), "--answers", "a.json", "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["scores"] == pytest.approx({k: 100 * v for k, v in expected.items()}, abs=0.01)
    assert (data["recommendation"], data["confidence"]) == (winner, confidence)


def test_cli_table_and_markdown_name_all_three(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("language: java\nserverless: true\nteam_size: 30\n")
    for fmt in ("table", "markdown"):
        run = cli("score", "-c", str(THREE), "-a", "a.yaml", "-f", fmt)
        assert run.code == 0, run.err
        assert all(name in run.out for name in ("Django", "Quarkus", "Express"))
        assert "Native builds are slower" in run.out  # the conditional trade-off of the winner


def test_expect_gate_with_a_third_option(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("language: javascript\n")
    args = ("score", "-c", str(THREE), "-a", "a.yaml", "-f", "json", "--expect")
    assert cli(*args, "express").code == 0
    assert cli(*args, "django").code == 1


def test_pack_validates_and_shows(cli: CLI) -> None:
    run = cli("criteria", "validate", str(THREE))
    assert run.code == 0, run.err
    assert "3 options, 5 questions, 5 criteria" in run.out
    shown = json.loads(cli("criteria", "show", "-c", str(THREE), "-f", "json").out)
    assert [o["id"] for o in shown["options"]] == ["django", "quarkus", "express"]


def test_shipped_answers_do_not_fit_another_pack(cli: CLI) -> None:
    run = cli("score", "-c", str(THREE), "-a", str(ROOT / "examples" / "minimal.yaml"))
    assert (run.code, run.out) == (2, "")
    assert "unknown question id 'team_size'" not in run.err  # three-options has team_size
    assert "unknown question id" in run.err


def test_src_names_no_framework() -> None:
    pattern = re.compile(r"fastapi|spring", re.IGNORECASE)
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "src").rglob("*"))
        if path.is_file() and path.suffix in (".py", ".pyi", ".typed", ".txt", ".toml", ".cfg")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == [], "src/ must hold no option names; they belong in criteria/:\n" + "\n".join(
        found
    )


ANSWERS_THREE = st.fixed_dictionaries(
    {"language": st.sampled_from(["python", "java", "javascript"])},
    optional={
        "admin_ui": st.booleans(),
        "serverless": st.booleans(),
        "team_size": st.integers(1, 60),
        "frontends": st.lists(st.sampled_from(["react", "vue"]), unique=True),
    },
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers=ANSWERS_THREE)
def test_removing_an_option_changes_no_other_score(
    three: Pack, tmp_path_factory: pytest.TempPathFactory, answers: Any
) -> None:
    two = _two_options(tmp_path_factory)
    with_three, with_two = score(three, answers), score(two, answers)
    assert with_two.exact_scores == {o: with_three.exact_scores[o] for o in ("django", "quarkus")}


_TWO: list[Any] = []


def _two_options(tmp_path_factory: Any) -> Any:
    if not _TWO:
        _TWO.append(load_pack(_without("express", tmp_path_factory.mktemp("pack"))))
    return _TWO[0]
