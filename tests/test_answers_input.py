"""Answers and criteria packs that do not fit: real CLI, exit 2, one readable message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from expect import refused
from stackpick import load_pack
from stackpick.answers import check_answers, parse_answers
from stackpick.errors import AnswersError, PackError
from stackpick.models import Pack
from support import CLI, Run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return name


@pytest.fixture
def score(cli: CLI, tmp_path: Path) -> Callable[..., Run]:
    """Score YAML text written to answers.yaml (extra CLI arguments after it)."""

    def run(text: str, *args: str, **kwargs: Any) -> Run:
        name = write(tmp_path, text)
        return cli("score", "--answers", name, "--format", "json", *args, **kwargs)

    return run


# --- answers that do not fit the pack ---------------------------------------------------


def test_unknown_id_suggests_the_nearest(score: Callable[..., Run]) -> None:
    refused(
        score("greenfield: true\nteam_sise: 4\n"),
        "answers.yaml:2",
        "unknown question id 'team_sise'",
        "did you mean 'team_size'?",
    )


def test_unknown_id_far_from_everything(score: Callable[..., Run]) -> None:
    err = refused(score("zzzz: 1\n"), "answers.yaml:1", "'zzzz'", "criteria show")
    assert "did you mean" not in err


@pytest.mark.parametrize(
    ("line", "allowed"),
    [
        ('team_size: "3"', "'3' is text, in quotes; write 3 without them"),
        ("team_size: 3.5", "a whole number from 1"),
        ("team_size: true", "a whole number from 1"),
        ("team_size: [3]", "a whole number from 1"),
        ("greenfield: 1", "true or false"),
        ('greenfield: "true"', "'true' is text, in quotes; write true without them"),
        ("greenfield:", "has no value; expected true or false"),
        ("team_size: 1e3", "('1e3' is text to YAML 1.1: write 1000)"),
        ("enterprise_integrations: [jms, unknown]", "'unknown' stands alone, not inside a list"),
        ("greenfield: ~", "true or false"),
        ("team_language: 3", "one of: python, java, both, neither"),
        ("team_language: [python]", "one of: python, java, both, neither"),
        ("enterprise_integrations: jms", "a list of any of: jms, jca, soap, mainframe, bpm"),
        ("enterprise_integrations: {jms: 1}", "a list of any of"),
    ],
)
def test_wrong_types_say_what_is_allowed(
    score: Callable[..., Run], line: Any, allowed: Any
) -> None:
    question = line.split(":")[0]
    run = score(f"team_experience: senior\n{line}\n")
    refused(run, "answers.yaml:2", f"{question}:", allowed)


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("team_size: 0", ["0 is out of range", "from 1 to 100000"]),
        ("team_size: -4", ["-4 is out of range"]),
        ("team_size: 100001", ["100001 is out of range"]),
        ("jvm_estate: most", ["'most'", "one of: none, some, primary"]),
        ("workload_profile: io-bound", ["did you mean 'io_bound'?"]),
        ("enterprise_integrations: [jms, kafka]", ["'kafka'", "jms, jca, soap"]),
        ("enterprise_integrations: [soaps]", ["did you mean 'soap'?"]),
        ("enterprise_integrations: [jms, jms]", ["at most once"]),
    ],
)
def test_values_outside_choices_and_bounds(
    score: Callable[..., Run], line: Any, parts: Any
) -> None:
    refused(score(f"greenfield: false\n{line}\n"), "answers.yaml:2", *parts)


def test_wrong_type_through_the_entry_point(score: Callable[..., Run]) -> None:
    refused(score('team_size: "40"\n'), "answers.yaml:1", "team_size: '40' is text, in quotes")


def test_out_of_bounds_through_the_entry_point(score: Callable[..., Run]) -> None:
    refused(score("team_size: 0\n"), "answers.yaml:1", "team_size: 0 is out of range", "from 1 to")


def test_yaml11_booleans_through_the_entry_point(score: Callable[..., Run]) -> None:
    refused(score("jvm_estate: no\n"), "answers.yaml:1", "'no'", "a boolean is not a choice")
    refused(score("greenfield: yes\n"), "answers.yaml:1", "'yes'", "write true or false")


def test_empty_list_is_allowed(score: Callable[..., Run]) -> None:
    run = score("enterprise_integrations: []\n")
    assert run.code == 0, run.err
    assert json.loads(run.out)["answers"]["enterprise_integrations"] == []


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "YES"])
def test_yaml11_booleans_for_a_choice_question(score: Callable[..., Run], word: Any) -> None:
    refused(
        score(f"jvm_estate: {word}\n"),
        "answers.yaml:1",
        f"'{word}'",
        "a boolean is not a choice",
        "one of: none, some, primary",
    )


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "y", "n"])
def test_yaml11_booleans_for_a_boolean_question(score: Callable[..., Run], word: Any) -> None:
    refused(score(f"greenfield: {word}\n"), "answers.yaml:1", f"'{word}'", "write true or false")


@pytest.mark.parametrize("word", ["true", "false", "True", "FALSE"])
def test_true_and_false_are_booleans(score: Callable[..., Run], word: Any) -> None:
    run = score(f"greenfield: {word}\n")
    assert run.code == 0, run.err
    assert json.loads(run.out)["answers"]["greenfield"] is (word.lower() == "true")


def test_long_value_is_shortened(score: Callable[..., Run]) -> None:
    err = refused(score("team_language: " + "p" * 5000 + "\n"), "answers.yaml:1", "...")
    assert len(err) < 300


# --- text that could drive a terminal ---------------------------------------------------


def test_markup_and_escapes_in_unknown_key(score: Callable[..., Run]) -> None:
    err = refused(score('"[bold red]x[/]\\e[31m\\x07\\x9b": 1\n'), "answers.yaml:1")
    assert "[bold red]x[/]" in err
    assert "\\x1b[31m" in err and "\\x07" in err and "\\x9b" in err
    assert "\x1b" not in err and "\x07" not in err and "\x9b" not in err


def test_markup_and_escapes_in_value(score: Callable[..., Run]) -> None:
    err = refused(score('team_language: "[blink]py[/] \\e]0;title\\a\\e[2J"\n'), "answers.yaml:1")
    assert "[blink]py[/]" in err
    assert "\\x1b]0;title\\x07" in err
    assert "\x1b" not in err and "\x07" not in err


# --- the file's shape ---------------------------------------------------------------------


def test_answers_under_answers_with_meta(score: Callable[..., Run]) -> None:
    run = score(
        "meta:\n  project: x\n  date: 2026-05-26\nanswers:\n  team_size: 45\n  greenfield: false\n"
    )
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["answers"]["team_size"] == 45
    assert "team_size" not in data["defaulted"]
    assert "greenfield" not in data["defaulted"]


def test_wrapped_answers_lines_are_reported(score: Callable[..., Run]) -> None:
    refused(score("meta: {a: 1}\nanswers:\n  team_size: 1\n  team_sise: 4\n"), "answers.yaml:4")


def test_answer_left_beside_the_answers_block(score: Callable[..., Run]) -> None:
    refused(
        score("answers:\n  greenfield: true\nteam_size: 40\n"),
        "answers.yaml:3",
        "'team_size' is outside 'answers:'",
    )


def test_unknown_key_beside_the_answers_block(score: Callable[..., Run]) -> None:
    refused(
        score("answers:\n  team_size: 3\nteam_langauge: java\n"),
        "answers.yaml:3",
        "unknown top-level key 'team_langauge'",
        "did you mean 'team_language'?",
    )


def test_meta_must_be_a_mapping(score: Callable[..., Run]) -> None:
    refused(score("answers:\n  team_size: 3\nmeta: 5\n"), "answers.yaml:3", "'meta:'")


@pytest.mark.parametrize("date", ["2026-13-01", "garbage", "2026-02-30", "20260526", "2026-5-1"])
def test_a_meta_date_that_is_no_calendar_day_is_refused(
    score: Callable[..., Run], date: str
) -> None:
    """Found by a newcomer: adr silently dated the record today, and the page printed it."""
    text = f"answers:\n  team_size: 3\nmeta:\n  date: '{date}'\n"
    refused(score(text), "answers.yaml:4", "meta.date", "not a calendar day", "YYYY-MM-DD")


def test_values_of_questions_not_asked_are_still_checked(score: Callable[..., Run]) -> None:
    # existing_stack is only asked when greenfield is false: a wrong value is not ignored
    refused(score("greenfield: true\nexisting_stack: [1]\n"), "answers.yaml:2", "existing_stack")


def test_a_bad_list_item_names_its_own_line(score: Callable[..., Run]) -> None:
    text = "team_size: 3\nenterprise_integrations:\n  - jms\n  - soapp\n"
    refused(score(text), "answers.yaml:4", "'soapp'", "(did you mean 'soap'?)")


def test_a_newline_in_a_file_name_stays_on_one_line(cli: CLI, tmp_path: Path) -> None:
    run = cli("score", "--answers", "x\nerror: forged", "--format", "json")
    refused(run, "x\\nerror: forged")


def test_answers_block_must_be_a_mapping(score: Callable[..., Run]) -> None:
    refused(score("answers: [team_size]\n"), "answers.yaml:1", "'answers:' must hold a mapping")


PACK = """\
pack: {name: tiny, version: "1"}
options:
  - {id: alpha, name: Alpha}
  - {id: beta, name: Beta}
confidence:
  - {level: clear, min_margin: 20}
  - {level: close_call, min_margin: 0}
questions:
  - id: size
    prompt: How many?
    type: integer
    min: 1
  - id: flag
    prompt: Flag?
    type: boolean
    default: false
  - id: colour
    prompt: Colour?
    type: choice
    choices: [{value: red, label: Red}, {value: blue, label: Blue}]
  - id: extras
    prompt: Extras?
    type: multi
    choices: [{value: one, label: One}, {value: two, label: Two}]
    default: []
criteria:
  - id: first
    title: First
    weight: 1
    section: S
    rules:
      - when: {question: flag, equals: true}
        values: {alpha: 1, beta: 0}
        why: because of the flag
  - id: second
    title: Second
    weight: 2
    section: S
    rules:
      - when: {question: colour, equals: blue}
        values: {alpha: 0, beta: 1}
        why: because of blue
"""


def test_question_without_default_lists_every_missing_id(cli: CLI, tmp_path: Path) -> None:
    write(tmp_path, PACK, "pack.yaml")
    name = write(tmp_path, "flag: true\n")
    run = cli("score", "--criteria", "pack.yaml", "--answers", name, "--format", "json")
    refused(run, name, "no answer and no default for: size, colour")


def test_custom_pack_scores_when_complete(cli: CLI, tmp_path: Path) -> None:
    write(tmp_path, PACK, "pack.yaml")
    name = write(tmp_path, "size: 3\ncolour: blue\nflag: true\n")
    run = cli("score", "--criteria", "pack.yaml", "--answers", name, "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["scores"] == pytest.approx({"alpha": 33.33, "beta": 66.67})


# --- --debug and STACKPICK_DEBUG ----------------------------------------------------------


def test_debug_shows_a_traceback(score: Callable[..., Run]) -> None:
    run = score("team_sise: 4\n", "--debug")
    assert run.code == 2
    assert "Traceback" in run.err
    assert "did you mean 'team_size'?" in run.err
    assert run.out == ""


def test_debug_before_the_command(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "team_sise: 4\n")
    run = cli("--debug", "score", "--answers", name)
    assert (run.code, run.out) == (2, "")
    assert "Traceback" in run.err


def test_stackpick_debug_environment_variable(score: Callable[..., Run]) -> None:
    run = score("team_sise: 4\n", env={"STACKPICK_DEBUG": "1"})
    assert run.code == 2
    assert "Traceback" in run.err


@pytest.mark.parametrize("value", ["0", "false", "", "no"])
def test_stackpick_debug_switched_off(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: Any
) -> None:
    monkeypatch.setenv("STACKPICK_DEBUG", value)
    write(tmp_path, "team_sise: 4\n")
    run = cli("score", "--answers", "answers.yaml")
    refused(run, "did you mean 'team_size'?")


# --- a closed pipe downstream --------------------------------------------------------------


def test_head_closing_the_pipe_ends_quietly(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("stackpick")
    example = EXAMPLES / "jvm-enterprise.yaml"
    proc = subprocess.run(
        [
            "bash",
            "-c",
            f'"{script}" score --answers "{example}" | head -1; exit ${{PIPESTATUS[0]}}',
        ],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80"},
        timeout=60,
    )
    assert proc.stdout.decode().startswith("Recommendation: ")
    assert proc.stdout.decode().count("\n") == 1
    assert proc.stderr == b""
    assert proc.returncode in (0, 141)


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_reader_gone_before_output(tmp_path: Path, fmt: Any) -> None:
    script = Path(sys.executable).with_name("stackpick")
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [script, "score", "--answers", EXAMPLES / "jvm-enterprise.yaml", "--format", fmt],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert proc.stderr == b""
    assert proc.returncode == 141  # not 1, which would read as a failed --expect gate


def test_a_reader_leaving_mid_write_of_a_large_output_ends_141() -> None:
    """Found by a newcomer: `criteria show --format json | head -c 10` exited 0, the rest
    of a 100 KB write dropped without an error (CPython writes one larger than its buffer
    straight through, and loses what the pipe did not take). Written in pieces, it is a
    broken pipe, as the README says."""
    script = Path(sys.executable).with_name("stackpick")
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [script, "criteria", "show", "--format", "json"],  # ~100 KB: more than a pipe holds
        stdout=write_end,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80"},
    )
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        assert reader.read(10)  # the first bytes arrive, and the reader goes
    _, err = proc.communicate(timeout=60)
    assert err == b""
    assert proc.returncode == 141


# --- criteria packs ------------------------------------------------------------------------


def pack_error(run: Run, *parts: str) -> str:
    """Exit 2, nothing on stdout, no traceback; every part somewhere on stderr."""
    code, out, err = run.code, run.out, run.err
    assert (code, out) == (2, ""), (code, out, err)
    assert "Traceback" not in err
    for part in parts:
        assert part in err, (part, err)
    return err


def line_of(text: str, needle: str) -> int:
    """The line of ``text`` where ``needle`` first appears."""
    return text[: text.index(needle)].count("\n") + 1


def broken(tmp_path: Path, old: str, new: str, at: str | None = None) -> str:
    """Write PACK with one change; returns 'pack.yaml:LINE' for the line of ``at`` (or ``new``)."""
    assert old in PACK
    text = PACK.replace(old, new, 1)
    write(tmp_path, text, "pack.yaml")
    return f"pack.yaml:{line_of(text, at or new)}:"


@pytest.fixture
def both(cli: CLI, tmp_path: Path) -> Callable[..., None]:
    """Run `criteria validate pack.yaml` and `score --criteria pack.yaml`; both must refuse."""

    def run(*parts: str) -> None:
        write(tmp_path, "size: 2\ncolour: red\n", "ok.yaml")
        validate = cli("criteria", "validate", "pack.yaml")
        used = cli("score", "--criteria", "pack.yaml", "--answers", "ok.yaml", "-f", "json")
        for result in (validate, used):
            pack_error(result, *parts)
        assert validate.err == used.err

    return run


def test_pack_error_through_the_entry_point(cli: CLI, tmp_path: Path) -> None:
    where = broken(tmp_path, "question: flag, equals: true", "question: flga, equals: true")
    write(tmp_path, "size: 2\ncolour: red\n", "ok.yaml")
    for run in (
        cli("criteria", "validate", "pack.yaml"),
        cli("score", "--criteria", "pack.yaml", "--answers", "ok.yaml"),
    ):
        refused(run, where, "unknown question 'flga'", "did you mean 'flag'?")


def test_tiny_pack_is_valid(cli: CLI, tmp_path: Path) -> None:
    write(tmp_path, PACK, "pack.yaml")
    run = cli("criteria", "validate", "pack.yaml")
    assert run.code == 0, run.err
    assert run.out.startswith("ok: tiny 1: 2 options, 4 questions, 2 criteria")


def test_unknown_question_in_condition(both: Callable[..., None], tmp_path: Path) -> None:
    where = broken(tmp_path, "question: flag, equals: true", "question: flga, equals: true")
    both(where, "unknown question 'flga'", "did you mean 'flag'?")


def test_wrong_type_in_condition(both: Callable[..., None], tmp_path: Path) -> None:
    where = broken(tmp_path, "question: flag, equals: true", "question: flag, equals: maybe")
    both(where, "equals on 'flag'", "'maybe'", "true or false")


def test_yaml11_boolean_in_condition_on_a_choice(both: Callable[..., None], tmp_path: Path) -> None:
    where = broken(tmp_path, "question: colour, equals: blue", "question: colour, equals: no")
    both(where, "'no'", "one of: red, blue")


def test_condition_on_multi_needs_contains(both: Callable[..., None], tmp_path: Path) -> None:
    where = broken(tmp_path, "question: flag, equals: true", "question: extras, contains: three")
    both(where, "'three' is not a choice of 'extras'")


@pytest.mark.parametrize("weight", ["-1", "-0.5", "1.0e+308", "1000001"])
def test_negative_or_huge_weight(both: Callable[..., None], tmp_path: Path, weight: Any) -> None:
    where = broken(tmp_path, "weight: 1", f"weight: {weight}")
    both(where, "weight must be a finite number from 0 to 1,000,000")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("weight: 1", 'weight: "3"', "weight: must be a valid number"),
        ("weight: 1", "weight: true", "weight: must be a valid number"),
        ("    min: 1\n", "    min: true\n", "min: must be a valid integer"),
        (
            "values: {alpha: 1, beta: 0}",
            "values: {alpha: true, beta: 0}",
            "alpha: must be a valid number",
        ),
    ],
)
def test_pack_numbers_are_strict(
    both: Callable[..., None], tmp_path: Path, old: Any, new: Any, message: Any
) -> None:
    # YAML's true is not 1 and "3" is not 3 in a pack, as in an answers file
    assert old in PACK
    both(broken(tmp_path, old, new), message)


def test_confidence_needs_a_level_for_the_closest_calls(
    both: Callable[..., None], tmp_path: Path
) -> None:
    old = "  - {level: close_call, min_margin: 0}\n"
    text = PACK.replace(old, "")
    write(tmp_path, text, "pack.yaml")
    both("pack.yaml", "min_margin: 0")


def test_confidence_level_named_twice(both: Callable[..., None], tmp_path: Path) -> None:
    twice = PACK.replace("{level: close_call, min_margin: 0}", "{level: clear, min_margin: 0}")
    write(tmp_path, twice, "pack.yaml")
    both("pack.yaml", "confidence level 'clear' twice")


@pytest.mark.parametrize("weight", [".nan", ".inf", "-.inf"])
def test_nan_and_infinite_weight(both: Callable[..., None], tmp_path: Path, weight: Any) -> None:
    where = broken(tmp_path, "weight: 1", f"weight: {weight}")
    both(where, "only finite numbers")


def test_duplicate_criterion_id(both: Callable[..., None], tmp_path: Path) -> None:
    where = broken(tmp_path, "id: second", "id: first", at="id: first\n    title: Second")
    both(where, "duplicate id 'first' in criteria")


def test_unknown_field(both: Callable[..., None], tmp_path: Path) -> None:
    where = broken(
        tmp_path, "    title: First\n", "    title: First\n    colour: red\n", "colour: red"
    )
    both(where, "criteria.0.colour", "is not a known field here")


def test_condition_nested_too_deep(both: Callable[..., None], tmp_path: Path) -> None:
    condition = "{question: flag, equals: true}"
    for _ in range(10):
        condition = "{not: " + condition + "}"
    where = broken(tmp_path, "{question: flag, equals: true}", condition)
    both(where, "conditions nest at most 8 levels deep")


def test_unknown_option_in_points(both: Callable[..., None], tmp_path: Path) -> None:
    where = broken(tmp_path, "values: {alpha: 0, beta: 1}", "values: {alpha: 0, betta: 1}")
    both(where, "unknown option 'betta'", "did you mean 'beta'?", "options: alpha, beta")


def test_a_rule_must_value_every_option(both: Callable[..., None], tmp_path: Path) -> None:
    where = broken(tmp_path, "values: {alpha: 0, beta: 1}", "values: {beta: 1}")
    both(where, "values must give every option a value from 0 to 1; missing: alpha")


def test_a_choice_may_not_be_called_unknown(both: Callable[..., None], tmp_path: Path) -> None:
    where = broken(tmp_path, "{value: blue, label: Blue}", "{value: unknown, label: Not known}")
    both(where, "a choice may not be called 'unknown'")


def test_a_constraint_is_checked_at_load_like_every_condition(
    both: Callable[..., None], tmp_path: Path
) -> None:
    constraint = (
        "constraints:\n  - id: no_blue\n    option: alpha\n    effect: rule_out\n"
        "    when: {question: colour, equals: purple}\n    why: Blue is out.\n"
    )
    where = broken(tmp_path, "criteria:\n", constraint + "criteria:\n", at="equals: purple")
    both(where, "equals on 'colour': 'purple' is not allowed")
    named = constraint.replace("question: colour", "question: color")
    where = broken(tmp_path, "criteria:\n", named + "criteria:\n", at="question: color")
    both(where, "condition names unknown question 'color'", "did you mean 'colour'?")


def test_unknown_is_an_answer_to_every_question_and_misspelt_it_is_named(
    cli: CLI, tmp_path: Path
) -> None:
    write(tmp_path, PACK, "pack.yaml")
    name = write(tmp_path, "size: 2\ncolour: red\nextras: unknown\nflag: unknown\n")
    run = cli("score", "--criteria", "pack.yaml", "--answers", name, "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["unknown"] == ["flag", "extras"] and data["defaulted"] == []
    no_default = write(tmp_path, "size: unknown\ncolour: red\n", "nodefault.yaml")
    refused(
        cli("score", "--criteria", "pack.yaml", "--answers", no_default, "--format", "json"),
        "answered unknown but no default can stand in",
        "size",
    )
    bad = write(tmp_path, "size: 3\ncolour: unknwon\n", "bad.yaml")
    refused(
        cli("score", "--criteria", "pack.yaml", "--answers", bad, "--format", "json"),
        "colour: 'unknwon' is not allowed",
        "or unknown",
    )


def test_points_outside_zero_to_one(both: Callable[..., None], tmp_path: Path) -> None:
    where = broken(tmp_path, "values: {alpha: 0, beta: 1}", "values: {alpha: 0, beta: 2}")
    both(where, "must be less than or equal to 1")


def test_several_problems_reported_together(cli: CLI, tmp_path: Path) -> None:
    text = (
        PACK.replace("question: flag, equals: true", "question: flga, equals: true")
        .replace("values: {alpha: 0, beta: 1}", "values: {alpha: 0, betta: 1}")
        .replace("id: second", "id: first")
    )
    write(tmp_path, text, "pack.yaml")
    err = pack_error(cli("criteria", "validate", "pack.yaml"), "3 problems in the criteria pack")
    lines = err.splitlines()[1:]
    expected = {
        "flga": line_of(text, "flga"),
        "duplicate id": line_of(text, "id: first\n    title: Second"),
        "betta": line_of(text, "betta"),
    }
    for word, line in expected.items():
        assert any(x.startswith(f"pack.yaml:{line}: ") and word in x for x in lines), (word, err)


def test_thousands_of_problems_show_a_screenful_and_a_count(cli: CLI, tmp_path: Path) -> None:
    """Found by a newcomer: 50,000 unknown keys printed 50,001 lines."""
    write(tmp_path, "".join(f"key{i}: 1\n" for i in range(5000)), "many.yaml")
    r = cli("score", "--answers", "many.yaml")
    lines = r.err.splitlines()
    assert r.code == 2 and r.out == ""
    assert lines[0] == "error: many.yaml: 5000 problems in the answers file:"
    assert len(lines) == 22 and lines[1].startswith("many.yaml:1: unknown question id 'key0'")
    assert lines[-1] == "... and 4,980 more; fix these, then run again"


def test_several_shape_problems_reported_together(cli: CLI, tmp_path: Path) -> None:
    text = PACK.replace("weight: 1", "weight: -1").replace("    title: Second\n", "")
    write(tmp_path, text, "pack.yaml")
    err = pack_error(cli("criteria", "validate", "pack.yaml"), "2 problems in the criteria pack")
    assert f"pack.yaml:{line_of(text, 'weight: -1')}: criteria.0.weight" in err
    assert f"pack.yaml:{line_of(text, 'id: second')}: criteria.1.title: is required" in err


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("", ["pack.yaml", "is empty"]),
        ("- a\n", ["pack.yaml:1", "must be a mapping of pack sections"]),
        ("pack: {name: x}\npack: {name: y}\n", ["pack.yaml:2", "duplicate key 'pack'"]),
        ("pack: !!python/name:os.system\n", ["pack.yaml:1", "!!python/name:os.system"]),
    ],
)
def test_unreadable_packs(cli: CLI, tmp_path: Path, text: Any, parts: Any) -> None:
    write(tmp_path, text, "pack.yaml")
    refused(cli("criteria", "validate", "pack.yaml"), *parts)


def test_missing_pack(cli: CLI) -> None:
    refused(cli("criteria", "validate", "nowhere"), "nowhere", "no such criteria file or folder")


def test_section_in_two_files(cli: CLI, tmp_path: Path) -> None:
    folder = tmp_path / "split"
    folder.mkdir()
    (folder / "a.yaml").write_text(PACK)
    (folder / "b.yaml").write_text("# again\noptions: []\n")
    refused(cli("criteria", "validate", "split"), "b.yaml:2", "section 'options' is also in")


def test_pack_text_with_markup_prints_literally(cli: CLI, tmp_path: Path) -> None:
    text = PACK.replace("title: First", 'title: "[bold red]First[/] \\e[31m*x*"').replace(
        "why: because of the flag", 'why: "[link=http://x]go[/link] \\e]0;t\\a <b>"'
    )
    text = text.replace("name: Alpha", 'name: "Alpha\\e[5m"')
    write(tmp_path, text, "pack.yaml")
    write(tmp_path, "size: 3\ncolour: red\nflag: true\n")
    args = ("score", "--criteria", "pack.yaml", "--answers", "answers.yaml", "--format")
    table = cli(*args, "table")
    assert table.code == 0, table.err
    assert "[bold red]First[/] \\x1b[31m*x*" in table.out
    assert "[link=http://x]go[/link] \\x1b]0;t\\x07 <b>" in table.out
    assert "Alpha\\x1b[5m" in table.out
    markdown = cli(*args, "markdown")
    assert markdown.code == 0, markdown.err
    assert "\\[bold red\\]First\\[/\\]" in markdown.out
    assert "\\\\x1b\\[31m" in markdown.out
    for out in (table.out, markdown.out):
        assert "\x1b" not in out and "\x07" not in out
    shown = cli("criteria", "show", "--criteria", "pack.yaml")
    assert "[bold red]First[/]" in shown.out and "\x1b" not in shown.out


# --- the library raises the same errors -----------------------------------------------------


def test_library_errors_carry_file_and_line() -> None:
    pack = load_pack()
    with pytest.raises(AnswersError) as caught:
        parse_answers(pack, "greenfield: true\njvm_estate: off\n", "mine.yaml")
    assert (caught.value.source, caught.value.line) == ("mine.yaml", 2)


def test_library_mapping_with_odd_keys_and_huge_numbers() -> None:
    pack = load_pack()
    with pytest.raises(AnswersError, match="unknown question id '1'"):
        check_answers(pack, {1: 2})  # type: ignore[dict-item]
    with pytest.raises(AnswersError, match="too large to show"):
        check_answers(pack, {"team_size": 10**5000})


def test_pack_error_lists_problems(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(PACK.replace("id: second", "id: first"))
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path / "p.yaml")
    assert [p.line for p in caught.value.problems] == [line_of(PACK, "id: second")]


def test_newline_in_unknown_key_stays_on_one_line(score: Callable[..., Run]) -> None:
    err = refused(score('"team\\nsize": 1\n'), "answers.yaml:1", "'team\\nsize'")
    assert err.count("\n") == 1


def test_long_duplicate_key_is_shortened(score: Callable[..., Run]) -> None:
    key = "k" * 500
    err = refused(score(f"{key}: 1\n{key}: 2\n"), "answers.yaml:2", "lines 1 and 2")
    assert len(err) < 200


def test_bad_id_says_what_an_id_is(cli: CLI, tmp_path: Path) -> None:
    broken(tmp_path, "id: first", "id: First-One")
    err = pack_error(cli("criteria", "validate", "pack.yaml"), "criteria.0.id")
    assert "lower-case letters, digits and _, starting with a letter" in err


@pytest.mark.parametrize("weight", ["1e308", "-1", "nan", "inf", "1000001"])
def test_weight_option_out_of_range(cli: CLI, weight: Any) -> None:
    example = str(EXAMPLES / "greenfield-ml.yaml")
    run = cli("score", "-a", example, "-f", "json", "-w", f"platform_fit={weight}")
    refused(run, "platform_fit", "finite number from 0 to 1,000,000")


@pytest.mark.parametrize(
    ("weight", "said"),
    [
        ("1e3", "a weights file would read it as text ('1e3' is text to YAML 1.1"),
        ("00003", "a weights file would read it as octal; write 3"),
    ],
)
def test_weight_option_refuses_what_a_weights_file_refuses(
    cli: CLI, weight: str, said: str
) -> None:
    """Found by a newcomer: --weight took 1e3 and 00003, which a weights file refuses."""
    example = str(EXAMPLES / "greenfield-ml.yaml")
    refused(cli("score", "-a", example, "-f", "json", "-w", f"footprint={weight}"), said)
    for taken in ("1.0e+3", "2.5", ".5", "0"):  # what YAML 1.1 reads as numbers stays taken
        assert cli("score", "-a", example, "-f", "json", "-w", f"footprint={taken}").code == 0


def test_weights_file_unknown_criterion_names_its_line(cli: CLI, tmp_path: Path) -> None:
    write(tmp_path, "weights:\n  footprint: 2\n  platform_fitt: 2\n", "ours.yaml")
    example = str(EXAMPLES / "greenfield-ml.yaml")
    run = cli("score", "-a", example, "-f", "json", "--weights", "ours.yaml")
    refused(run, "ours.yaml:3", "unknown criterion 'platform_fitt'", "did you mean 'platform_fit'?")


# --- every problem at once -----------------------------------------------------------------

SEVERAL = """\
team_sise: 3
team_language: jav
regulated_industry: yes
greenfield: maybe
jvm_estate: no
team_size: 4
"""


def test_every_problem_is_reported_at_once(cli_process: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, SEVERAL)
    run = cli_process("score", "--answers", name, "--format", "json")
    assert (run.code, run.out) == (2, "")
    lines = run.err.splitlines()
    assert lines[0] == f"error: {name}: 5 problems in the answers file:"
    assert [line.split(": ")[0] for line in lines[1:]] == [f"{name}:{n}" for n in (1, 2, 3, 4, 5)]
    assert "did you mean 'team_size'?" in lines[1]
    assert "did you mean 'java'?" in lines[2]
    assert "'yes' is not a boolean here" in lines[3]
    assert "greenfield: 'maybe' is not allowed" in lines[4]
    assert "a boolean is not a choice" in lines[5]


def test_one_problem_is_one_line(score: Callable[..., Run]) -> None:
    run = score("team_size: 3\nteam_language: jav\n")
    assert run.code == 2
    assert run.err.count("\n") == 1 and "answers.yaml:2: team_language" in run.err


def test_every_problem_is_reported_by_the_library(pack: Pack) -> None:
    from stackpick.errors import AnswersProblems

    with pytest.raises(AnswersProblems) as caught:
        parse_answers(pack, SEVERAL)
    assert [p.line for p in caught.value.problems] == [1, 2, 3, 4, 5]
    assert caught.value.line == 1  # read as one error, it is the first


def test_yaml_level_problems_are_reported_with_the_rest(cli_process: CLI, tmp_path: Path) -> None:
    name = write(
        tmp_path,
        "team_size: 0x10\nteam_sise: 3\nenterprise_integrations: [jms, 1_000]\n"
        "greenfield: true\ngreenfield: false\n",
    )
    run = cli_process("score", "--answers", name)
    assert (run.code, run.out) == (2, "")
    lines = run.err.splitlines()
    assert lines[0] == f"error: {name}: 4 problems in the answers file:"
    assert lines[1].startswith(f"{name}:1: team_size: '0x10' is a hexadecimal number")
    assert lines[2].startswith(f"{name}:2: unknown question id 'team_sise'")
    assert lines[3].startswith(f"{name}:3: enterprise_integrations: '1_000' has digit separators")
    assert lines[4] == (
        f"{name}:5: duplicate key 'greenfield' (lines 4 and 5); each key may appear once"
    )


def test_other_files_still_stop_at_their_first_problem(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "w.yaml").write_text("footprint: 0x10\nfootprint: 2\n")
    run = cli("score", "-a", str(EXAMPLES / "minimal.yaml"), "--weights", "w.yaml")
    assert run.code == 2 and run.err.count("\n") == 1 and "w.yaml:1:" in run.err


def test_missing_answers_are_listed_beside_other_problems(cli: CLI, tmp_path: Path) -> None:
    write(tmp_path, PACK, "pack.yaml")
    name = write(tmp_path, "flag: maybe\nflagg: true\n")
    run = cli("score", "--criteria", "pack.yaml", "--answers", name, "--format", "json")
    assert run.code == 2
    lines = run.err.splitlines()
    assert lines[0] == f"error: {name}: 3 problems in the answers file:"
    assert lines[1].startswith(f"{name}:1: flag: 'maybe' is not allowed")
    assert lines[2].startswith(f"{name}:2: unknown question id 'flagg'")
    assert lines[3].endswith("no answer and no default for: size, colour")
