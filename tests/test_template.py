"""The answers template: every question commented, and it scores as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from goldens import check_golden
from stackpick.answers import parse_answers
from stackpick.engine import score
from stackpick.models import Pack
from stackpick.template import build_template, yaml_value
from stackpick.yamlfile import parse
from support import CLI


def test_first_line_names_the_schema(pack: Pack) -> None:
    text = build_template(pack)
    assert text.splitlines()[0] == "# yaml-language-server: $schema=answers.schema.json"
    assert build_template(pack, "https://example.org/s.json").startswith(
        "# yaml-language-server: $schema=https://example.org/s.json\n"
    )


def test_every_question_is_commented(pack: Pack) -> None:
    text = build_template(pack)
    comments = " ".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    flat = " ".join(comments.split())
    for question in pack.questions:
        assert " ".join(question.prompt.split()) in flat
        assert " ".join(question.help.split()) in flat
        for choice in question.choices:
            assert choice.value in flat and choice.label in flat


def test_filled_with_defaults_it_scores_without_error(pack: Pack) -> None:
    answers = parse_answers(pack, build_template(pack), "template.yaml")
    assert answers.defaulted == ()
    for question in pack.questions:
        if question.id not in answers.not_asked:
            assert answers.values[question.id] == question.default
    result = score(pack, answers)
    assert result.recommendation in pack.option_ids


def test_template_lines_hold_the_defaults(pack: Pack) -> None:
    data = parse(build_template(pack), "t").data
    expected = {
        q.id: list(q.default) if isinstance(q.default, tuple) else q.default for q in pack.questions
    }
    assert data == expected


@pytest.mark.parametrize("value", ["no", "yes", "on", "off", "true", "null", "python"])
def test_ambiguous_words_read_back_as_text(value: str) -> None:
    assert parse(f"key: {yaml_value(value)}\n", "t").data == {"key": value}


@pytest.mark.parametrize("value", [True, False, 0, 12, (), ("jms", "soap")])
def test_values_read_back(value: object) -> None:
    expected = list(value) if isinstance(value, tuple) else value
    assert parse(f"key: {yaml_value(value)}\n", "t").data == {"key": expected}


def test_cli_template_then_score(cli: CLI, tmp_path: Path) -> None:
    made = cli("template", "--output", "answers.yaml")
    assert made.code == 0 and made.out == "" and made.err == ""
    scored = cli("score", "--answers", "answers.yaml", "--format", "json")
    assert scored.code == 0, scored.err
    printed = cli("template")
    assert printed.out == (tmp_path / "answers.yaml").read_text()
    check_golden("template-shipped-pack.yaml", printed.out)


def test_cli_template_output_into_missing_folder(cli: CLI) -> None:
    r = cli("template", "--output", "no/such/dir/answers.yaml")
    assert r.code == 2 and r.out == ""
    assert "no/such/dir/answers.yaml: cannot write" in r.err
    assert "Traceback" not in r.err


def test_text_with_newlines_never_writes_a_live_answer_line(cli: CLI, tmp_path: Path) -> None:
    import shutil

    import yaml

    from stackpick.pack import default_pack_path

    folder = tmp_path / "pack"
    shutil.copytree(default_pack_path(), folder)
    questions = yaml.safe_load((folder / "questions.yaml").read_text())
    for question in questions["questions"]:
        question["prompt"] += "\nteam_size: 999"
        question["help"] = "Help\u2028greenfield: false\x85jvm_estate: primary"
        for choice in question.get("choices", []):
            choice["label"] += "\nregulated_industry: true"
    (folder / "questions.yaml").write_text(yaml.safe_dump(questions))
    pack_info = yaml.safe_load((folder / "pack.yaml").read_text())
    pack_info["pack"]["name"] += "\nml_integration: true"
    (folder / "pack.yaml").write_text(yaml.safe_dump(pack_info))
    run = cli("template", "--criteria", str(folder), "--schema", "s.json\nteam_size: 1")
    assert run.code == 0, run.err
    live = [line for line in run.out.splitlines() if line and not line.startswith("#")]
    defaults = [line for line in live if ":" in line]
    assert len(defaults) == len(questions["questions"])  # one answer line per question, no more
    forged = {"team_size: 1", "team_size: 999", "ml_integration: true", "jvm_estate: primary"}
    assert not forged & set(live) and "regulated_industry: true" not in live
    (tmp_path / "filled.yaml").write_text(run.out)
    scored = cli("score", "--criteria", str(folder), "--answers", "filled.yaml", "--format", "json")
    assert scored.code == 0, scored.err  # a YAML reader sees the same lines (no NEL, no LS)
