"""The config file: .stackpick.toml or [tool.stackpick] in pyproject.toml, nearest folder first."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from stackpick import config
from support import CLI
from test_cli import imported_after, imports
from test_fastpath import Recorder, through_fastpath, through_typer

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = """\
[project]
name = "billing"

[project.scripts]
stackpick = "not.ours:main"

[tool.stackpick]
answers = "decision/answers.yaml"
format = "json"
weights = { footprint = 1 }
"""


def repository(tmp_path: Path, text: str = PYPROJECT, name: str = "pyproject.toml") -> Path:
    """A repository with its decision folder, its settings, and a subfolder to work in."""
    root = tmp_path / "repo"
    (root / "decision").mkdir(parents=True)
    (root / "src" / "deep").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "jvm-enterprise.yaml", root / "decision" / "answers.yaml")
    (root / name).write_text(text)
    return root


def test_settings_apply_from_a_subfolder(cli_process: CLI, tmp_path: Path) -> None:
    root = repository(tmp_path)
    run = cli_process("score", cwd=root / "src" / "deep")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["recommendation"] == "spring_boot"
    assert data["weight_overrides"]["footprint"]["used"] == 1.0


def test_the_output_extension_wins_over_the_configured_format(cli: CLI, tmp_path: Path) -> None:
    root = repository(tmp_path)  # format = "json" in the config
    for command in ("score", "explain"):
        run = cli(command, "--output", "report.html", cwd=root)
        assert run.code == 0, run.err
        page = (root / "report.html").read_text()
        assert page.startswith("<!DOCTYPE html>"), (command, page[:80])
    run = cli("score", "--output", "plain", cwd=root)  # no extension: the config's format
    assert run.code == 0, run.err
    assert json.loads((root / "plain").read_text())["recommendation"] == "spring_boot"


def test_the_command_line_wins(cli: CLI, tmp_path: Path) -> None:
    root = repository(tmp_path)
    (root / "w.yaml").write_text("footprint: 4\n")
    other = str(ROOT / "examples" / "minimal.yaml")
    table = cli("score", "--format", "table", cwd=root)
    assert table.out.startswith("Recommendation: Spring Boot"), table.err
    answers = json.loads(cli("score", "-a", other, cwd=root).out)
    assert answers["recommendation"] == "fastapi"
    pair = json.loads(cli("score", "-w", "footprint=3", cwd=root).out)
    assert pair["weight_overrides"]["footprint"]["used"] == 3.0
    file = json.loads(cli("score", "--weights", "w.yaml", cwd=root).out)
    assert file["weight_overrides"]["footprint"]["used"] == 4.0


def test_stackpick_toml_comes_first_and_a_bare_pyproject_is_passed_over(
    cli: CLI, tmp_path: Path
) -> None:
    root = repository(tmp_path, 'answers = "decision/answers.yaml"\n', ".stackpick.toml")
    (root / "pyproject.toml").write_text('[tool.stackpick]\nformat = "markdown"\n')
    (root / "src" / "pyproject.toml").write_text('[project]\nname = "stackpick"\n')
    run = cli("score", cwd=root / "src" / "deep")
    assert run.code == 0, run.err
    assert run.out.startswith("Recommendation: Spring Boot")  # no format from pyproject.toml


def test_a_format_another_command_lacks_is_left_alone(cli: CLI, tmp_path: Path) -> None:
    root = repository(
        tmp_path, 'format = "csv"\nanswers = "decision/answers.yaml"\n', ".stackpick.toml"
    )
    assert cli("portfolio", "decision", cwd=root).out.startswith("file,recommendation")
    assert cli("score", cwd=root).out.startswith("Recommendation: Spring Boot")


def test_criteria_paths_are_relative_to_the_file(cli: CLI, tmp_path: Path) -> None:
    root = repository(tmp_path, 'criteria = "pack"\n', ".stackpick.toml")
    shutil.copytree(ROOT / "criteria", root / "pack")
    (root / "pack" / "questions.yaml").write_text("questions: oops\n")
    run = cli("criteria", "show", cwd=root / "src")
    assert run.code == 2 and str(root / "pack" / "questions.yaml") in run.err


@pytest.mark.parametrize("command", ["validate", "test"])
def test_criteria_validate_and_test_check_the_configured_pack(
    cli: CLI, tmp_path: Path, command: str
) -> None:
    """Found by a newcomer: they checked the shipped pack and said ok, where every other
    command refused the broken pack the config file names."""
    root = repository(tmp_path, 'criteria = "pack"\n', ".stackpick.toml")
    shutil.copytree(ROOT / "criteria", root / "pack")
    (root / "pack" / "questions.yaml").write_text("questions: oops\n")
    run = cli("criteria", command, cwd=root / "src")
    assert run.code == 2 and str(root / "pack" / "questions.yaml") in run.err
    named = cli("criteria", command, str(ROOT / "criteria"), cwd=root / "src")
    assert named.code == 0, named.err  # the command line still wins


def test_an_answers_file_the_config_names_but_is_not_there_says_so(
    cli_process: CLI, tmp_path: Path
) -> None:
    (tmp_path / ".stackpick.toml").write_text('answers = "gone.yaml"\n')
    run = cli_process("score", "-f", "json")
    assert (run.code, run.out) == (2, "")
    assert ".stackpick.toml:1: answers setting: no such file gone.yaml (looked for as " in run.err


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('formt = "json"\n', ".stackpick.toml:1: unknown setting 'formt' (did you mean 'format'?)"),
        ("criteria = 3\n", ".stackpick.toml:1: criteria must be text"),
        ("criteria = \n", ".stackpick.toml:1: is not valid TOML"),
        ('weights = { footprint = "x" }\n', "weights.footprint must be a number"),
        (
            "weights = { footprnt = 2 }\n",
            ".stackpick.toml:1: weights: footprnt=2: unknown criterion",
        ),
        ('\nformat = "jsn"\n', ".stackpick.toml:2: unknown format 'jsn' (did you mean 'json'?)"),
        ('format = "xqzv"\n', "unknown format 'xqzv' (the formats are csv, html, json, markdown,"),
        (
            'criteria = "."\nweights = "decision/w.yaml"\n'.replace('criteria = "."\n', ""),
            ".stackpick.toml:1: weights setting: no such file decision/w.yaml (looked for as ",
        ),
        (
            '\ncriteria = "nope"\n',
            ".stackpick.toml:2: criteria setting: no such file or folder nope (looked for as ",
        ),
        (  # found by a newcomer: it named the folder alone, not the setting or its line
            'format = "json"\nweights = "."\n',
            ".stackpick.toml:2: weights setting: . is a folder; expected a YAML file",
        ),
        (  # found by a newcomer: no line, and no word on where the settings go
            '[tool.stackpick]\nformat = "json"\n',
            ".stackpick.toml:1: unknown setting 'tool' (in .stackpick.toml the settings stand",
        ),
        (  # left open: named at the file's last line, not without a line
            'format = "json"\nweights = [1\n',
            ".stackpick.toml:2: is not valid TOML: Unclosed array, still open at the end",
        ),
    ],
)
def test_a_bad_config_file_is_an_error(
    cli_process: CLI, tmp_path: Path, text: str, said: str
) -> None:
    (tmp_path / ".stackpick.toml").write_text(text)
    run = cli_process("score", "-a", str(ROOT / "examples" / "minimal.yaml"), "-f", "json")
    assert (run.code, run.out) == (2, "")
    assert said in run.err and run.err.count("\n") == 1


def test_without_answers_anywhere_the_option_is_missing(cli: CLI) -> None:
    run = cli("score", "-f", "json")
    assert run.code == 2
    assert run.err.startswith("error: missing option '--answers' (or set answers in")


def test_config_shows_what_is_in_force(cli_process: CLI, tmp_path: Path) -> None:
    root = repository(tmp_path)
    run = cli_process("config", cwd=root / "src")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == f"config file: [tool.stackpick] in {root / 'pyproject.toml'}"
    assert lines[1].split() == ["criteria", "(not", "set)"]
    assert f"decision/answers.yaml  ->  {root / 'decision' / 'answers.yaml'}" in run.out
    data = json.loads(cli_process("config", "--format", "json", cwd=root).out)
    assert data["file"] == str(root / "pyproject.toml")
    assert data["settings"]["weights"] == {"footprint": 1}
    assert data["paths"] == {"answers": str(root / "decision" / "answers.yaml")}
    nothing = cli_process("config")
    assert nothing.out.startswith("no config file")


def test_the_fast_path_honours_the_config(
    tmp_path: Path, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repository(tmp_path)
    monkeypatch.chdir(root / "src")
    for line in (["score"], ["score", "--format", "markdown"], ["explain", "-w", "footprint=2"]):
        fast = through_fastpath(line, recorder)
        assert fast is not None, line
        assert fast == through_typer(line, recorder)
    assert fast is not None
    _, values = fast[0]
    assert values["answers_path"] == str(root / "decision" / "answers.yaml")
    assert values["fmt"] == "json"
    assert values["weight_pairs"] == ["footprint=1", "footprint=2"]


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    return Recorder(monkeypatch)


def test_score_json_parses_no_toml_for_a_pyproject_without_settings() -> None:
    # the tests run in the repository, whose pyproject.toml names stackpick but sets nothing
    modules = imported_after("score", "-a", str(ROOT / "examples" / "minimal.yaml"), "-f", "json")
    assert "stackpick.config" in modules and not imports(modules, "tomllib")


@pytest.mark.parametrize(
    ("text", "ours"),
    [
        (PYPROJECT, True),
        ((ROOT / "pyproject.toml").read_text(), False),
        ('[project]\nname = "stackpick"\n', False),
        ('[project.scripts]\nstackpick = "x"\n', False),
        ('[ "tool" . "stackpick" ]\nformat = "json"\n', True),
        ("[tool.stackpick.weights]\nfootprint = 2\n", True),
        ('tool.stackpick.format = "json"\n', True),
        ('[tool]\nruff = {}\nstackpick = { format = "json" }\n', True),
        ("[tool.ruff]\nstackpick = 1\n", False),
    ],
)
def test_a_pyproject_is_scanned_before_it_is_parsed(text: str, ours: bool) -> None:
    assert config._may_hold_ours(text.encode()) is ours


def test_a_mistake_in_pyproject_is_pointed_at_in_our_table(cli: CLI, tmp_path: Path) -> None:
    text = '[tool.other]\nformt = 1\n\n[tool.stackpick]\ncriteria = "pack"\nformt = "json"\n'
    root = repository(tmp_path, text)
    run = cli("score", "-f", "json", cwd=root)
    assert run.code == 2
    assert f"{root / 'pyproject.toml'}:6: unknown setting 'formt'" in run.err
    sub = repository(tmp_path / "b", '[weights]\nfootprint = "x"\n', ".stackpick.toml")
    bad = cli("score", "-f", "json", cwd=sub)
    assert ".stackpick.toml:1: weights.footprint must be a number" in bad.err


def test_a_misspelt_format_is_refused_by_every_command_and_by_config(
    cli_process: CLI, tmp_path: Path
) -> None:
    root = repository(tmp_path, '[tool.stackpick]\nformat = "jsn"\n')
    said = "pyproject.toml:2: unknown format 'jsn' (did you mean 'json'?)\n"
    for line in (["config"], ["score", "-a", "decision/answers.yaml"], ["portfolio", "decision"]):
        run = cli_process(*line, cwd=root)
        assert (run.code, run.out) == (2, ""), line
        assert run.err.endswith(said), line


def test_typer_refuses_a_misspelt_format_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from stackpick import cli

    root = repository(tmp_path, 'format = "jsn"\n', ".stackpick.toml")
    monkeypatch.chdir(root)
    monkeypatch.setattr(config, "_FOUND", {})
    with pytest.raises(config.ConfigError) as refused:
        cli._run_typer(["score", "-a", "decision/answers.yaml"])
    assert (refused.value.line, refused.value.message) == (
        1,
        "unknown format 'jsn' (did you mean 'json'?)",
    )


def test_a_missing_weights_file_from_the_line_is_said_as_before(cli: CLI, tmp_path: Path) -> None:
    root = repository(tmp_path, 'weights = "decision/w.yaml"\n', ".stackpick.toml")
    run = cli("score", "--weights", "mine.yaml", "-a", "decision/answers.yaml", cwd=root)
    assert run.code == 2 and run.err == "error: mine.yaml: no such file\n"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('weights = "nope.yaml"\n', "weights setting: no such file nope.yaml"),
        ("weights = {footprint = -3}\n", "weights: footprint=-3"),
        ('criteria = "nopack"\n', "criteria setting: no such file or folder nopack"),
        ('answers = "missing.yaml"\n', "answers setting: no such file missing.yaml"),
        ("weights = {footprnt = 3}\n", "footprnt"),
    ],
)
def test_config_refuses_a_setting_every_command_would_refuse(
    cli: CLI, tmp_path: Path, text: str, says: str
) -> None:
    """Found by a newcomer: `stackpick config`, the command for checking the settings, was
    the one that showed a missing weights file or a negative weight as in force (exit 0)."""
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / ".stackpick.toml").write_text(text)
    shown = cli("config", cwd=folder)
    line = (
        [] if text.startswith("answers") else ["--answers", str(ROOT / "examples" / "minimal.yaml")]
    )
    scored = cli("score", *line, cwd=folder)
    assert shown.code == scored.code == 2 and shown.out == ""
    assert says in shown.err and ".stackpick.toml:1" in shown.err and says in scored.err
