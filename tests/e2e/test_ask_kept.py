"""On a real terminal: a finished interview is always kept, the headline comes last, a partial
interview is offered for resuming, and wrong typing is refused next to where it was typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ask_terminal import (
    answer_two,
    asked_with_defaults,
    enter_through,
    finish,
    first_words,
    screen_text,
    spawn,
)

from stackpick.models import Pack

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.e2e


def test_without_save_the_answers_are_kept_and_the_headline_is_the_last_line(
    pack: Pack, tmp_path: Path
) -> None:
    child = spawn("ask", cwd=tmp_path)
    enter_through(child, pack)
    child.expect_exact("Recommendation: ")
    shown = screen_text("Recommendation: " + finish(child))
    assert child.exitstatus == 0
    lines = [line.rstrip() for line in shown.splitlines() if line.strip()]
    assert lines[-3:-1] == [
        "answers saved to stackpick-answers.yaml",
        "  shown again by: stackpick score --answers stackpick-answers.yaml",
    ]
    assert lines[-1] == lines[0] and lines[-1].startswith("Recommendation: ")
    assert "complete: true" in (tmp_path / "stackpick-answers.yaml").read_text()


def test_a_second_ask_offers_to_resume(tmp_path: Path) -> None:
    child = spawn("ask", cwd=tmp_path)
    answer_two(child)
    child.sendcontrol("c")
    finish(child)
    assert child.exitstatus == 130
    again = spawn("ask", cwd=tmp_path)
    again.expect_exact("Resume it?")
    again.send("y\r")
    again.expect_exact("Which language")  # the first question not answered yet
    seen = screen_text(str(again.before))
    assert "Resuming stackpick-answers.partial.yaml: kept 2 answers" in seen
    again.sendcontrol("c")
    finish(again)
    assert again.exitstatus == 130


PARTIAL_TEXT = "answers: {team_size: 4}\nmeta: {complete: false}\n"


@pytest.mark.parametrize("key", ["c", "d"])
def test_ctrl_c_or_d_at_the_resume_offer_exits_130_and_leaves_the_file(
    tmp_path: Path, key: str
) -> None:
    partial = tmp_path / "stackpick-answers.partial.yaml"
    partial.write_text(PARTIAL_TEXT)
    child = spawn("ask", cwd=tmp_path)
    child.expect_exact("Resume it?")
    child.sendcontrol(key)
    out = screen_text(finish(child))
    assert child.exitstatus == 130
    assert "internal error" not in out
    assert "resume: stackpick ask --answers stackpick-answers.partial.yaml" in out
    assert partial.read_text() == PARTIAL_TEXT
    assert [p.name for p in tmp_path.iterdir()] == [partial.name]


def test_the_resume_offer_refuses_not_sure(tmp_path: Path) -> None:
    (tmp_path / "stackpick-answers.partial.yaml").write_text(PARTIAL_TEXT)
    child = spawn("ask", cwd=tmp_path)
    child.expect_exact("Resume it?")
    assert "? if not sure" not in screen_text(str(child.before) + str(child.after))
    child.send("?\r")
    child.expect_exact("or press Enter for the default")
    child.send("\x15n\r")
    child.expect_exact("How many engineers")  # taken as no: afresh
    child.sendcontrol("c")
    finish(child)
    assert child.exitstatus == 130


def test_a_resumed_interview_finishes_in_a_new_file_and_retires_the_partial_one(
    pack: Pack, tmp_path: Path
) -> None:
    (tmp_path / "stackpick-answers.partial.yaml").write_text(PARTIAL_TEXT)
    child = spawn("ask", cwd=tmp_path)
    child.expect_exact("Resume it?")
    child.send("\r")
    for prompt in asked_with_defaults(pack)[1:]:  # team_size was kept
        child.expect_exact(first_words(prompt))
        child.send("\r")
    child.expect_exact("Review: Enter accepts")
    child.send("\r")
    out = screen_text(finish(child))
    assert child.exitstatus == 0
    assert "answers saved to stackpick-answers.yaml" in out
    assert "renamed the finished partial file to stackpick-answers.partial.yaml.bak" in out
    saved = (tmp_path / "stackpick-answers.yaml").read_text()
    assert "  team_size: 4\n" in saved and "complete: true" in saved
    assert not (tmp_path / "stackpick-answers.partial.yaml").exists()
    assert (tmp_path / "stackpick-answers.partial.yaml.bak").read_text() == PARTIAL_TEXT


def test_declining_the_offer_starts_from_the_first_question(tmp_path: Path) -> None:
    (tmp_path / "stackpick-answers.partial.yaml").write_text(
        "answers: {team_size: 4}\nmeta: {complete: false}\n"
    )
    child = spawn("ask", cwd=tmp_path)
    child.expect_exact("Resume it?")
    child.send("n\r")
    child.expect_exact("How many engineers")
    child.sendcontrol("c")
    finish(child)
    assert child.exitstatus == 130


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("maybe", "answer y or n (yes or no), ? if not sure, or press Enter for the default"),
        ("yy", "answer y or n (yes or no), ? if not sure, or press Enter for the default"),
    ],
)
def test_a_yes_no_prompt_refuses_other_words_in_place(
    tmp_path: Path, typed: str, refusal: str
) -> None:
    child = spawn("ask", cwd=tmp_path)
    child.expect_exact("How many engineers")
    child.send("12\r")
    child.expect_exact("grow past about 30")
    child.send(typed + "\r")
    child.expect_exact(refusal[-30:])
    screen = screen_text(str(child.before) + str(child.after))
    assert f"{typed}\n{refusal}" in screen  # the refusal is on the line under what was typed
    child.send("\x15n\r")  # Ctrl-U clears the line; then a real answer is taken
    child.expect_exact("Which language")
    assert "team_growth" not in screen
    child.sendcontrol("c")
    out = screen_text(finish(child))
    assert "2 answers kept" in out
    partial = (tmp_path / "stackpick-answers.partial.yaml").read_text()
    assert "  team_growth: false\n" in partial  # never taken for a yes


def test_a_bad_number_is_refused_next_to_the_input(tmp_path: Path) -> None:
    child = spawn("ask", cwd=tmp_path)
    child.expect_exact("How many engineers")
    child.send("twelve\r")
    child.expect_exact("in plain decimal digits")
    screen = screen_text(str(child.before) + str(child.after))
    assert "twelve\ntype a whole number, 1 to 100000, in plain decimal digits" in screen
    child.sendcontrol("c")
    finish(child)
    assert child.exitstatus == 130
