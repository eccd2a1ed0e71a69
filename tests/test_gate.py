"""The decision gate as CI and hooks run it: --quiet, and answers from an unfinished interview."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from support import CLI
from test_hooks import hooks

ROOT = Path(__file__).resolve().parent.parent
JVM = str(ROOT / "examples" / "jvm-enterprise.yaml")
UNFINISHED = "answers:\n  team_size: 4\nmeta:\n  complete: false\n"


def test_quiet_pass_prints_nothing(cli_process: CLI) -> None:
    run = cli_process("score", "-a", JVM, "--expect", "spring_boot", "--quiet")
    assert (run.code, run.out, run.err) == (0, "", "")


def test_quiet_failure_is_one_line_on_stderr(cli_process: CLI) -> None:
    run = cli_process("score", "-a", JVM, "--expect", "fastapi", "-q", "--format", "json")
    assert (run.code, run.out) == (1, "")
    assert run.err == "gate failed: expected fastapi, recommendation is spring_boot\n"


def test_quiet_still_writes_output_file(cli: CLI, tmp_path: Path) -> None:
    run = cli("score", "-a", JVM, "-q", "-f", "json", "-o", "result.json")
    assert (run.code, run.out) == (0, "")
    assert '"recommendation": "spring_boot"' in (tmp_path / "result.json").read_text()


def test_quiet_errors_still_say_why(cli: CLI) -> None:
    run = cli("score", "-a", "missing.yaml", "-q")
    assert run.code == 2 and run.out == "" and run.err.count("\n") == 1


def test_the_gate_hook_is_quiet(cli: CLI) -> None:
    command = shlex.split(hooks()["stackpick-decision-gate"]["entry"])[1:]
    assert "--quiet" in command
    failed = cli(*command, "--answers", JVM, "--expect", "fastapi")
    assert (failed.code, failed.out) == (1, "")
    assert failed.err.count("\n") == 1


def test_unfinished_interview_is_said(cli_process: CLI, tmp_path: Path) -> None:
    (tmp_path / "partial.yaml").write_text(UNFINISHED)
    run = cli_process("score", "-a", "partial.yaml", "--expect", "fastapi", "-f", "json")
    assert run.code == 0
    assert run.err == (
        "note: partial.yaml is from an unfinished interview (1 of 18 questions answered);"
        " the rest took their defaults\n"
    )


def test_a_quiet_gate_still_says_the_interview_is_unfinished(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "partial.yaml").write_text(UNFINISHED)
    run = cli("score", "-a", "partial.yaml", "--expect", "fastapi", "--quiet")
    assert (run.code, run.out) == (0, "")
    assert run.err.startswith("note: partial.yaml is from an unfinished interview")
    assert run.err.count("\n") == 1


def test_require_complete_refuses_an_unfinished_interview(cli_process: CLI, tmp_path: Path) -> None:
    (tmp_path / "partial.yaml").write_text(UNFINISHED)
    run = cli_process("score", "-a", "partial.yaml", "--require-complete", "-f", "json")
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("error: partial.yaml: the answers are from an unfinished interview")
    assert run.err.endswith("; finish it: stackpick ask --answers partial.yaml\n")
    done = cli_process("score", "-a", JVM, "--require-complete", "-f", "json")
    assert done.code == 0 and done.err == ""


def test_a_finished_file_says_nothing(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "done.yaml").write_text(UNFINISHED.replace("false", "true"))
    run = cli("score", "-a", "done.yaml", "--require-complete", "-f", "json")
    assert run.code == 0 and run.err == ""


def test_explain_and_whatif_say_so_too(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "partial.yaml").write_text(UNFINISHED)
    for command in ("explain", "whatif"):
        run = cli(command, "-a", "partial.yaml", "-f", "json")
        assert run.code == 0
        assert run.err.startswith("note: partial.yaml is from an unfinished interview"), command


def test_the_finish_hint_names_the_file_ready_to_paste(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "our answers.yaml").write_text(UNFINISHED)
    run = cli("score", "-a", "our answers.yaml", "--require-complete", "-f", "json")
    assert run.code == 2
    assert run.err.endswith("finish it: stackpick ask --answers 'our answers.yaml'\n")


@pytest.mark.parametrize("written", ["no", "'false'", "0", "nope", "off", "''", "null", "[false]"])
def test_meta_complete_must_be_a_real_boolean(
    cli_process: CLI, tmp_path: Path, written: str
) -> None:
    (tmp_path / "a.yaml").write_text(UNFINISHED.replace("false", written))
    run = cli_process("score", "-a", "a.yaml", "--require-complete", "-f", "json")
    assert (run.code, run.out) == (2, "")
    shown = {"'false'": "false", "''": "", "[false]": "list"}.get(written, written)
    assert run.err == (
        f"error: a.yaml:4: meta.complete: '{shown}' is not a boolean; write true or false\n"
    )


@pytest.mark.parametrize("key", ["project", "date", "pack", "pack_version", "answered_by"])
def test_the_meta_keys_stackpick_reads_or_writes_must_be_text(
    cli: CLI, tmp_path: Path, key: str
) -> None:
    text = f"answers:\n  team_size: 4\nmeta:\n  complete: true\n  {key}: [1, 2]\n"
    (tmp_path / "a.yaml").write_text(text)
    run = cli("score", "-a", "a.yaml", "-f", "json")
    assert run.code == 2
    assert run.err == f"error: a.yaml:5: meta.{key}: 'list' is not text; write it in quotes\n"


def test_meta_keys_of_ones_own_stay_free_form(cli: CLI, tmp_path: Path) -> None:
    text = "answers:\n  team_size: 4\nmeta:\n  reviewed: no\n  ticket: 1234\n  project:\n"
    (tmp_path / "a.yaml").write_text(text)
    assert cli("score", "-a", "a.yaml", "-f", "json").code == 0


@pytest.mark.parametrize(
    "command",
    [
        ("adr", "-a", "partial.yaml"),
        ("checklist", "-a", "partial.yaml", "-f", "json"),
        ("diff", "partial.yaml", JVM, "-f", "json"),
        ("diff", JVM, "partial.yaml", "-f", "json"),
        ("consensus", JVM, "partial.yaml", "-f", "json"),
        ("capacity", "-a", "partial.yaml", "--rps", "100", "-f", "json"),
        ("portfolio", "partial.yaml", JVM, "-f", "json"),
    ],
    ids=lambda c: " ".join(Path(a).name for a in c),
)
def test_every_command_that_reads_answers_says_an_interview_is_unfinished(
    cli_process: CLI, tmp_path: Path, command: tuple[str, ...]
) -> None:
    (tmp_path / "partial.yaml").write_text(UNFINISHED)
    run = cli_process(*command)
    assert run.code == 0
    assert run.err == (
        "note: partial.yaml is from an unfinished interview (1 of 18 questions answered);"
        " the rest took their defaults\n"
    )
    other = JVM.replace("jvm-enterprise", "minimal")  # a finished file (not JVM twice)
    finished = cli_process(*(other if a == "partial.yaml" else a for a in command))
    assert (finished.code, finished.err) == (0, "")


def test_portfolio_says_it_of_each_unfinished_file_in_a_folder(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "team").mkdir()
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / "team" / name).write_text(UNFINISHED)
    run = cli("portfolio", "team", "-f", "json")
    assert run.code == 0
    notes = [line.split(" is from ")[0] for line in run.err.splitlines()]
    assert notes == ["note: team/a.yaml", "note: team/b.yaml"]


def test_adr_writing_a_record_from_an_unfinished_interview_says_so(
    cli: CLI, tmp_path: Path
) -> None:
    (tmp_path / "partial.yaml").write_text(UNFINISHED)
    run = cli("adr", "-a", "partial.yaml", "-o", "decisions")
    assert run.code == 0
    assert run.err.startswith("note: partial.yaml is from an unfinished interview")
    assert len(list((tmp_path / "decisions").glob("0001-*.md"))) == 1
    refused = cli("adr", "-a", "partial.yaml", "-o", "decisions", "--require-complete")
    assert (refused.code, refused.out) == (2, "")
    assert refused.err.startswith("error: partial.yaml: the answers are from an unfinished")
    assert refused.err.endswith("finish it: stackpick ask --answers partial.yaml\n")
    assert len(list((tmp_path / "decisions").iterdir())) == 1  # nothing more written
    done = cli("adr", "-a", JVM, "-o", "decisions", "--require-complete")
    assert (done.code, done.err) == (0, "")
