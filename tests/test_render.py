"""The render registry: each view declares the data it renders and its formats, held to both."""

from __future__ import annotations

import io
import json
import pkgutil
import shlex
import shutil
from pathlib import Path

import pytest

import stackpick.render as render_package
from stackpick.commandline import BY_NAME, COMMANDS, Command
from stackpick.models import Pack
from stackpick.render import Context, render, view
from support import CLI, EXAMPLES

NOT_VIEWS = {"common", "export", "formats", "report", "chart"}  # helpers, not views
VIEWS = sorted(
    m.name for m in pkgutil.iter_modules(render_package.__path__) if m.name not in NOT_VIEWS
)
# the view each command renders; html and svg pages are made from it by render/export.py
VIEW_OF = {
    "score": "result",
    "explain": "explain",
    "whatif": "whatif",
    "diff": "diff",
    "consensus": "consensus",
    "capacity": "capacity",
    "checklist": "checklist",
    "adr": "adr",
    "portfolio": "portfolio",
    "criteria test": "cases",
    "criteria show": "pack",
}
FORMATS = {c.name: o.choice_values for c in COMMANDS for o in c.options if o.long == "--format"}


def test_every_view_module_registers_a_view() -> None:
    assert set(VIEWS) == set(VIEW_OF.values())
    for name in VIEWS:
        registered = view(name)
        assert registered.formats, name
        assert set(registered.formats) <= {"table", "markdown", "json", "csv"}, name


@pytest.mark.parametrize("command", sorted(VIEW_OF))
def test_each_view_renders_every_format_its_command_offers(command: str) -> None:
    offered = set(FORMATS[command]) - {"html", "svg"}
    assert offered == set(view(VIEW_OF[command]).formats), command


def _line(command: Command) -> list[str]:
    """The command's first example that prints to stdout, as words."""
    for example in command.examples:
        words = shlex.split(example)[1:]
        if not {"-o", "--output", ">", "<", "|"} & set(words):
            return words
    raise AssertionError(f"no example of {command.name} prints to stdout")


@pytest.mark.parametrize(
    ("command", "fmt"),
    [(name, fmt) for name, formats in sorted(FORMATS.items()) if name != "ask" for fmt in formats],
)
def test_every_format_of_every_command_renders(
    command: str, fmt: str, cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    run = cli(*_line(BY_NAME[command]), "--format", fmt)
    assert run.code == 0, (command, fmt, run.err)
    assert run.out.strip(), (command, fmt)
    if fmt == "json":
        json.loads(run.out)
    elif fmt in ("html", "svg"):
        assert run.out.lstrip().startswith(("<!DOCTYPE html>", "<?xml")), run.out[:60]


def test_data_of_another_type_is_refused_by_name(pack: Pack) -> None:
    with pytest.raises(TypeError, match="view 'result' renders Result, not Pack"):
        render("result", "json", pack, io.StringIO(), Context())


def test_a_format_a_view_lacks_is_refused_with_the_ones_it_has(pack: Pack) -> None:
    with pytest.raises(ValueError, match=r"has no format 'csv' \(it has json, markdown, table\)"):
        render("pack", "csv", pack, io.StringIO())


def test_a_view_that_names_options_needs_its_pack() -> None:
    with pytest.raises(TypeError, match="renders with its pack"):
        Context().needs_pack()


def test_the_pack_view_renders_through_the_registry(pack: Pack) -> None:
    out = io.StringIO()
    render("pack", "json", pack, out)
    assert out.getvalue().startswith("{")


def test_a_reason_that_rests_on_an_answer_nobody_gave_says_so(cli: CLI, tmp_path: Path) -> None:
    # found by a review: "With juniors on board..." read as a fact where nobody said so
    path = tmp_path / "a.yaml"
    path.write_text("team_language: python\njvm_estate: none\ncpu_work: unknown\n")
    data = json.loads(cli("score", "-a", str(path), "-f", "json").out)
    learning = next(r for r in data["reasons"] if r["criterion"] == "learning_hiring")
    assert learning["rests_on"] == ["team_experience"]
    assert learning["why"].startswith("With juniors")  # the pack's words stay as they are
    for fmt in ("table", "markdown", "html"):
        shown = " ".join(cli("score", "-a", str(path), "-f", fmt).out.split()).replace("\\_", "_")
        assert "(this rests on team_experience left to the default)" in shown, fmt
    record = cli("adr", "-a", str(path)).out.replace("\\_", "_")
    assert "(this rests on team_experience left to the default)" in record
