"""Bidi and invisible characters from files are shown escaped, in every view, format and prompt."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from stackpick import interview
from stackpick.errors import printable
from stackpick.pack import default_pack_path, load_pack
from support import CLI, EXAMPLES

# Right-to-left override, isolates, zero-width space and joiner, LRM, BOM, a C1 control,
# a line separator, DEL: each can hide or reorder what a reviewer reads.
HOSTILE = "\u202e\u2066\u200b\u200d\u200e\ufeff\x85\u2028\x7f\u061c"
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)
FREE_TEXT = {
    "prompt",
    "help",
    "label",
    "name",
    "summary",
    "why",
    "title",
    "section",
    "text",
    "category",
    "description",
    "source",
    "version",
    "box",
}


def taint(data: Any) -> Any:
    """Every free-text value of a pack with the hostile characters in its middle."""
    if isinstance(data, dict):
        return {
            k: f"{v[:3]}{HOSTILE}{v[3:]}" if k in FREE_TEXT and isinstance(v, str) else taint(v)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [taint(v) for v in data]
    return data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a hostile copy of the shipped pack, answers, a status file and figures."""
    root = tmp_path_factory.mktemp("hostile")
    pack = root / "pack"
    shutil.copytree(default_pack_path(), pack)
    for file in pack.glob("*.yaml"):
        data = taint(yaml.safe_load(file.read_text()))
        file.write_text(yaml.dump(data, allow_unicode=True, sort_keys=False))
    example = yaml.safe_load((EXAMPLES / "polyglot-close-call.yaml").read_text())
    answers = example.get("answers", example)
    meta = {"project": f"Pay{HOSTILE}ments", "answered_by": f"Al{HOSTILE}ice"}
    team = root / "answers"
    team.mkdir()
    named = team / f"team{HOSTILE}\nfastapi,100.00,clear.yaml"  # a newline in a file name
    named.write_text(yaml.dump({"answers": answers, "meta": meta}, allow_unicode=True))
    (team / "other.yaml").write_text((EXAMPLES / "jvm-enterprise.yaml").read_text())
    status = {"items": {"load_tests": {"status": "open", "note": f"next{HOSTILE}sprint"}}}
    (root / "status.yaml").write_text(yaml.dump(status, allow_unicode=True))
    return root


def answers_file(root: Path) -> str:
    return str(next(p for p in (root / "answers").iterdir() if p.name.startswith("team")))


def clean(run: Any) -> None:
    for stream in (run.out, run.err):
        found = UNSAFE.findall(stream.replace("\n", "").replace("\t", ""))
        assert not found, (sorted(set(found)), stream[:2000])
    assert "Traceback" not in run.err


def commands(root: Path) -> list[tuple[str, ...]]:
    pack = ("--criteria", str(root / "pack"))
    one = answers_file(root)
    other = str(root / "answers" / "other.yaml")
    lines: list[tuple[str, ...]] = []
    for fmt in ("table", "markdown", "json"):
        f = ("--format", fmt)
        lines += [
            ("score", "--answers", one, *pack, *f),
            ("explain", "--answers", one, *pack, *f),
            ("whatif", "--answers", one, *pack, *f),
            ("diff", one, other, *pack, *f),
            ("consensus", one, other, *pack, *f),
            ("capacity", "--rps", "5000", "--answers", one, *pack, *f),
            ("checklist", "--answers", one, "--status", str(root / "status.yaml"), *pack, *f),
            ("portfolio", str(root / "answers"), *pack, *f),
            ("criteria", "show", *pack, *f),
        ]
    lines += [
        ("score", "--answers", one, *pack, "--format", "svg"),
        ("score", "--answers", one, *pack, "--format", "html"),
        ("explain", "--answers", one, *pack, "--format", "html"),
        ("explain", "--answers", one, *pack, "--format", "svg"),
        ("whatif", "--answers", one, *pack, "--format", "html"),
        ("consensus", one, other, *pack, "--format", "html"),
        ("checklist", "--answers", one, "--status", str(root / "status.yaml"), *pack, "-f", "html"),
        ("portfolio", str(root / "answers"), *pack, "--format", "html"),
        ("adr", "--answers", one, *pack),
        ("adr", "--answers", one, *pack, "--format", "json"),
        ("portfolio", str(root / "answers"), *pack, "--format", "csv"),
        ("template", *pack),
        ("schema", *pack),
        ("criteria", "validate", str(root / "pack")),
    ]
    return lines


def test_every_view_of_a_hostile_pack_and_answers_is_escaped(cli: CLI, hostile: Path) -> None:
    for line in commands(hostile):
        run = cli(*line)
        assert run.code == 0, (line, run.err)
        clean(run)
        if "json" in line or line[0] == "schema":
            if line[0] == "portfolio":
                assert json.loads(run.out)
            else:
                json.loads(run.out)  # still one JSON object, the escapes are JSON's own


def test_json_keeps_the_text_exactly(cli: CLI, hostile: Path) -> None:
    run = cli("criteria", "show", "--criteria", str(hostile / "pack"), "--format", "json")
    data = json.loads(run.out)
    assert HOSTILE in data["questions"][0]["prompt"]  # escaped on screen, the same data
    assert "\\u202e" in run.out


def test_a_newline_in_a_file_name_forges_no_portfolio_row(cli: CLI, hostile: Path) -> None:
    pack = ("--criteria", str(hostile / "pack"))
    csv = cli("portfolio", str(hostile / "answers"), *pack, "--format", "csv")
    assert len(csv.out.splitlines()) == 3  # the header and one line per file
    assert "\\nfastapi,100.00,clear.yaml" in csv.out
    markdown = cli("portfolio", str(hostile / "answers"), *pack, "--format", "markdown")
    rows = [line for line in markdown.out.splitlines() if line.startswith("| ")]
    assert len(rows) == 3
    table = cli("portfolio", str(hostile / "answers"))  # the shipped pack's short names
    assert "\\nfast" in table.out  # the name folds at the column's edge, escaped
    assert not any(line.lstrip().startswith("fastapi,100.00") for line in table.out.splitlines())


def test_an_error_naming_a_hostile_file_is_one_escaped_line(cli: CLI, tmp_path: Path) -> None:
    bad = tmp_path / f"bad{HOSTILE}\nerror: forged.yaml"
    bad.write_text("team_sise: 3\n")
    run = cli("score", "--answers", str(bad))
    assert run.code == 2
    clean(run)
    assert len(run.err.strip().splitlines()) == 1


def test_the_prompts_show_pack_text_escaped(hostile: Path) -> None:
    pack = load_pack(hostile / "pack")
    prompts = interview.build_prompts(pack)
    answers: dict[str, Any] = {}
    for prompt in prompts:
        shown = [prompt.message, prompt.help, prompt.hint, interview.instruction(prompt)]
        shown += [label for _, label in prompt.choices]
        shown.append(interview.record(prompt, prompt.default))
        for text in shown:
            assert not UNSAFE.findall(text.replace("\n", "")), (prompt.id, text)
        answers[prompt.id] = prompt.default
    review = interview.review_prompt(prompts, answers)
    assert not UNSAFE.findall("".join(label for _, label in review.choices))


@pytest.mark.parametrize("character", sorted(set(HOSTILE)))
def test_printable_shows_each_character_as_an_escape(character: str) -> None:
    shown = printable(f"a{character}b")
    assert shown.startswith("a\\") and shown.endswith("b") and character not in shown
    assert printable("a\nb\tc") == "a\nb\tc"
    assert printable("a\nb\tc", one_line=True) == "a\\nb\\tc"


def test_paths_stackpick_prints_are_escaped(cli: CLI, tmp_path: Path) -> None:
    folder = tmp_path / f"records{HOSTILE}\nforged"
    run = cli("adr", "--answers", str(EXAMPLES / "minimal.yaml"), "--output", str(folder))
    assert run.code == 0, run.err
    clean(run)
    assert len(run.out.splitlines()) == 1 and "\\u202e" in run.out
    saved = cli("ask", "--save", str(tmp_path / f"a{HOSTILE}.yaml"))  # no terminal
    clean(saved)
