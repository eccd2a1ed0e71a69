"""Portfolio scoring: many files, one row each; a bad file never stops the others."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from goldens import check_golden
from stackpick.models import Pack
from stackpick.portfolio import Failure, Row, answer_files, score_files
from support import CLI

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def services(tmp_path: Path) -> Path:
    root = tmp_path / "services"
    (root / "deep" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copy(EXAMPLES / "greenfield-ml.yaml", root / "ml.yaml")
    shutil.copy(EXAMPLES / "jvm-enterprise.yaml", root / "deep" / "ledger.yml")
    (root / "deep" / "deeper" / "tiny.json").write_text('{"team_size": 3, "jvm_estate": "none"}')
    (root / "deep" / "notes.txt").write_text("not answers")
    shutil.copy(EXAMPLES / "minimal.yaml", root / ".git" / "hidden.yaml")
    return root


def test_folders_are_searched_recursively(tmp_path: Path) -> None:
    root = services(tmp_path)
    files, failures = answer_files([str(root)])
    assert failures == []
    assert [Path(f).relative_to(root).as_posix() for f in files] == [
        "ml.yaml",
        "deep/ledger.yml",
        "deep/deeper/tiny.json",
    ]


def test_each_file_once_and_missing_paths_reported(tmp_path: Path) -> None:
    root = services(tmp_path)
    (tmp_path / "empty").mkdir()
    paths = [str(root), str(root / "ml.yaml"), str(tmp_path / "empty")]
    files, failures = answer_files(paths)
    assert len(files) == 3
    assert [f.file for f in failures] == [str(tmp_path / "empty")]
    assert "holds no .yaml, .yml or .json files" in str(failures[0].error)


def test_rows_match_single_scoring(pack: Pack, cli: CLI, tmp_path: Path) -> None:
    root = services(tmp_path)
    result = score_files(pack, [str(root)])
    assert result.failures == () and len(result.rows) == 3
    listed = json.loads(cli("portfolio", str(root), "--format", "json").out)
    assert [r["file"] for r in listed] == [row.file for row in result.rows]
    for entry in listed:
        single = json.loads(cli("score", "--answers", entry["file"], "--format", "json").out)
        assert entry["recommendation"] == single["recommendation"]
        assert entry["scores"] == single["scores"]
        assert entry["confidence"] == single["confidence"]
        assert entry["top_reason"]["favours"] == single["recommendation"]


def test_open_could_flip_is_what_score_finds_or_null(pack: Pack, cli: CLI) -> None:
    """A row never says no open answer could flip it when `score` lists one; unsearched is null."""
    listed = json.loads(cli("portfolio", str(EXAMPLES), "--format", "json").out)
    states = set()
    for entry in listed:
        single = json.loads(cli("score", "--answers", entry["file"], "--format", "json").out)
        could = bool(single["open_flips"]) or not single["open_flips_complete"]
        if entry["open_could_flip"] is None:  # a hinge settled the label first
            assert entry["robustness_checked"] is False or entry["hinges_on"]
        else:
            assert entry["open_could_flip"] == could
        states.add(entry["open_could_flip"])
    by_name = {Path(e["file"]).name: e for e in listed}
    # minimal.yaml hinges on team_language, and its defaults could flip it too: not 'false'
    assert (
        by_name["minimal.yaml"]["hinges_on"] and by_name["minimal.yaml"]["open_could_flip"] is None
    )
    assert states >= {None, False}


def test_a_bad_file_does_not_stop_the_others(cli: CLI, tmp_path: Path) -> None:
    root = services(tmp_path)
    (root / "deep" / "typo.yaml").write_text("team_size: 4\nteam_sise: 3\n")
    (root / "broken.yaml").write_text("team_size: [1\n")
    r = cli("portfolio", str(root), "missing.yaml", "--format", "json")
    assert r.code == 2
    rows = json.loads(r.out)
    assert len(rows) == 3  # every good file is still scored and listed
    errors = r.err.strip().splitlines()
    assert len(errors) == 3
    assert any("typo.yaml:2: unknown question id 'team_sise'" in e for e in errors)
    assert any("broken.yaml:" in e and "YAML error" in e for e in errors)
    assert any("missing.yaml: no such file" in e for e in errors)
    assert "Traceback" not in r.err


def test_nothing_scored_prints_the_count_and_no_empty_table(cli: CLI, tmp_path: Path) -> None:
    r = cli("portfolio", "missing.yaml")
    assert r.code == 2
    assert r.out == "0 scored; 1 could not be scored (see stderr)\n"
    assert r.err == "error: missing.yaml: no such file\n"


def test_csv_format(cli: CLI, tmp_path: Path) -> None:
    root = services(tmp_path)
    r = cli("portfolio", str(root), "--format", "csv")
    assert r.code == 0
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert len(rows) == 3
    assert list(rows[0]) == [
        "file",
        "recommendation",
        "score_fastapi",
        "score_spring_boot",
        "confidence",
        "margin",
        "top_reason",
        "top_reason_why",
        "hinges_on",
        "open_could_flip",
    ]
    for row in rows:
        lead = abs(float(row["score_fastapi"]) - float(row["score_spring_boot"]))
        assert abs(lead - float(row["margin"])) <= 0.06  # scores two decimals, margin one


def test_csv_cells_never_start_a_formula(
    pack: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stackpick.render import render

    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "minimal.yaml", tmp_path / "=cmd.yaml")
    out = io.StringIO()
    render("portfolio", "csv", score_files(pack, ["=cmd.yaml"]), out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["file"] == "'=cmd.yaml"


def test_results_are_rows_or_failures(pack: Pack, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- a list\n")
    result = score_files(pack, [str(EXAMPLES / "minimal.yaml"), str(bad)])
    assert [type(r) for r in result.rows] == [Row]
    assert [type(f) for f in result.failures] == [Failure]


def test_unknown_weight_fails_the_whole_run(cli: CLI) -> None:
    r = cli("portfolio", str(EXAMPLES), "--weight", "footprnt=2")
    assert r.code == 2 and r.out == ""
    assert "unknown criterion 'footprnt'" in r.err


def test_no_paths_is_a_usage_error(cli: CLI) -> None:
    r = cli("portfolio")
    assert r.code == 2 and r.out == ""


def test_golden_views(cli: CLI) -> None:
    for fmt, name in (("table", "txt"), ("markdown", "md"), ("csv", "csv")):
        r = cli("portfolio", "examples", "-f", fmt, cwd=EXAMPLES.parent)
        assert r.code == 0, r.err
        check_golden(f"portfolio-examples.{name}", r.out)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can list any folder")
def test_unlistable_folder_is_reported(cli: CLI, tmp_path: Path) -> None:
    root = services(tmp_path)
    locked = root / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        r = cli("portfolio", str(root), "--format", "json")
    finally:
        locked.chmod(0o755)
    assert r.code == 2 and len(json.loads(r.out)) == 3
    assert "locked: cannot list" in r.err


def test_walk_errors_become_failures(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import stackpick.portfolio as portfolio_module

    def walk(folder: str, onerror: Any) -> Any:
        onerror(PermissionError(13, "Permission denied", f"{folder}/locked"))
        yield folder, [], ["a.yaml"]

    monkeypatch.setattr(portfolio_module, "os", SimpleNamespace(**{**vars(os), "walk": walk}))
    files, failures = answer_files([str(tmp_path)])
    assert files == [f"{tmp_path}{os.sep}a.yaml"]
    assert [str(f.error) for f in failures] == [
        f"{tmp_path}/locked: cannot list: Permission denied"
    ]


def test_an_unlistable_folder_is_one_failure_not_two(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Found by a newcomer: a folder that cannot be listed was also said to hold no files."""
    import stackpick.portfolio as portfolio_module

    def walk(folder: str, onerror: Any) -> Any:
        onerror(PermissionError(13, "Permission denied", folder))
        return iter(())

    monkeypatch.setattr(portfolio_module, "os", SimpleNamespace(**{**vars(os), "walk": walk}))
    files, failures = answer_files([str(tmp_path)])
    assert files == []
    assert [str(f.error) for f in failures] == [f"{tmp_path}: cannot list: Permission denied"]
    (tmp_path / "empty").mkdir()
    monkeypatch.undo()
    _, failures = answer_files([str(tmp_path / "empty")])  # an empty one is still said
    assert [f.error.message for f in failures] == ["holds no .yaml, .yml or .json files"]


# --- files beside the answers, and --exclude -----------------------------------------------


def decisions(tmp_path: Path, cli: CLI) -> Path:
    """A folder as the README suggests keeping it: answers, their schema, a checklist status."""
    root = tmp_path / "decisions"
    (root / "drafts").mkdir(parents=True)
    shutil.copy(EXAMPLES / "minimal.yaml", root / "billing.yaml")
    shutil.copy(EXAMPLES / "jvm-enterprise.yaml", root / "drafts" / "ledger.yaml")
    (root / "answers.schema.json").write_text(cli("schema").out)
    (root / "checklist-status.yaml").write_text("observability: done\nsecrets: open\n")
    return root


def test_files_that_are_not_answers_are_skipped_with_a_note(
    cli_process: CLI, tmp_path: Path
) -> None:
    root = decisions(tmp_path, cli_process)
    run = cli_process("portfolio", "decisions", "--format", "csv")
    assert run.code == 0, run.err
    assert [r["file"] for r in csv.DictReader(io.StringIO(run.out))] == [
        "decisions/billing.yaml",
        "decisions/drafts/ledger.yaml",
    ]
    assert run.err.splitlines() == [
        f"note: skipped decisions/{name}: not an answers file (it names none of the questions)"
        for name in ("answers.schema.json", "checklist-status.yaml")
    ]
    assert root.is_dir()


def test_an_empty_file_in_a_folder_is_skipped_with_a_note(cli: CLI, tmp_path: Path) -> None:
    root = decisions(tmp_path, cli)
    (root / "new.yaml").write_text("")
    (root / "drafts" / "todo.yaml").write_text("# to be filled in\n")
    run = cli("portfolio", "decisions", "--format", "csv")
    assert run.code == 0, run.err
    assert "note: skipped decisions/new.yaml: empty (no answers in it)\n" in run.err
    assert "note: skipped decisions/drafts/todo.yaml: empty (no answers in it)\n" in run.err
    assert len(list(csv.DictReader(io.StringIO(run.out)))) == 2
    named = cli("portfolio", "decisions/new.yaml", "decisions/billing.yaml")
    assert named.code == 2  # a file named on the line is always checked
    assert "error: decisions/new.yaml: is empty; expected a YAML mapping" in named.err


def test_a_file_named_on_the_line_is_always_checked(cli: CLI, tmp_path: Path) -> None:
    decisions(tmp_path, cli)
    run = cli("portfolio", "decisions/checklist-status.yaml", "decisions/billing.yaml")
    assert run.code == 2
    assert "checklist-status.yaml:1: unknown question id 'observability'" in run.err


def test_a_misspelt_answers_file_in_a_folder_still_fails(cli: CLI, tmp_path: Path) -> None:
    root = decisions(tmp_path, cli)
    (root / "typo.yaml").write_text("team_size: 3\nteam_langauge: java\n")
    run = cli("portfolio", "decisions", "-f", "csv")
    assert run.code == 2 and "typo.yaml:2: unknown question id 'team_langauge'" in run.err


def test_exclude_leaves_out_files_and_folders(cli: CLI, tmp_path: Path) -> None:
    decisions(tmp_path, cli)
    run = cli("portfolio", "decisions", "-f", "csv", "--exclude", "drafts/*", "-x", "*.schema.json")
    assert run.code == 0, run.err
    assert [r["file"] for r in csv.DictReader(io.StringIO(run.out))] == ["decisions/billing.yaml"]
    assert "answers.schema.json" not in run.err and "checklist-status.yaml" in run.err
    folder = cli("portfolio", "decisions", "-f", "csv", "--exclude", "drafts")
    assert "ledger" not in folder.out
    named = cli("portfolio", "decisions/billing.yaml", "-x", "billing.*", "decisions/drafts")
    assert "billing" not in named.out and "ledger" in named.out


def test_a_file_of_misspelt_question_ids_is_reported_not_skipped(cli: CLI, tmp_path: Path) -> None:
    """Found by a newcomer: a file whose every id was misspelt was skipped as 'not an
    answers file' (exit 0); it is an answers file gone wrong, and said so (exit 2)."""
    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / "typo.yaml").write_text("team_sise: 4\nteam_langauge: java\n")
    # not answers: criterion ids, some of them near misses of question ids (workload)
    (folder / "weights.yaml").write_text("workload: 3\nteam_scale: 2\nfootprint: 2\n")
    (folder / "ok.yaml").write_text("team_size: 4\n")
    r = cli("portfolio", str(folder))
    assert r.code == 2
    assert "did you mean 'team_size'?" in r.err and "did you mean 'team_language'?" in r.err
    assert "skipped" in r.err and "weights.yaml" in r.err and "typo.yaml: not an" not in r.err


def test_a_report_written_into_the_scanned_folder_can_be_written_again(
    cli: CLI, tmp_path: Path
) -> None:
    """A review of the output guard: the second run skipped report.json as not answers,
    then refused to replace it as one of its inputs. A file skipped is no input."""
    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / "ok.yaml").write_text("team_size: 4\n")
    for _ in range(2):
        r = cli("portfolio", str(folder), "-o", str(folder / "report.json"))
        assert r.code == 0, r.err
    assert json.loads((folder / "report.json").read_text())[0]["file"].endswith("ok.yaml")


def test_rows_not_checked_for_robustness_say_null_not_no_hinges(cli: CLI) -> None:
    """Found by the analyst: an unchecked close call said hinges_on [] where score lists
    seven; like open_could_flip, it is null where the checks were skipped."""
    close = str(EXAMPLES / "polyglot-close-call.yaml")
    row = json.loads(cli("portfolio", close, "--format", "json").out)[0]
    assert row["robustness_checked"] is False
    assert row["hinges_on"] is None and row["open_could_flip"] is None
    assert json.loads(cli("score", "-a", close, "-f", "json").out)["hinges_on"]  # it has some
