"""The pre-commit hooks other repositories use: well formed, and their commands work."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path
from typing import Any

from stackpick.yamlfile import load_file
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def hooks() -> dict[str, dict[str, Any]]:
    data = load_file(str(HOOKS)).data
    assert isinstance(data, list)
    return {hook["id"]: hook for hook in data}


def test_hooks_are_well_formed() -> None:
    found = hooks()
    assert set(found) == {"stackpick-criteria", "stackpick-decision-gate"}
    for hook in found.values():
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        assert shlex.split(hook["entry"])[0] == "stackpick"


def test_criteria_hook_runs_on_a_pack(cli: CLI, tmp_path: Path) -> None:
    hook = hooks()["stackpick-criteria"]
    shutil.copytree(ROOT / "criteria", tmp_path / "criteria")
    ok = cli(*shlex.split(hook["entry"])[1:], *hook["args"])
    assert ok.code == 0 and ok.out.startswith("ok: ")
    (tmp_path / "criteria" / "questions.yaml").write_text("questions: oops\n")
    bad = cli(*shlex.split(hook["entry"])[1:], *hook["args"])
    assert bad.code == 2 and "questions.yaml" in bad.err


def test_decision_gate_hook(cli: CLI) -> None:
    hook = hooks()["stackpick-decision-gate"]
    command = shlex.split(hook["entry"])[1:]
    answers = str(ROOT / "examples" / "jvm-enterprise.yaml")
    passed = cli(*command, "--answers", answers, "--expect", "spring_boot")
    assert passed.code == 0
    failed = cli(*command, "--answers", answers, "--expect", "fastapi")
    assert failed.code == 1 and "gate failed" in failed.err


def completions(cli: CLI, words: str, cwd: Path | None = None) -> list[str]:
    """What bash completion offers for the line ``words`` (its last word being completed)."""
    env = {"_STACKPICK_COMPLETE": "complete_bash", "COMP_WORDS": words}
    env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    r = cli(env=env, cwd=cwd)
    assert r.code == 0, r.err
    return list(r.out.split())


def test_shell_completion_knows_the_commands_and_formats(cli: CLI) -> None:
    def complete(words: str) -> list[str]:
        return completions(cli, words)

    assert complete("stackpick por") == ["portfolio"]
    assert complete("stackpick portfolio --format ") == ["table", "markdown", "json", "csv", "html"]
    assert complete("stackpick score --format ") == ["table", "markdown", "json", "svg", "html"]
    assert complete("stackpick score --expect ") == ["fastapi", "spring_boot"]
    assert complete("stackpick whatif -w foot") == ["footprint="]


def test_completion_offers_ids_not_file_names(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "db_notes.yaml").write_text("x: 1\n")  # a file a file-name completion would offer

    def complete(words: str) -> list[str]:
        return completions(cli, words)

    assert complete("stackpick capacity --rps 10 --workload db") == ["db_bound"]
    assert complete("stackpick capacity --workload ") == [
        "json_echo",
        "db_bound",
        "cpu_hashing",
        "cpu_bound",
        "io_bound",
        "mixed",
    ]
    assert complete("stackpick checklist --stack sp") == ["spring_boot"]
    assert complete("stackpick score --expect f") == ["fastapi"]
    assert complete("stackpick adr -w foot") == ["footprint="]


def test_a_misspelt_workload_suggests_the_nearest(cli_process: CLI) -> None:
    run = cli_process("capacity", "--rps", "100", "--workload", "db_bond")
    assert (run.code, run.out) == (2, "")
    assert (
        "--workload 'db_bond' is neither a workload nor a profile (did you mean 'db_bound'?)"
        in run.err
    )


def test_completion_takes_the_pack_the_config_names(cli: CLI, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "data" / "three-options", tmp_path / "pack")
    (tmp_path / ".stackpick.toml").write_text('criteria = "pack"\n')
    (tmp_path / "sub").mkdir()

    def complete(words: str) -> list[str]:
        return completions(cli, words, tmp_path / "sub")  # the config is found from a subfolder

    assert complete("stackpick score --expect ") == ["django", "quarkus", "express"]
    assert complete("stackpick checklist --stack q") == ["quarkus"]
    assert complete("stackpick whatif -w big") == ["big_team="]
    # --criteria on the line wins over the config's pack
    shipped = str(ROOT / "criteria")
    assert complete(f"stackpick score -c {shipped} --expect ") == ["fastapi", "spring_boot"]
