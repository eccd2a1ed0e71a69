"""SIGHUP and SIGTERM end a real `stackpick` as Ctrl-C does: answers kept, no temporary files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from test_ask_terminal import (
    STACKPICK,
    Child,
    answer_two,
    environment,
    finish,
    screen_text,
    spawn,
)

from support import EXAMPLES

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.e2e

EXAMPLE = str(EXAMPLES / "greenfield-ml.yaml")


def wait(child: Child, timeout: float = 60) -> int:
    """The exit status of a child whose terminal may already be gone."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid, status = os.waitpid(child.pid, os.WNOHANG)
        if pid:
            child.terminated = True  # pexpect must not wait for it again
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    child.kill(signal.SIGKILL)
    raise AssertionError("stackpick did not end")


def kept(tmp_path: Path, name: str = "answers.yaml") -> str:
    text = (tmp_path / name).read_text()
    assert "  team_size: 12\n  team_growth: true\n" in text
    assert "complete: false" in text
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    return text


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGHUP, 129), (signal.SIGTERM, 143)])
def test_a_signal_during_ask_keeps_the_answers(tmp_path: Path, signum: int, code: int) -> None:
    child = spawn("ask", "--save", "answers.yaml", cwd=tmp_path)
    answer_two(child)
    child.kill(signum)
    out = screen_text(finish(child))
    assert child.exitstatus == code
    assert "2 answers kept; resume: stackpick ask --answers answers.yaml" in out
    assert "Traceback" not in out and "internal error" not in out
    kept(tmp_path)


def test_closing_the_terminal_during_ask_keeps_the_answers(tmp_path: Path) -> None:
    child = spawn("ask", cwd=tmp_path)
    answer_two(child)
    os.close(child.child_fd)  # the terminal window is closed: the kernel hangs up on ask
    child.closed = True
    assert wait(child) == 129
    kept(tmp_path, "stackpick-answers.partial.yaml")


def test_ask_under_nohup_still_ignores_a_hang_up(tmp_path: Path) -> None:
    child = pexpect.spawn(
        sys.executable,
        [
            "-c",
            f"import signal, os; signal.signal(signal.SIGHUP, signal.SIG_IGN); "
            f"os.execv({str(STACKPICK)!r}, ['stackpick', 'ask'])",
        ],
        cwd=str(tmp_path),
        env=environment(),
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=60,
    )
    answer_two(child)
    child.kill(signal.SIGHUP)  # ignored, as nohup asks
    child.sendcontrol("c")
    finish(child)
    assert child.exitstatus == 130
    kept(tmp_path, "stackpick-answers.partial.yaml")


# A run whose atomic write is hit by a signal between writing and renaming.
SIGNALLED_WRITE = """
import os, signal, sys
from stackpick import cli, files
def fsync(fd):
    os.kill(os.getpid(), signal.{name})
files.os.fsync = fsync
sys.exit(cli.run(sys.argv[1:]))
"""


@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_signal_during_a_write_leaves_no_temporary_file(
    tmp_path: Path, name: str, code: int
) -> None:
    target = tmp_path / "decision.json"
    target.write_text("the old report\n")
    script = textwrap.dedent(SIGNALLED_WRITE).format(name=name)
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "score",
            "--answers",
            EXAMPLE,
            "-f",
            "json",
            "-o",
            "decision.json",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment(),
        timeout=60,
    )
    assert run.returncode == code, run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decision.json"]
    assert target.read_text() == "the old report\n"  # untouched: never half a report


@pytest.mark.parametrize(
    ("line", "signum"),
    [
        (["score", "--answers", "-"], signal.SIGTERM),
        # through typer (not the fast path), which makes every interrupt 130: found by a
        # newcomer's walk, SIGTERM and SIGHUP gave 130 for diff, consensus, adr, ...
        (["diff", "-", EXAMPLE], signal.SIGTERM),
        (["consensus", "-", EXAMPLE], signal.SIGHUP),
        (["adr", "--answers", "-", "--date", "2026-12-08"], signal.SIGTERM),
    ],
)
def test_a_signal_ends_any_command_with_128_plus_it(
    tmp_path: Path, line: list[str], signum: int
) -> None:
    if not STACKPICK.exists():
        pytest.skip(f"no installed entry point at {STACKPICK}")
    fifo = tmp_path / "answers.fifo"
    os.mkfifo(fifo)
    # Waiting on standard input that never ends: a command stuck until it is stopped.
    held = os.open(fifo, os.O_RDWR)  # a writer that writes nothing keeps stdin open
    try:
        proc = subprocess.Popen(
            [str(STACKPICK), *line],
            stdin=held,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env=environment(),
        )
        time.sleep(1.5)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(held)
    assert proc.returncode == 128 + signum, err
    assert out == b"" and b"Traceback" not in err
