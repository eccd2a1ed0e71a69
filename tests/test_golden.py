"""Golden files for the result view: table (80 columns, no colour), markdown and json.

After an intended change to the renderers or the shipped pack, regenerate and review the diff:

    UPDATE_GOLDEN=1 pytest -q tests/test_golden.py && git diff tests/golden
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from goldens import GOLDEN, check_golden
from stackpick.answers import read_answers
from stackpick.engine import score
from stackpick.models import Pack
from stackpick.render import Context, render

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
CASES = [
    (example, fmt)
    for example in ("greenfield-ml", "jvm-enterprise")
    for fmt in ("table", "markdown", "json")
]


def rendered(pack: Pack, example: str, fmt: str) -> str:
    result = score(pack, read_answers(pack, str(EXAMPLES / f"{example}.yaml")))
    out = io.StringIO()
    render("result", fmt, result, out, Context(pack=pack))
    return out.getvalue()


@pytest.mark.parametrize(("example", "fmt"), CASES, ids=lambda v: v)
def test_result_view_matches_golden(
    pack: Pack, monkeypatch: pytest.MonkeyPatch, example: Any, fmt: Any
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    text = rendered(pack, example, fmt)
    check_golden(f"result-{example}.{fmt}.txt", text)


@pytest.mark.parametrize("example", ["greenfield-ml", "jvm-enterprise"])
def test_table_golden_is_plain_and_narrow(example: Any) -> None:
    text = (GOLDEN / f"result-{example}.table.txt").read_text(encoding="utf-8")
    assert "\x1b" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert text.startswith("Recommendation: ")


def normalised(text: str) -> str:
    """A page without what changes by itself: the stylesheet, the version, today's date."""
    import re

    from stackpick import __version__

    text = re.sub(r"<style>.*?</style>", "<style>(the stylesheet)</style>", text, flags=re.S)
    return text.replace(f"stackpick {__version__}", "stackpick (version)")


@pytest.mark.parametrize("example", ["greenfield-ml", "jvm-enterprise"])
@pytest.mark.parametrize("fmt", ["html", "svg"])
def test_report_matches_golden(pack: Pack, example: Any, fmt: Any) -> None:
    from dataclasses import replace

    from stackpick.render.export import EXPORTS, heading_for

    answers = read_answers(pack, str(EXAMPLES / f"{example}.yaml"))
    heading = heading_for(pack, answers.meta)
    heading = replace(heading, date=heading.date or "2026-01-01")
    text = EXPORTS[fmt]("result", score(pack, answers), Context(pack=pack), heading=heading)
    check_golden(f"report-{example}.{fmt}", normalised(text))
