"""Small hostile command lines: unreadable packs, empty paths, stdin as a folder, stated limits."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from expect import refused
from stackpick.commands.consensus import MAX_PEOPLE
from stackpick.models import Pack
from stackpick.pack import default_pack_path
from support import CLI, EXAMPLES, entry_point

EXAMPLE = str(EXAMPLES / "minimal.yaml")
# The same folder through the fast path (score, whatif) and typer's (template, consensus, ...).
PACK_LINES = [
    ("score", "--answers", EXAMPLE, "--criteria", "{}"),
    ("score", "--answers", EXAMPLE, "--format", "json", "--criteria", "{}"),
    ("whatif", "--answers", EXAMPLE, "--criteria", "{}"),
    ("template", "--criteria", "{}"),
    ("consensus", EXAMPLE, EXAMPLE.replace("minimal", "jvm-enterprise"), "--criteria", "{}"),
    ("criteria", "show", "--criteria", "{}"),
    ("criteria", "validate", "{}"),
]


def lines_for(folder: str) -> list[list[str]]:
    return [[part.format(folder) for part in line] for line in PACK_LINES]


@pytest.fixture
def unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A pack folder that cannot be listed (as root too: listing it is refused here)."""
    folder = tmp_path / "pack"
    shutil.copytree(default_pack_path(), folder)
    if os.name == "posix" and os.geteuid() != 0:
        folder.chmod(0)
        yield folder
        folder.chmod(0o755)
        return
    real = Path.iterdir

    def iterdir(self: Path) -> Any:
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    yield folder


def test_an_unreadable_criteria_folder_is_bad_input_on_every_path(
    cli: CLI, unreadable: Path
) -> None:
    for line in lines_for(str(unreadable)):
        refused(cli(*line), f"{unreadable}: cannot list the criteria folder")


def test_an_empty_criteria_path_is_an_error_not_this_folder(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "notes.yaml").write_text("a: 1\n")  # what reading this folder would find
    for line in lines_for(""):
        err = refused(cli(*line), "names no pack; give a criteria file or folder")
        assert "notes.yaml" not in err
    refused(cli("score", "--answers", EXAMPLE, "--criteria="), "names no pack")


def test_consensus_help_names_its_limit(cli: CLI) -> None:
    run = cli("consensus", "--help")
    assert run.code == 0
    assert f"2 to {MAX_PEOPLE} files" in run.out and f"at most {MAX_PEOPLE} people" in run.out
    many = [EXAMPLE] * (MAX_PEOPLE + 1)  # the count is refused before any file is read
    refused(cli("consensus", *many), f"consensus takes 2 to {MAX_PEOPLE} answers files")


class FolderOnStdin:
    """Standard input opened on a folder, as a shell's `< /` would give it."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = self

    def fileno(self) -> int:
        return self.fd

    def read(self, size: int = -1) -> bytes:
        raise IsADirectoryError(21, "Is a directory")


def test_stdin_that_is_a_folder_is_bad_input(cli: CLI, tmp_path: Path) -> None:
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        folder = FolderOnStdin(fd)
        refused(cli("score", "--answers", "-", stdin=folder), "<stdin>: standard input is a folder")
        refused(cli("diff", "-", EXAMPLE, stdin=folder), "standard input is a folder")
    finally:
        os.close(fd)


@pytest.mark.xfail(
    strict=True,
    reason="CPython itself refuses a folder on stdin before any stackpick code runs "
    "(init_sys_streams: '<stdin> is a directory', exit 1); nothing in a Python program can "
    "change that exit code",
)
def test_stdin_that_is_a_folder_through_the_entry_point(tmp_path: Path) -> None:
    folder = os.open("/", os.O_RDONLY)
    try:
        proc = subprocess.run(
            [*entry_point(), "score", "--answers", "-"],
            stdin=folder,
            capture_output=True,
            timeout=60,
        )
    finally:
        os.close(folder)
    assert proc.returncode == 2


def test_consensus_refuses_one_file_given_twice(cli: CLI, tmp_path: Path) -> None:
    # found by a review: one person counted twice in the room's mean, at exit 0
    (tmp_path / "bob.yaml").write_text("team_size: 4\n")
    run = cli("consensus", "bob.yaml", "./bob.yaml", "-f", "json")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "error: bob.yaml and ./bob.yaml: the same answers file twice; each person counts once\n"
    )


def test_consensus_refuses_a_link_or_stdin_that_is_a_file_given_beside_it(
    cli_process: CLI, tmp_path: Path
) -> None:
    (tmp_path / "a.yaml").write_text("team_size: 4\n")
    os.link(tmp_path / "a.yaml", tmp_path / "h.yaml")
    linked = cli_process("consensus", "a.yaml", "h.yaml")
    assert (linked.code, linked.out) == (2, "") and "a.yaml and h.yaml: the same" in linked.err
    with (tmp_path / "a.yaml").open("rb") as same:  # `stackpick consensus - a.yaml < a.yaml`
        fed = subprocess.run(
            [*entry_point(), "consensus", "-", "a.yaml"],
            stdin=same,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
    assert (fed.returncode, fed.stdout) == (2, "")
    assert "- and a.yaml: the same answers file" in fed.stderr
    piped = cli_process("consensus", "-", "a.yaml", stdin="team_size: 4\n")  # a pipe: two people
    assert piped.code == 0, piped.err


def test_weights_that_leave_every_criterion_at_0_are_refused(cli: CLI, pack: Pack) -> None:
    zero = [a for c in pack.criteria for a in ("-w", f"{c.id}=0")]
    run = cli("score", "-a", EXAMPLE, *zero)
    assert (run.code, run.out) == (2, "")
    assert "every weight would be 0, so nothing is scored; keep one above 0" in run.err
    assert cli("score", "-a", EXAMPLE, *zero[:-2], "-f", "json").code == 0  # one left: fine
