"""The interview's number errors, on a real 80-column terminal: whole, and naming the range."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ask_terminal import finish, screen_text, spawn

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("x" * 70, "type a whole number, 1 to 100000, in plain decimal digits"),
        ("0x10", "type a whole number, 1 to 100000, in plain decimal digits"),
        ("1_000", "type a whole number, 1 to 100000, in plain decimal digits"),
        ("9" * 30, "that number is out of range; type a whole number, 1 to 100000"),
        ("100001", "100001 is out of range; type a whole number, 1 to 100000"),
    ],
    ids=["long text", "hex", "separators", "huge", "just over"],
)
def test_a_wrong_number_is_explained_in_full(tmp_path: Path, typed: str, shown: str) -> None:
    child = spawn("ask", cwd=tmp_path)
    child.expect_exact("How many engineers")
    child.send(typed + "\r")
    child.expect_exact(shown[-30:])  # the end of the message is on screen: it was not cut
    screen = screen_text(str(child.before) + str(child.after))
    child.sendcontrol("c")
    finish(child)
    assert shown in screen.replace("\n", "")
    assert child.exitstatus == 130
