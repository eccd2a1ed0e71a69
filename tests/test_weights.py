"""weights.py: an organisation's weights, read from pairs and files, checked once."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackpick import weights
from stackpick.errors import SettingError, UsageError
from stackpick.models import Pack


def test_pairs_win_over_the_file(pack: Pack, tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("weights:\n  footprint: 1\n  platform_fit: 2\n")
    found = weights.read(pack, ["footprint=3"], str(path))
    assert found == {"footprint": 3.0, "platform_fit": 2.0}


def test_a_flat_file_is_read_too(pack: Pack, tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("footprint: 0.5\n")
    assert weights.read_file(pack, str(path)) == {"footprint": 0.5}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- 1\n", 1, "holds a list; expected a mapping of criterion id to weight"),
        ("weights: 3\n", 1, "'weights:' must hold a mapping of criterion id to weight"),
        ("weights:\n  footprnt: 1\n", 2, "did you mean 'footprint'?"),
        ("footprint: -1\n", 1, "a weight must be a finite number"),
    ],
)
def test_a_bad_file_names_its_line(
    pack: Pack, tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(text)
    with pytest.raises(UsageError) as caught:
        weights.read_file(pack, str(path))
    assert (caught.value.source, caught.value.line) == (str(path), line)
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("footprint", "weight takes CRITERION=NUMBER, not 'footprint'"),
        ("footprint=x", "weight takes CRITERION=NUMBER, not 'footprint=x'"),
        ("footprnt=1", "weight footprnt=1: unknown criterion 'footprnt'"),
        ("footprint=1e9", "weight footprint=1e9: a weight must be a finite number"),
        # as a weights file reads a number (a newcomer found float()'s 1_0 and other digits)
        ("footprint=1_0", "weight takes CRITERION=NUMBER, not 'footprint=1_0'"),
        ("footprint=\u0661\u0660", "weight takes CRITERION=NUMBER, not 'footprint=\u0661\u0660'"),
        ("footprint=nan", "weight footprint=nan: a weight must be a finite number"),
    ],
)
def test_a_bad_pair_names_the_setting_not_a_flag(pack: Pack, pair: str, message: str) -> None:
    with pytest.raises(SettingError) as caught:
        weights.parse_pair(pack, pair)
    assert caught.value.setting == "weight"
    assert str(caught.value).startswith(message)
    assert str(caught.value.named("--weight")).startswith(f"--{message}")


def test_effective_weights_check_every_override(pack: Pack) -> None:
    assert weights.effective(pack, {"footprint": 2})["footprint"] == 2.0
    with pytest.raises(UsageError, match="weight of 'footprint': a weight must be"):
        weights.effective(pack, {"footprint": -1})
    with pytest.raises(UsageError, match="^unknown criterion 'nope'"):
        weights.effective(pack, {"nope": 1})


def test_a_setting_error_puts_the_name_where_the_message_says() -> None:
    error = SettingError("workload", "none matches; choose one with {setting}", line=3)
    assert str(error) == "none matches; choose one with workload"
    named = error.named("--workload")
    assert (str(named), named.line) == ("none matches; choose one with --workload", 3)
