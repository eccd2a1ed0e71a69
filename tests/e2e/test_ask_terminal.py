"""`stackpick ask` in a real pseudo-terminal (80x24), driven as a person would drive it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from stackpick import interview
from stackpick.models import Pack

pexpect = pytest.importorskip("pexpect")
Child = Any  # a pexpect.spawn; pexpect is imported only where it is installed

pytestmark = pytest.mark.e2e

STACKPICK = Path(sys.executable).with_name("stackpick")
TIMEOUT = 60  # generous: a loaded CI machine may be slow to start Python
# Cursor-forward becomes spaces; every other escape sequence and carriage return goes.
_FORWARD = re.compile(r"\x1b\[(\d*)C")
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|[\r\x08]")


def screen_text(raw: str) -> str:
    """What a terminal shows, roughly: the text without colours and cursor moves."""
    text = _FORWARD.sub(lambda m: " " * int(m.group(1) or 1), raw)
    return _ESCAPE.sub("", text)


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    # pexpect answers no cursor-position requests; prompt_toolkit's documented switch.
    env.update(TERM="xterm", NO_COLOR="1", PROMPT_TOOLKIT_NO_CPR="1")
    env.pop("STACKPICK_DEBUG", None)
    return env


def spawn(*args: str, cwd: Path) -> Child:
    """The installed `stackpick` with ``args`` on an 80x24 pseudo-terminal."""
    if not STACKPICK.exists():
        pytest.skip(f"no installed entry point at {STACKPICK}")
    return pexpect.spawn(
        str(STACKPICK),
        list(args),
        cwd=str(cwd),
        env=environment(),
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=TIMEOUT,
    )


def spawn_shell(line: str, cwd: Path) -> Child:
    """A shell line (`stackpick` in it means the installed one) on an 80x24 pseudo-terminal."""
    if not STACKPICK.exists():
        pytest.skip(f"no installed entry point at {STACKPICK}")
    return pexpect.spawn(
        "/bin/sh",
        ["-c", line.replace("stackpick", f"'{STACKPICK}'", 1)],
        cwd=str(cwd),
        env=environment(),
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=TIMEOUT,
    )


def answer_two(child: Child) -> None:
    """Answer the first two questions (12 engineers, growing: yes); the third is on screen."""
    child.expect_exact("How many engineers")
    child.send("12\r")
    child.expect_exact("grow past about 30")
    child.send("y\r")
    child.expect_exact("Which language")


def first_words(prompt: interview.Prompt) -> str:
    """Text that is on screen once ``prompt`` is drawn (never split by a wrap)."""
    return interview.message(prompt).split("\n")[0][:30]


def asked_with_defaults(pack: Pack) -> list[interview.Prompt]:
    """The prompts a room pressing Enter throughout is asked, in order."""
    prompts = interview.build_prompts(pack)
    asked: list[interview.Prompt] = []

    def ask(prompt: interview.Prompt) -> object:
        asked.append(prompt)
        return prompt.default

    interview.run_interview(prompts, ask, lambda _: None)  # type: ignore[arg-type]
    return [p for p in asked if p.id != interview.REVIEW]


def enter_through(child: Child, pack: Pack) -> str:
    """Press Enter at every question a room keeping the defaults is asked, and at the review."""
    seen = ""
    for prompt in asked_with_defaults(pack):
        child.expect_exact(first_words(prompt))
        seen += str(child.before) + str(child.after)
        child.send("\r")
    child.expect_exact("Review: Enter accepts")
    child.send("\r")
    return seen


def finish(child: Child) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before)


def test_enter_through_every_default_and_the_saved_file_scores_the_same(
    pack: Pack, tmp_path: Path
) -> None:
    child = spawn("ask", "--save", "answers.yaml", cwd=tmp_path)
    seen = enter_through(child, pack)
    child.expect_exact("Recommendation: ")
    shown = screen_text("Recommendation: " + finish(child))
    assert child.exitstatus == 0
    assert "Traceback" not in seen + shown
    saved = tmp_path / "answers.yaml"
    assert "complete: true" in saved.read_text()
    env = {**environment(), "COLUMNS": "80"}
    again = subprocess.run(
        [str(STACKPICK), "score", "--answers", str(saved)],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=True,
    )
    headline = again.stdout.splitlines()[0]
    assert headline.startswith("Recommendation: ")
    assert headline in shown.splitlines()
    # Every line of the view is the same as `score` prints it, and fits 80 columns.
    shown_lines = [line.rstrip() for line in shown.splitlines()]
    for line in again.stdout.splitlines():
        assert line.rstrip() in shown_lines
    assert max(len(line) for line in shown_lines) <= 80


def test_two_answers_then_ctrl_c_keeps_them_and_exits_130(pack: Pack, tmp_path: Path) -> None:
    child = spawn("ask", cwd=tmp_path)
    answer_two(child)
    child.sendcontrol("c")
    out = screen_text(finish(child))
    assert child.exitstatus == 130
    assert "2 answers kept; resume: stackpick ask --answers stackpick-answers.partial.yaml" in out
    assert "stackpick ask --answers stackpick-answers.partial.yaml" in out
    assert "Traceback" not in out
    partial = (tmp_path / "stackpick-answers.partial.yaml").read_text()
    assert "  team_size: 12\n  team_growth: true\n" in partial
    assert "complete: false" in partial
    assert "team_language" not in partial


def test_no_terminal_exits_2_at_once(tmp_path: Path) -> None:
    if not STACKPICK.exists():
        pytest.skip(f"no installed entry point at {STACKPICK}")
    start = time.monotonic()
    piped = subprocess.run(
        [str(STACKPICK), "ask"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment(),
        timeout=TIMEOUT,
    )
    assert piped.returncode == 2
    assert "stackpick score --answers FILE" in piped.stderr
    assert piped.stdout == ""
    # A terminal on standard input, but pipes on standard output and error: nowhere to
    # draw the questions, so still no prompt and no hang.
    child = spawn_shell("stackpick ask 2>&1 | cat", tmp_path)
    out = finish(child)
    assert "needs a terminal" in out
    assert time.monotonic() - start < TIMEOUT
    assert not list(tmp_path.iterdir())  # nothing written


def test_with_stdout_redirected_the_interview_is_drawn_on_stderr(
    pack: Pack, tmp_path: Path
) -> None:
    """`ask --format json > decision.json`: questions on the terminal, only the JSON in the file."""
    child = spawn_shell("stackpick ask --format json --save answers.yaml > decision.json", tmp_path)
    enter_through(child, pack)
    shown = screen_text(finish(child))
    assert child.exitstatus == 0
    assert "answers saved to answers.yaml" in shown
    again = subprocess.run(
        [str(STACKPICK), "score", "--answers", "answers.yaml", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment(),
        timeout=TIMEOUT,
        check=True,
    )
    assert (tmp_path / "decision.json").read_text() == again.stdout  # one JSON object, nothing else
