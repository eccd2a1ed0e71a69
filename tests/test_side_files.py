"""Weights, status and figures files: nothing in them is silently ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from expect import refused
from support import CLI, EXAMPLES

EXAMPLE = str(EXAMPLES / "greenfield-ml.yaml")


def write(tmp_path: Path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text)
    return name


WEIGHTS = {
    "a criterion outside weights:": (
        "weights:\n  footprint: 2\nplatform_fit: 0\n",
        "w.yaml:3: 'platform_fit' is outside 'weights:'; indent it under 'weights:'",
    ),
    "an unknown key beside weights:": (
        "weights:\n  footprint: 2\nnotes: ours\n",
        "w.yaml:3: unknown top-level key 'notes'",
    ),
    "weights: holding a list": (
        "meta: {}\nweights: [1, 2]\n",
        "w.yaml:2: 'weights:' must hold a mapping of criterion id to weight",
    ),
    "meta: that is not a mapping": (
        "weights:\n  footprint: 2\nmeta: ours\n",
        "w.yaml:3: 'meta:' must hold a mapping",
    ),
    "1e3, which YAML reads as text": (
        "footprint: 1e3\n",
        "w.yaml:1: footprint: a weight must be a number ('1e3' is text to YAML 1.1",
    ),
    "2.5e1, whose hint is its own number": (
        "footprint: 2.5e1\n",
        "write 25 or 2.5e+1)",
    ),
    "1e-30, too small to write plainly": (
        "footprint: 1e-30\n",
        "exponent: write 1.0e-30)",
    ),
    "1_000, which YAML 1.1 reads as 1000": (
        "footprint: 1_000\n",
        "w.yaml:1: '1_000' has digit separators",
    ),
}


@pytest.mark.parametrize(("text", "message"), WEIGHTS.values(), ids=WEIGHTS.keys())
def test_a_weights_file_applies_all_of_itself_or_nothing(
    cli: CLI, tmp_path: Path, text: str, message: str
) -> None:
    name = write(tmp_path, "w.yaml", text)
    for command in ("score", "explain", "whatif"):  # the fast path and typer's alike
        refused(cli(command, "--answers", EXAMPLE, "--weights", name), message)
    refused(cli("diff", EXAMPLE, EXAMPLE, "--weights", name), message)


def test_weights_beside_meta_are_applied(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "w.yaml", "meta: {owner: platform team}\nweights:\n  footprint: 4\n")
    run = cli("score", "--answers", EXAMPLE, "--weights", name, "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["weight_overrides"] == {"footprint": {"pack": 2.5, "used": 4.0}}


@pytest.mark.parametrize("written", ["-0", "-0.0"])
def test_minus_zero_as_a_weight_is_zero(cli: CLI, tmp_path: Path, written: str) -> None:
    name = write(tmp_path, "w.yaml", f"footprint: {written}\n")
    for args in (("--weights", name), ("--weight", f"footprint={written}")):
        table = cli("score", "--answers", EXAMPLE, *args)
        assert table.code == 0, table.err
        assert "footprint 0 (pack" in table.out and "-0" not in table.out
        data = json.loads(cli("score", "--answers", EXAMPLE, *args, "-f", "json").out)
        assert str(data["weight_overrides"]["footprint"]["used"]) == "0.0"  # not -0.0


STATUS = {
    "an item outside items:": (
        "items:\n  load_tests: done\nchaos_tests: done\n",
        "s.yaml:3: 'chaos_tests' is outside 'items:'; indent it under 'items:'",
    ),
    "an unknown key beside items:": (
        "items:\n  load_tests: done\nreviewer: sam\n",
        "s.yaml:3: unknown top-level key 'reviewer'",
    ),
}


@pytest.mark.parametrize(("text", "message"), STATUS.values(), ids=STATUS.keys())
def test_a_status_file_with_keys_beside_items_is_refused(
    cli: CLI, tmp_path: Path, text: str, message: str
) -> None:
    name = write(tmp_path, "s.yaml", text)
    refused(cli("checklist", "--answers", EXAMPLE, "--status", name), message)


def test_a_status_file_beside_meta_is_read(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "s.yaml", "meta: {reviewer: sam}\nitems:\n  load_tests: done\n")
    run = cli("checklist", "--answers", EXAMPLE, "--status", name, "--format", "json")
    assert run.code == 0, run.err


def shipped_figures() -> str:
    return (Path(__file__).resolve().parent.parent / "criteria" / "figures.yaml").read_text()


def test_a_figures_file_with_keys_beside_figures_is_refused(cli: CLI, tmp_path: Path) -> None:
    assert "\nfigures:\n" in shipped_figures()
    name = write(tmp_path, "f.yaml", shipped_figures() + "extra: 1\n")
    line = len(shipped_figures().splitlines()) + 1
    run = cli("capacity", "--rps", "1000", "--workload", "io_bound", "--figures", name)
    refused(run, f"f.yaml:{line}: unknown top-level key 'extra'")


def test_figures_errors_name_the_figures_file(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "f.yaml", "label: ours\nbox: one 4-vCPU box\n")
    run = cli("capacity", "--rps", "1000", "--workload", "io_bound", "--figures", name)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("error: 2 problems in the figures file:\n")
    assert "criteria pack" not in run.err


@pytest.mark.parametrize("written", ["0x10", "0b101", "1_000", "010"])
def test_answers_hold_integers_in_plain_decimal_only(
    cli: CLI, tmp_path: Path, written: str
) -> None:
    name = write(tmp_path, "a.yaml", f"greenfield: true\nteam_size: {written}\n")
    refused(cli("score", "--answers", name), f"a.yaml:2: team_size: '{written}' ", "plain decimal")


def test_minus_zero_in_a_pack_shows_as_zero(cli: CLI, tmp_path: Path) -> None:
    import shutil

    from stackpick.models import weight_text
    from stackpick.pack import default_pack_path

    assert weight_text(-0.0) == "0" and weight_text(-0.001) == "0" and weight_text(2.5) == "2.5"
    folder = tmp_path / "pack"
    shutil.copytree(default_pack_path(), folder)
    criteria = folder / "criteria.yaml"
    criteria.write_text(criteria.read_text().replace("weight: 3\n", "weight: -0.0\n", 1))
    shown = cli("criteria", "show", "--criteria", str(folder))
    assert shown.code == 0, shown.err
    assert " -0 " not in shown.out and "-0.0" not in shown.out
