"""Assertions shared by the CLI tests."""

from __future__ import annotations

from typing import Any


def refused(run: Any, *parts: str) -> str:
    """Exit 2, nothing on stdout, one readable line on stderr holding every part."""
    code, out, err = run.code, run.out, run.err
    assert code == 2, (code, out, err)
    assert out == ""
    assert "Traceback" not in err
    err = str(err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    for part in parts:
        assert part in err, (part, err)
    return err
