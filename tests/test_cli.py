"""The command line through the entry point: formats, gates, stdin, help, colour, width."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from stackpick import __version__
from stackpick.app import app
from stackpick.models import Pack
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
OPTIONS = {"fastapi", "spring_boot"}
CONFIDENCE = {"clear", "lean", "close_call"}


def check_contract(out: str) -> dict[str, Any]:
    """The JSON object CONTRACT.md fixes, and nothing else on stdout."""
    data = json.loads(out)  # fails on anything before or after the one object
    assert isinstance(data, dict)
    assert {"recommendation", "scores", "confidence", "reasons", "tradeoffs", "defaulted"} <= set(
        data
    )
    scores = data["scores"]
    assert set(scores) == OPTIONS
    assert all(isinstance(s, int | float) and 0 <= s <= 100 for s in scores.values())
    assert data["recommendation"] == max(scores, key=scores.get)
    assert data["confidence"] in CONFIDENCE
    for reason in data["reasons"]:
        assert {"criterion", "favours", "points", "why"} <= set(reason)
        assert reason["favours"] in OPTIONS | {None}
        assert isinstance(reason["points"], int | float)
        assert isinstance(reason["why"], str) and reason["why"]
    assert all(isinstance(t, str) and t for t in data["tradeoffs"])
    assert all(isinstance(d, str) for d in data["defaulted"])
    return data


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_in_every_format(cli: CLI, path: Any) -> None:
    as_json = cli("score", "--answers", str(path), "--format", "json")
    assert (as_json.code, as_json.err) == (0, "")
    data = check_contract(as_json.out)
    name = {"fastapi": "FastAPI", "spring_boot": "Spring Boot"}[data["recommendation"]]
    table = cli("score", "--answers", str(path))  # the fixture sets COLUMNS=80
    assert (table.code, table.err) == (0, "")
    assert table.out.startswith(f"Recommendation: {name} (")
    assert max(len(line) for line in table.out.splitlines()) <= 80
    markdown = cli("score", "--answers", str(path), "--format", "markdown")
    assert (markdown.code, markdown.err) == (0, "")
    assert markdown.out.startswith(f"## Recommendation: {name} (")
    assert "| Option | Score |" in markdown.out


def test_defaulted_lists_what_the_file_left_out(cli: CLI) -> None:
    data = check_contract(
        cli("score", "-a", str(ROOT / "examples" / "minimal.yaml"), "-f", "json").out
    )
    assert "team_experience" in data["defaulted"]
    assert "team_size" not in data["defaulted"]


# --- the --expect gate ---------------------------------------------------------------------


def test_expect_matches(cli: CLI) -> None:
    run = cli(
        "score", "-a", str(ROOT / "examples" / "jvm-enterprise.yaml"), "--expect", "spring_boot"
    )
    assert run.code == 0, run.err
    assert run.err == ""


def test_expect_differs(cli: CLI) -> None:
    run = cli(
        "score",
        "-a",
        str(ROOT / "examples" / "jvm-enterprise.yaml"),
        "-f",
        "json",
        "--expect",
        "fastapi",
    )
    assert run.code == 1
    check_contract(run.out)  # the result is still printed
    assert "gate failed: expected fastapi, recommendation is spring_boot" in run.err


def test_expect_unknown_option(cli: CLI) -> None:
    run = cli("score", "-a", str(ROOT / "examples" / "jvm-enterprise.yaml"), "--expect", "django")
    assert (run.code, run.out) == (2, "")
    assert "--expect 'django' is not an option" in run.err
    assert "fastapi, spring_boot" in run.err
    near = cli("score", "-a", str(ROOT / "examples" / "jvm-enterprise.yaml"), "--expect", "fastap")
    assert "did you mean 'fastapi'?" in near.err  # found by a newcomer: --stack had it, not this


# --- standard input ------------------------------------------------------------------------


def test_answers_from_stdin(cli: CLI) -> None:
    text = (ROOT / "examples" / "greenfield-ml.yaml").read_text()
    run = cli("score", "--answers", "-", "--format", "json", stdin=text)
    assert run.code == 0, run.err
    from_file = cli(
        "score", "--answers", str(ROOT / "examples" / "greenfield-ml.yaml"), "-f", "json"
    )
    assert json.loads(run.out) == json.loads(from_file.out)


def test_empty_stdin(cli: CLI) -> None:
    run = cli("score", "--answers", "-", "--format", "json", stdin="")
    assert (run.code, run.out) == (2, "")
    assert "<stdin>: is empty" in run.err


def test_json_answers_from_stdin(cli: CLI) -> None:
    run = cli(
        "score", "-a", "-", "-f", "json", stdin='{"jvm_estate": "primary", "team_language": "java"}'
    )
    assert run.code == 0, run.err
    assert check_contract(run.out)["recommendation"] == "spring_boot"


# --- version and help ----------------------------------------------------------------------


def test_python_dash_m_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "stackpick", "--version"], capture_output=True, text=True, timeout=60
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"stackpick {__version__}\n", "")


@pytest.mark.parametrize("where", [(), ("score",), ("criteria", "validate"), ("ask",)])
def test_version_works_everywhere(cli: CLI, where: Any) -> None:
    # CONTRACT.md section 2: --version works everywhere, after a command too
    run = cli(*where, "--version")
    assert (run.code, run.out, run.err) == (0, f"stackpick {__version__}\n", "")


def test_version_of_the_entry_point(cli: CLI) -> None:
    assert cli("--version").out == f"stackpick {__version__}\n"


def commands() -> list[tuple[tuple[str, ...], list[str]]]:
    """Every command path with the long names of its options."""
    found = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        names = [
            max(p.opts, key=len)
            for p in command.params
            if isinstance(p, typer.core.TyperOption) and not p.hidden
        ]
        found.append((path, names))
        for name, child in getattr(command, "commands", {}).items():
            walk(child, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


@pytest.mark.parametrize(
    ("path", "options"), commands(), ids=lambda v: " ".join(v) if isinstance(v, tuple) else None
)
def test_help_mentions_every_option(cli: CLI, path: Any, options: Any) -> None:
    run = cli(*path, "--help")
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("Usage: stackpick")
    for option in [*options, "--help"]:
        assert option in run.out, (path, option)


def test_help_through_the_entry_point(cli: CLI) -> None:
    run = cli("score", "--help")
    assert (run.code, run.err) == (0, "")
    assert "--answers FILE" in run.out and "--expect OPTION" in run.out


def test_every_command_has_help_text(cli: CLI) -> None:
    run = cli("--help")
    for path, _ in commands():
        if len(path) == 1:
            assert f"  {path[0]} " in run.out


def test_no_arguments_shows_help(cli: CLI) -> None:
    run = cli()
    assert "Usage: stackpick" in run.out + run.err


def test_unknown_option_is_usage_error(cli: CLI) -> None:
    run = cli("score", "--answer", "x.yaml")
    assert (run.code, run.out) == (2, "")
    assert "Traceback" not in run.err


def test_bad_format_is_usage_error(cli: CLI) -> None:
    run = cli("score", "-a", str(EXAMPLES[0]), "--format", "yaml")
    assert (run.code, run.out) == (2, "")
    assert "table" in run.err and "json" in run.err
    # one line, as every other error, pointing at the command's help
    assert run.err.count("\n") == 1, run.err
    assert run.err.startswith("error: ") and "stackpick score --help" in run.err


# --- criteria validate / show --------------------------------------------------------------


def test_validate_the_shipped_pack(cli: CLI) -> None:
    run = cli("criteria", "validate")
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("ok: stackpick-default")


def test_validate_the_shipped_pack_by_path(cli: CLI) -> None:
    assert cli("criteria", "validate", str(ROOT / "criteria")).code == 0


def test_show_in_three_formats(cli: CLI, pack: Pack) -> None:
    table = cli("criteria", "show")
    assert (table.code, table.err) == (0, "")
    markdown = cli("criteria", "show", "--format", "markdown")
    assert (markdown.code, markdown.err) == (0, "")
    as_json = cli("criteria", "show", "--format", "json")
    assert (as_json.code, as_json.err) == (0, "")
    data = json.loads(as_json.out)
    assert [q["id"] for q in data["questions"]] == [q.id for q in pack.questions]
    assert [c["id"] for c in data["criteria"]] == [c.id for c in pack.criteria]
    for question in pack.questions:
        assert question.id in table.out
        assert f"| {question.id.replace('_', chr(92) + '_')} |" in markdown.out


def test_show_keeps_every_id_and_value_whole_at_80_columns(cli: CLI, pack: Pack) -> None:
    # people copy ids and values from this table into answers files
    table = cli("criteria", "show", env={"COLUMNS": "80"})
    assert table.code == 0 and max(len(line) for line in table.out.splitlines()) <= 80
    words = {word.strip("()[],") for line in table.out.splitlines() for word in line.split()}
    for question in pack.questions:
        assert question.id in words, question.id
        assert set(question.choice_values) <= words, question.id


# --- colour and width ------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("score", "-a", str(EXAMPLES[0])), ("criteria", "show")])
def test_piped_output_has_no_colour_even_without_no_color(cli: CLI, args: Any) -> None:
    run = cli(*args, env={"NO_COLOR": "", "FORCE_COLOR": "", "TERM": "xterm-256color"})
    assert run.code == 0, run.err
    assert "\x1b" not in run.out


def spawn(*args: str, env: dict[str, str]) -> str:
    pexpect = pytest.importorskip("pexpect")
    script = str(Path(sys.executable).with_name("stackpick"))
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    child = pexpect.spawn(
        script, list(args), env={**environment, **env}, dimensions=(50, 80), timeout=30
    )
    out = str(child.read().decode())
    child.close()
    assert child.exitstatus == 0, out
    return out


def test_terminal_gets_colour() -> None:
    out = spawn("score", "-a", str(EXAMPLES[0]), env={"TERM": "xterm-256color"})
    assert "\x1b[" in out


def test_no_color_in_a_terminal() -> None:
    out = spawn("score", "-a", str(EXAMPLES[0]), env={"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert "\x1b[" not in out
    assert "Recommendation: " in out


def test_criteria_show_fits_80_columns(cli: CLI) -> None:
    run = cli("criteria", "show", env={"COLUMNS": "80"})
    assert max(len(line) for line in run.out.splitlines()) <= 80


def test_wide_terminal_is_capped(cli: CLI) -> None:
    run = cli("score", "--answers", str(EXAMPLES[0]), env={"COLUMNS": "300"})
    assert max(len(line) for line in run.out.splitlines()) <= 100


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_non_utf8_stdout_does_not_crash(encoding: Any) -> None:
    script = str(Path(sys.executable).with_name("stackpick"))
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1", "COLUMNS": "80"}

    def run(*args: str) -> tuple[int, str, str]:
        proc = subprocess.run([script, *args], capture_output=True, env=env, timeout=60)
        return proc.returncode, proc.stdout.decode(encoding), proc.stderr.decode()

    code, out, err = run("score", "-a", str(EXAMPLES[0]))
    assert (code, err) == (0, "")
    assert "  ####" in out  # bars in ASCII where blocks cannot be encoded
    code, out, err = run("score", "-a", str(EXAMPLES[0]), "-f", "json")
    assert (code, err) == (0, "")
    check_contract(out)


def imported_after(*args: str) -> set[str]:
    """The modules a run of the CLI with ``args`` leaves imported (in a fresh interpreter)."""
    probe = (
        "import json, sys; from stackpick.cli import run\n"
        f"code = run({list(args)!r})\n"
        "sys.stderr.write('\\n' + json.dumps(sorted(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    return set(json.loads(proc.stderr.splitlines()[-1]))


def imports(modules: set[str], package: str) -> bool:
    return any(m == package or m.startswith(f"{package}.") for m in modules)


def test_score_json_imports_neither_rich_nor_questionary_nor_typer() -> None:
    modules = imported_after("score", "-a", str(EXAMPLES[0]), "-f", "json")
    assert "stackpick.engine" in modules  # the probe did score
    assert not imports(modules, "rich")
    assert not imports(modules, "questionary")
    assert not imports(modules, "typer")  # the fast path took it
    for templating in ("jinja2", "markupsafe", "markdown_it"):
        assert not imports(modules, templating)


def test_score_json_to_a_file_imports_no_templates(tmp_path: Path) -> None:
    modules = imported_after("score", "-a", str(EXAMPLES[0]), "-o", str(tmp_path / "d.json"))
    assert not imports(modules, "jinja2") and not imports(modules, "rich")
    assert (tmp_path / "d.json").read_text().startswith("{")


def test_the_html_report_needs_no_rich(tmp_path: Path) -> None:
    modules = imported_after("score", "-a", str(EXAMPLES[0]), "-o", str(tmp_path / "r.html"))
    assert imports(modules, "jinja2") and not imports(modules, "rich")


def test_a_cached_pack_builds_no_validators() -> None:
    imported_after("score", "-a", str(EXAMPLES[0]), "-f", "json")  # fills the cache
    modules = imported_after("score", "-a", str(EXAMPLES[0]), "-f", "json")
    assert "pydantic.plugin._loader" not in modules  # imported when a validator is made
    assert "stackpick.analysis" not in modules


def test_score_table_never_imports_questionary() -> None:
    modules = imported_after("score", "-a", str(EXAMPLES[0]))
    assert "rich.console" in modules
    assert not imports(modules, "questionary")


def test_help_builds_no_models() -> None:
    modules = imported_after("--help")
    assert "stackpick.models" not in modules
    assert "stackpick.pack" not in modules


def test_criteria_show_keeps_question_ids_whole_at_80_columns(cli: CLI) -> None:
    out = cli("criteria", "show").out
    questions = out.split("Criteria")[0]
    for question_id in ("enterprise_integrations", "cold_start_critical", "workload_profile"):
        assert question_id in questions  # whole, in the Id column and in the conditions
    assert max(len(line) for line in out.splitlines()) <= 80


def test_an_answer_to_a_question_not_asked_is_named_as_not_used(cli: CLI, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "answers:\n  cold_start_critical: false\n  memory_constrained: false\n"
        "  native_image_ok: true\n"
    )
    table = cli("score", "--answers", str(answers)).out
    assert "Not asked, so not used: existing_stack, cpu_work, ml_serving, native_image_ok" in table
    markdown = cli("score", "--answers", str(answers), "--format", "markdown").out
    unused = "`existing_stack`, `cpu_work`, `ml_serving`, `native_image_ok`"
    assert f"Not asked, so not used: {unused}" in markdown
