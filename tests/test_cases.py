"""A pack's own test cases: read and checked like any input, run, and their coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackpick.cases import case_files, read_cases, run_cases
from stackpick.errors import InputError
from stackpick.models import Pack
from stackpick.pack import default_pack_path
from support import CLI

SHIPPED_CASES = default_pack_path() / "tests"

GOOD = """\
cases:
  - name: A Python team
    answers: {team_language: python, jvm_estate: none, ml_integration: true}
    expect:
      recommendation: fastapi
      confidence_at_least: lean
      mentions: [event loop]
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "cases.yaml"
    path.write_text(text)
    return str(path)


def test_the_shipped_pack_passes_its_own_cases(pack: Pack) -> None:
    report = run_cases(pack, case_files(SHIPPED_CASES))
    assert len(report.outcomes) >= 14
    assert report.failed == (), [(o.case.name, o.failures) for o in report.failed]
    assert report.coverage.reached > report.coverage.total // 2


def test_a_case_reads_its_answers_as_an_answers_file_does(pack: Pack, tmp_path: Path) -> None:
    (case,) = read_cases(pack, write(tmp_path, GOOD))
    assert case.name == "A Python team" and case.line == 2
    assert case.answers.values["team_language"] == "python"
    assert "team_size" in case.answers.defaulted


def test_a_failing_case_names_what_failed(pack: Pack, tmp_path: Path) -> None:
    text = GOOD.replace("recommendation: fastapi", "recommendation: spring_boot")
    text = text.replace("[event loop]", "[event loop, a phrase nobody wrote]")
    report = run_cases(pack, [Path(write(tmp_path, text))])
    (outcome,) = report.failed
    assert outcome.failures[0].startswith("recommends fastapi")
    assert "does not mention 'a phrase nobody wrote'" in outcome.failures


def test_a_case_can_name_text_the_result_must_not_say(pack: Pack, tmp_path: Path) -> None:
    text = GOOD.replace(
        "mentions: [event loop]",
        "mentions: [event loop]\n      omits: [EVENT LOOP, spring's ceremony]",
    )
    (outcome,) = run_cases(pack, [Path(write(tmp_path, text))]).outcomes
    assert outcome.failures == ("mentions 'EVENT LOOP', which it must not",)
    bad = GOOD.replace("mentions: [event loop]", "omits: event loop")
    with pytest.raises(InputError, match="omits: a list of texts the result must not say"):
        read_cases(pack, write(tmp_path, bad))


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("team_language: python", "team_langauge: python", 3, "did you mean 'team_language'"),
        ("jvm_estate: none", "jvm_estate: lots", 3, "'lots' is not allowed"),
        ("recommendation: fastapi", "recommendation: django", 5, "unknown option 'django'"),
        ("confidence_at_least: lean", "confidence_at_least: sure", 6, "unknown confidence level"),
        ("mentions: [event loop]", "mention: [event loop]", 7, "unknown expectation 'mention'"),
        ("    answers:", "    answer:", 3, "unknown key 'answer'"),
    ],
)
def test_a_bad_case_file_is_bad_input_at_its_line(
    pack: Pack, tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(InputError) as raised:
        read_cases(pack, path)
    assert raised.value.line == line, str(raised.value)
    assert message in str(raised.value)


def test_a_case_file_with_no_cases_is_refused(pack: Pack, tmp_path: Path) -> None:
    """Found by a newcomer: 'cases: []' passed `criteria test` (0 of 0), a gate that cannot fail."""
    with pytest.raises(InputError, match="holds no cases") as raised:
        read_cases(pack, write(tmp_path, "# nothing yet\ncases: []\n"))
    assert raised.value.line == 2


def test_coverage_names_what_no_case_reaches(pack: Pack, tmp_path: Path) -> None:
    report = run_cases(pack, [Path(write(tmp_path, GOOD))])
    missed = [label for _, label in report.coverage.missed]
    assert "constraint jvm_messaging" in missed
    assert report.coverage.total == report.coverage.reached + len(missed)


# --- through the real entry point ---------------------------------------------------------


def test_criteria_test_runs_the_shipped_cases(cli: CLI) -> None:
    run = cli("criteria", "test", "--coverage")
    assert run.code == 0, run.out + run.err
    assert "cases:" in run.out and "fail" not in run.out.split("cases:")[1].split(";")[0]
    assert "Not reached by any case:" in run.out
    data = __import__("json").loads(cli("criteria", "test", "--format", "json").out)
    assert data["passed"] and len(data["cases"]) >= 14


def test_a_failing_case_exits_1_with_its_file_and_line(cli: CLI, tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("recommendation: fastapi", "recommendation: spring_boot"))
    run = cli("criteria", "test", "--cases", "cases.yaml")
    assert run.code == 1
    assert "FAIL  A Python team" in run.out
    assert "cases.yaml:2" in run.out and "recommends fastapi" in run.out


def test_a_bad_case_file_exits_2_with_one_line(cli: CLI, tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("jvm_estate: none", "jvm_estate: lots"))
    run = cli("criteria", "test", "--cases", "cases.yaml")
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("error: cases.yaml:3:") and len(run.err.splitlines()) == 1
    assert "Traceback" not in run.err


def test_validate_warns_of_rules_that_never_fire_at_their_line(cli: CLI, tmp_path: Path) -> None:
    from test_lint import PACK as LINTED

    (tmp_path / "pack.yaml").write_text(LINTED)
    run = cli("criteria", "validate", "pack.yaml")
    assert run.code == 0 and run.out.startswith("ok: lint 1: ") and "4 warnings" in run.out
    lines = run.err.splitlines()
    assert "warning: pack.yaml:15: criterion 'big': rule 2 never fires" in lines[0]
    assert any("pack.yaml:7: question 'note'" in line for line in lines)
    assert cli("criteria", "validate", "pack.yaml", "--strict").code == 1
    assert cli("criteria", "validate", "--strict").code == 0  # the shipped pack lints clean
