"""`stackpick ask` on an emulated 80x24 terminal that answers cursor-position reports.

The other pty tests switch those reports off (pexpect cannot answer them) and read the
output as a stream. A real terminal answers them, and then prompt_toolkit knows how far
down the screen goes and lays the prompt out down to the bottom: what is placed where
can only be seen on the emulated screen's rows.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_ask_terminal import STACKPICK, TIMEOUT, Child, environment

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

pytestmark = pytest.mark.e2e


class Terminal:
    """A child process on a pty, its output drawn on a pyte screen that answers it back."""

    def __init__(self, child: Child) -> None:
        self.child = child
        self.screen = pyte.Screen(80, 24)
        # pyte answers a cursor-position request (ESC [6n) through this: to the child
        self.screen.write_process_input = child.send
        self.stream = pyte.Stream(self.screen)

    def wait_for(self, text: str) -> list[str]:
        """The screen's rows once ``text`` is on it."""
        deadline = time.monotonic() + TIMEOUT
        while not any(text in row for row in self.screen.display):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never shown:\n" + "\n".join(self.screen.display))
            try:
                self.stream.feed(self.child.read_nonblocking(4096, timeout=0.2))
            except pexpect.TIMEOUT:
                continue
        return list(self.screen.display)


def row_of(rows: list[str], text: str) -> int:
    return next(i for i, row in enumerate(rows) if text in row)


def spawn_answering(cwd: Path) -> Terminal:
    if not STACKPICK.exists():
        pytest.skip(f"no installed entry point at {STACKPICK}")
    env = environment()
    env.pop("PROMPT_TOOLKIT_NO_CPR")  # the point: cursor reports are asked for and answered
    child = pexpect.spawn(
        str(STACKPICK), ["ask"], cwd=str(cwd), env=env, dimensions=(24, 80), encoding="utf-8"
    )
    return Terminal(child)


def test_a_refusal_shows_right_under_the_input_not_at_the_screen_foot(tmp_path: Path) -> None:
    term = spawn_answering(tmp_path)
    term.wait_for("Enter takes the default, 8)")
    term.child.send("twelve\r")
    rows = term.wait_for("in plain decimal digits")
    typed, refusal = row_of(rows, "twelve"), row_of(rows, "in plain decimal digits")
    assert 0 < refusal - typed <= 2, "\n".join(rows)
    assert refusal < 23  # not on the last row, some 17 rows below
    term.child.send("\x1512\r")
    term.wait_for("grow past about 30")
    term.child.send("maybe\r")
    rows = term.wait_for("or press Enter for the default")
    typed, refusal = row_of(rows, "maybe"), row_of(rows, "or press Enter for the default")
    assert 0 < refusal - typed <= 2, "\n".join(rows)
    term.child.sendcontrol("c")
    term.child.expect(pexpect.EOF, timeout=TIMEOUT)
    term.child.close()
    assert term.child.exitstatus == 130
