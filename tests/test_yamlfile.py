"""The YAML reader on bad input: through the real CLI and directly against yamlfile."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from expect import refused
from stackpick import yamlfile
from stackpick.errors import InputError
from support import CLI


def score(cli: CLI, path: str, **kwargs: Any) -> Any:
    return cli("score", "--answers", path, "--format", "json", **kwargs)


def write(tmp_path: Path, text: str | bytes, name: str = "answers.yaml") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return name


# --- files that cannot be read --------------------------------------------------------


def test_missing_file(cli: CLI, tmp_path: Path) -> None:
    refused(score(cli, "nope.yaml"), "nope.yaml", "no such file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "team_size: 3\n")
    (tmp_path / name).chmod(0)
    refused(score(cli, name), name, "cannot read")


def test_folder_instead_of_file(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "answers").mkdir()
    refused(score(cli, "answers"), "answers", "is a folder", "expected a YAML file")


def test_dev_zero_is_refused_not_read(cli: CLI) -> None:
    refused(score(cli, "/dev/zero"), "/dev/zero", "not a regular file")


def test_fifo_is_refused_without_hanging(cli: CLI, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    started = time.monotonic()
    refused(score(cli, "pipe.yaml"), "pipe.yaml", "not a regular file")
    assert time.monotonic() - started < 10


def test_huge_file(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "# " + "x" * (1024 * 1024) + "\nteam_size: 3\n")
    refused(score(cli, name), name, "larger than the 1024 KiB allowed")


def test_stdin_is_bounded(cli: CLI) -> None:
    run = score(cli, "-", stdin=b"#" * (2 * 1024 * 1024))
    refused(run, "<stdin>", "larger than the 1024 KiB allowed")


def test_non_utf8_names_the_line(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, b"team_size: 3\nteam_language: \xff\xfepython\n")
    refused(score(cli, name), f"{name}:2:", "not UTF-8", "0xff")


def test_utf8_bom_is_fine(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "\ufeffteam_size: 3\n".encode())
    assert score(cli, name).code == 0


def test_raw_control_character_is_refused(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "team_size: 3\nteam_language: py\x1bthon\n")
    err = refused(score(cli, name), f"{name}:2", "U+001B is not allowed")
    assert "\x1b" not in err


# --- documents that are not one mapping ------------------------------------------------


def test_empty_file(cli: CLI, tmp_path: Path) -> None:
    refused(score(cli, write(tmp_path, "")), "answers.yaml", "is empty", "mapping")


def test_comments_only_is_empty(cli: CLI, tmp_path: Path) -> None:
    refused(score(cli, write(tmp_path, "# nothing\n\n")), "answers.yaml", "is empty")


def test_list_instead_of_mapping(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "- team_size\n- 3\n")
    refused(score(cli, name), f"{name}:1", "holds a list", "mapping of question id")


def test_scalar_instead_of_mapping(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "fastapi please\n")
    refused(score(cli, name), f"{name}:1", "holds a single value", "mapping of question id")


def test_several_documents(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "team_size: 3\n---\nteam_size: 4\n")
    refused(score(cli, name), f"{name}:2:1", "several YAML documents", "only one")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # left open at the end of the file: named where it opens, not past the last line
        ("team_size: 3\nteam_language: [python\n", ":2:16"),
        ("team_size: 3\n  team_language: python\n", ":2:"),
        ('team_size: 3\nteam_language: "python\n', ":2:16"),
        ("team_size: 3\n\tteam_language: python\n", ":2:1"),
    ],
    ids=["unclosed-list", "bad-indent", "unclosed-quote", "tab"],
)
def test_syntax_errors_name_line_and_column(
    cli: CLI, tmp_path: Path, text: Any, where: Any
) -> None:
    name = write(tmp_path, text)
    refused(score(cli, name), name + where, "YAML error")


def test_syntax_error_through_the_entry_point(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "team_size: 3\nteam_language: [python\n")
    refused(
        score(cli, name),
        f"{name}:2:16",
        "YAML error",
        "did not find expected",
        "the list ([...]) starts here and is never closed",
    )


def test_duplicate_keys_name_both_lines(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "team_size: 3\ngreenfield: true\nteam_size: 4\n")
    refused(score(cli, name), f"{name}:3", "duplicate key 'team_size'", "lines 1 and 3")


def test_duplicate_keys_inside_answers_block(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "answers:\n  greenfield: true\n  greenfield: false\n")
    refused(score(cli, name), f"{name}:3", "lines 2 and 3")


@pytest.mark.parametrize(
    ("text", "kind"),
    [("1: x\n", "int"), ("? [a]\n: x\n", "list"), ("true: x\n", "bool"), ("~: x\n", "NoneType")],
)
def test_keys_must_be_text(cli: CLI, tmp_path: Path, text: Any, kind: Any) -> None:
    name = write(tmp_path, text)
    refused(score(cli, name), f"{name}:1", "keys must be text", kind)


def test_non_string_key_through_the_entry_point(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "greenfield: true\n1: x\n")
    refused(score(cli, name), f"{name}:2", "keys must be text, not int")


# --- values YAML would turn into surprises ----------------------------------------------


def test_four_thousand_digit_integer(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "greenfield: true\nteam_size: " + "7" * 4000 + "\n")
    err = refused(score(cli, name), f"{name}:2", "number is too long")
    assert len(err) < 300  # the number itself is not echoed back


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", ".NaN", ".Inf"])
def test_nan_and_infinity(cli: CLI, tmp_path: Path, value: Any) -> None:
    name = write(tmp_path, f"team_size: {value}\n")
    refused(score(cli, name), f"{name}:1", "only finite numbers")


def test_nan_through_the_entry_point(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "greenfield: true\nteam_size: .nan\n")
    refused(score(cli, name), f"{name}:2", "only finite numbers are accepted, not .nan or .inf")


@pytest.mark.parametrize(
    ("value", "why"),
    [("010", "an octal"), ("-017", "an octal"), ("1:30", "a base-60"), ("1:30.5", "a base-60")],
)
def test_yaml11_numbers_are_refused(cli: CLI, tmp_path: Path, value: Any, why: Any) -> None:
    name = write(tmp_path, f"greenfield: true\nteam_size: {value}\n")
    refused(score(cli, name), f"{name}:2", f"'{value}' is {why} number", "plain decimal")


def test_octal_through_the_entry_point(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "team_size: 012\n")
    refused(score(cli, name), f"{name}:1", "'012' is an octal number in YAML 1.1")


def test_plain_decimal_numbers_are_fine() -> None:
    doc = yamlfile.parse("a: 0\nb: 10\nc: -3\nd: +7\ne: '010'\nf: 2.5\n", "t.yaml")
    assert doc.data == {"a": 0, "b": 10, "c": -3, "d": 7, "e": "010", "f": 2.5}


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("0x1F", "'0x1F' is a hexadecimal number in YAML 1.1 (0x1F reads as 31)"),
        ("0b101", "'0b101' is a binary number in YAML 1.1 (0b101 reads as 5)"),
        ("1_000", "'1_000' has digit separators, which YAML 1.1 drops"),
        ("-1_000", "'-1_000' has digit separators"),
        ("1_000.5", "'1_000.5' has digit separators"),
        ("010", "'010' is an octal number in YAML 1.1"),
    ],
)
def test_integers_in_other_forms_are_refused_with_the_line(text: Any, why: Any) -> None:
    # One rule, as the interview has it: whole numbers in plain decimal digits.
    with pytest.raises(InputError) as caught:
        yamlfile.parse(f"a: 1\nb: {text}\n", "t.yaml")
    assert caught.value.line == 2
    assert why in str(caught.value) and "write the number in plain decimal" in str(caught.value)


def test_nesting_a_thousand_deep_flow(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "team_size: " + "[" * 1000 + "]" * 1000 + "\n")
    refused(score(cli, name), name, "nest")


def test_nesting_a_thousand_deep_block(cli: CLI, tmp_path: Path) -> None:
    lines = ["a:"] + ["  " * i + "b:" for i in range(1, 1000)] + ["  " * 1000 + "x"]
    refused(score(cli, write(tmp_path, "\n".join(lines) + "\n")), "answers.yaml", "nest")


def test_nesting_within_bounds_but_past_our_limit(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "team_size: " + "[" * 100 + "]" * 100 + "\n")
    refused(score(cli, name), f"{name}:1", "nested too deeply", "at most 64")


@pytest.mark.parametrize("text", ["[" * 1000 + "]" * 1000, "{a: " * 1000 + "1" + "}" * 1000])
def test_pure_python_loader_recursion_error(monkeypatch: pytest.MonkeyPatch, text: Any) -> None:
    monkeypatch.setattr(yamlfile, "_Loader", yaml.SafeLoader)
    with pytest.raises(InputError) as caught:
        yamlfile.parse("team_size: " + text + "\n", "deep.yaml")
    assert "deep.yaml" in str(caught.value)
    assert "nest" in str(caught.value)


def test_pure_python_loader_reads_the_same(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = "a: 1\nb: [x, {c: true}]\nc: no\nd: 2.5\n"
    fast = yamlfile.parse(text, "t.yaml")
    monkeypatch.setattr(yamlfile, "_Loader", yaml.SafeLoader)
    slow = yamlfile.parse(text, "t.yaml")
    assert fast.data == slow.data == {"a": 1, "b": ["x", {"c": True}], "c": "no", "d": 2.5}
    assert fast.lines == slow.lines


# --- tags, aliases and merge keys --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('!!python/object/apply:os.system ["touch PWNED"]', "!!python/object/apply:os.system"),
        ("!!python/object/apply:os.system\n  args: [touch PWNED]", "!!python/object/apply"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!!python/object/new:os.system [touch PWNED]", "!!python/object/new"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {a, b}", "!!set"),
        ("!!omap [a: 1]", "!!omap"),
        ("!custom 3", "!custom"),
    ],
)
def test_constructing_tags_are_refused(cli: CLI, tmp_path: Path, value: Any, shown: Any) -> None:
    name = write(tmp_path, f"greenfield: true\nteam_size: {value}\n")
    refused(score(cli, name), f"{name}:2", shown, "not accepted")
    assert not (tmp_path / "PWNED").exists()


def test_python_object_apply_through_the_entry_point(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, 'team_size: !!python/object/apply:os.system ["touch PWNED"]\n')
    refused(score(cli, name), f"{name}:1", "'!!python/object/apply:os.system' is not accepted")
    assert not (tmp_path / "PWNED").exists()


def test_python_tag_on_the_whole_document(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, '!!python/object/apply:os.system ["touch PWNED"]\n')
    refused(score(cli, name), f"{name}:1", "!!python/object/apply:os.system")
    assert not (tmp_path / "PWNED").exists()


BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{x}: &{x} [{', '.join(['*' + p] * 9)}]"
            for p, x in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


def test_billion_laughs_fails_fast(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, BOMB + "\n")
    started = time.monotonic()
    run = score(cli, name)
    elapsed = time.monotonic() - started
    refused(run, f"{name}:2", "aliases")
    assert elapsed < 2.0


def test_billion_laughs_directly_fast() -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match="aliases"):
        yamlfile.parse(BOMB, "bomb.yaml")
    assert time.monotonic() - started < 0.5


def test_single_alias_is_refused(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "greenfield: &g true\nregulated_industry: *g\n")
    refused(score(cli, name), f"{name}:2", "anchors and aliases")


def test_merge_key_is_refused(cli: CLI, tmp_path: Path) -> None:
    name = write(tmp_path, "base: &x {team_size: 3}\n<<: *x\n")
    refused(score(cli, name), f"{name}:2", "merge keys (<<)")


# --- the parser's data and lines ---------------------------------------------------------


def test_yes_no_on_off_stay_text() -> None:
    doc = yamlfile.parse("a: yes\nb: no\nc: on\nd: off\ne: true\nf: False\n", "t.yaml")
    assert doc.data == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": True, "f": False}


def test_plain_values_and_timestamps() -> None:
    doc = yamlfile.parse("a: ~\nb: 2026-05-26\nc: 16\nd: -3\ne: '12'\n", "t.yaml")
    assert doc.data == {"a": None, "b": "2026-05-26", "c": 16, "d": -3, "e": "12"}


def test_lines_of_keys_and_items() -> None:
    doc = yamlfile.parse("a: 1\nb:\n  - x\n  - y\nc:\n  d: 2\n", "t.yaml")
    assert doc.line(("a",)) == 1
    assert doc.line(("b", 1)) == 4
    assert doc.line(("c", "d")) == 6
    assert doc.line(("c", "d", "deeper")) == 6  # nearest ancestor
    assert doc.line(()) == 1


def test_json_is_yaml() -> None:
    doc = yamlfile.parse('{"team_size": 3, "greenfield": true, "x": [1, 2]}', "a.json")
    assert doc.data == {"team_size": 3, "greenfield": True, "x": [1, 2]}


def test_load_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n")
    doc = yamlfile.load_file(str(path))
    assert (doc.source, doc.data) == (str(path), {"a": 1})


def test_nul_byte_in_path_is_input_error() -> None:
    with pytest.raises(InputError, match="not a usable file name"):
        yamlfile.load_file("a\0b.yaml")


def test_size_limit_applies_to_regular_files(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n" + "#" * 100)
    with pytest.raises(InputError, match="larger than"):
        yamlfile.load_file(str(path), limit=50)
