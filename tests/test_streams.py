"""Broken streams: a full stdout is an I/O error (74), a full stderr changes no exit code."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from support import EXAMPLES, entry_point

EXAMPLE = str(EXAMPLES / "greenfield-ml.yaml")
FULL = Path("/dev/full")
needs_full = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")


def run(*args: str, stdout: str = "pipe", stderr: str = "pipe", cwd: Path) -> tuple[int, str]:
    """Exit code and stderr (when it is a pipe) of the real command with streams as asked."""

    def stream(kind: str) -> Any:
        return (
            FULL.open("w")
            if kind == "full"
            else {"pipe": subprocess.PIPE, "null": subprocess.DEVNULL}[kind]
        )

    out, err = stream(stdout), stream(stderr)
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("STACKPICK_DEBUG", None)
    proc = subprocess.run(
        [*entry_point(), *args], stdout=out, stderr=err, cwd=cwd, env=env, timeout=60
    )
    for stream in (out, err):
        if hasattr(stream, "close"):
            stream.close()
    return proc.returncode, (proc.stderr or b"").decode()


@needs_full
@pytest.mark.parametrize(
    "args",
    [
        ("score", "--answers", EXAMPLE, "--format", "json"),  # the fast path
        ("score", "--answers", EXAMPLE),  # rich's table
        ("consensus", EXAMPLE, EXAMPLE.replace("greenfield-ml", "minimal")),  # typer's path
        ("template",),
        ("--help",),
        ("--version",),
    ],
    ids=["json", "table", "typer", "template", "help", "version"],
)
def test_a_full_stdout_is_an_io_error_not_a_bug(tmp_path: Path, args: tuple[str, ...]) -> None:
    code, err = run(*args, stdout="full", cwd=tmp_path)
    assert code == 74
    assert err == "error: cannot write the output: No space left on device\n"


@needs_full
@pytest.mark.parametrize(
    "args",
    [
        ("score", "--answers", EXAMPLE, "--format", "json"),  # the fast path
        ("consensus", EXAMPLE, EXAMPLE.replace("greenfield-ml", "minimal")),  # typer's path
        ("template",),
    ],
    ids=["json", "typer", "template"],
)
def test_a_full_output_file_is_an_io_error_as_a_full_stdout_is(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """Found by a newcomer: --output /dev/full exited 2, as if the input were bad."""
    code, err = run(*args, "--output", str(FULL), cwd=tmp_path)
    assert code == 74, err
    assert err == f"error: {FULL}: cannot write: No space left on device\n"
    missing = str(tmp_path / "no" / "such.json")  # a path that takes no file: usage, 2
    code, err = run(*args, "--output", missing, cwd=tmp_path)
    assert code == 2 and "No such file or directory" in err


@needs_full
def test_a_full_stderr_keeps_the_exit_code_of_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("team_sise: 3\n")
    assert run("score", "--answers", str(bad), stderr="full", cwd=tmp_path)[0] == 2
    assert run("scor", stderr="full", cwd=tmp_path)[0] == 2  # a typo, typer's message
    assert run("consensus", str(bad), EXAMPLE, stderr="full", cwd=tmp_path)[0] == 2


@needs_full
def test_a_full_stderr_keeps_a_failed_gate_at_1(tmp_path: Path) -> None:
    args = ("score", "--answers", EXAMPLE, "--expect", "spring_boot")
    assert run(*args, stdout="null", stderr="full", cwd=tmp_path)[0] == 1
    checklist = ("checklist", "--answers", EXAMPLE, "--require-complete")
    assert run(*checklist, stdout="null", stderr="full", cwd=tmp_path)[0] == 1


@needs_full
def test_a_good_run_with_a_full_stderr_still_succeeds(tmp_path: Path) -> None:
    code, _ = run("ask", stdout="null", stderr="full", cwd=tmp_path)  # no terminal: exit 2
    assert code == 2
    assert run("score", "--answers", EXAMPLE, stdout="null", stderr="full", cwd=tmp_path)[0] == 0
