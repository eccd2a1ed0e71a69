"""The GitHub Action (action.yml): well formed, and its shell step run here as a runner would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
JVM = ROOT / "examples" / "jvm-enterprise.yaml"


def action() -> dict[str, Any]:
    data = yaml.safe_load(ACTION.read_text())
    assert isinstance(data, dict)
    return data


def test_the_action_is_a_composite_with_one_gate_step() -> None:
    data = action()
    assert data["runs"]["using"] == "composite"
    (step,) = data["runs"]["steps"]
    assert step["shell"] == "bash" and step["id"] == "gate"
    assert set(data["inputs"]) >= {"answers", "expect", "criteria", "weights"}
    for name, given in data["inputs"].items():
        assert given["required"] is False and "description" in given, name
    # each input reaches the script through the environment, never pasted into its text
    assert "${{" not in step["run"]
    expressions = [*step["env"].values(), step["working-directory"]]
    used = {value.strip("${} ").removeprefix("inputs.") for value in expressions}
    assert set(data["inputs"]) <= used
    assert data["outputs"]["recommendation"]["value"] == "${{ steps.gate.outputs.recommendation }}"


def run_step(
    tmp_path: Path, bin_first: Path | None = None, **inputs: str
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """The gate step with ``inputs`` (by input name), stackpick from this venv, a fake summary.

    ``bin_first``, a folder searched first for commands, can hold a stand-in ``stackpick``.
    """
    data = action()
    (step,) = data["runs"]["steps"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("STACKPICK_")}
    values = {name: str(given["default"]) for name, given in data["inputs"].items()}
    values.update({name.replace("_", "-"): value for name, value in inputs.items()})
    for variable, expression in step["env"].items():
        name = expression.strip("${} ")
        env[variable] = values[name.removeprefix("inputs.")] if name.startswith("inputs.") else ""
    env["STACKPICK_PYTHON"] = sys.executable
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    env.update(
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_OUTPUT=str(output),
        RUNNER_TEMP=str(tmp_path),
        PATH=os.pathsep.join(
            [
                *([str(bin_first)] if bin_first else []),
                str(Path(sys.executable).parent),
                env["PATH"],
            ]
        ),
        NO_COLOR="1",
    )
    proc = subprocess.run(
        ["bash", "-c", step["run"]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc, summary, output


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")


@needs_bash
def test_a_passing_gate_writes_the_summary_and_the_output(tmp_path: Path) -> None:
    proc, summary, output = run_step(tmp_path, answers=str(JVM), expect="spring_boot")
    assert proc.returncode == 0, proc.stderr
    assert summary.read_text().startswith("## Recommendation: Spring Boot")
    assert output.read_text() == "recommendation=spring_boot\n"
    assert proc.stdout.strip() == "stackpick: spring_boot (expected spring_boot)"


@needs_bash
def test_a_failing_gate_fails_the_step_with_an_annotation_and_still_shows_why(
    tmp_path: Path,
) -> None:
    proc, summary, _ = run_step(tmp_path, answers=str(JVM), expect="fastapi")
    assert proc.returncode == 1
    assert proc.stdout == (
        "::error title=stackpick decision gate::"
        "gate failed: expected fastapi, recommendation is spring_boot\n"
    )
    assert "## Recommendation: Spring Boot" in summary.read_text()
    # the output is set all the same, for a later step to say what is recommended now
    assert (tmp_path / "output.txt").read_text() == "recommendation=spring_boot\n"


@needs_bash
def test_an_error_annotation_escapes_percent_cr_and_lf(tmp_path: Path) -> None:
    named = tmp_path / "50%done.yaml"
    proc, _, output = run_step(tmp_path, answers=str(named))
    assert proc.returncode == 2
    assert proc.stdout == (
        f"::error title=stackpick decision gate::error: {tmp_path}/50%25done.yaml: no such file\n"
    )
    assert not output.exists()  # no recommendation without answers
    # stackpick's messages never hold a CR; a stand-in shows the step escapes one anyway
    stand_in = tmp_path / "bin"
    stand_in.mkdir()
    (stand_in / "stackpick").write_text("#!/bin/sh\nprintf 'over\\r100%%' >&2\nexit 2\n")
    (stand_in / "stackpick").chmod(0o755)
    proc, _, _ = run_step(tmp_path, bin_first=stand_in, answers=str(JVM))
    assert proc.returncode == 2
    assert proc.stdout == "::error title=stackpick decision gate::over%0D100%25\n"


@needs_bash
def test_unfinished_answers_fail_unless_allowed(tmp_path: Path) -> None:
    (tmp_path / "partial.yaml").write_text("answers: {team_size: 4}\nmeta: {complete: false}\n")
    proc, _, _ = run_step(tmp_path, answers="partial.yaml")
    assert proc.returncode == 2 and "unfinished interview" in proc.stdout
    allowed, _, _ = run_step(tmp_path, answers="partial.yaml", require_complete="false")
    assert allowed.returncode == 0, allowed.stderr
    assert "note: partial.yaml is from an unfinished interview" in allowed.stderr


@needs_bash
def test_the_answers_may_come_from_the_config_file(tmp_path: Path) -> None:
    shutil.copy(JVM, tmp_path / "answers.yaml")
    (tmp_path / ".stackpick.toml").write_text('answers = "answers.yaml"\n')
    proc, summary, _ = run_step(tmp_path, expect="spring_boot")
    assert proc.returncode == 0, proc.stderr
    assert "Spring Boot" in summary.read_text()
