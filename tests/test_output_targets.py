"""--output and --save into what is not a plain file: FIFOs, devices, streams, symbolic links."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from stackpick.files import final_target, write_atomic
from support import CLI, EXAMPLES, entry_point

EXAMPLE = str(EXAMPLES / "greenfield-ml.yaml")
posix = pytest.mark.skipif(os.name != "posix", reason="POSIX FIFOs, devices and links")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with path.open("rb") as stream:
            into.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


@posix
def test_output_to_a_fifo_writes_into_it_and_leaves_it_a_fifo(
    cli_process: CLI, tmp_path: Path
) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = read_fifo(fifo, got)
    run = cli_process("score", "--answers", EXAMPLE, "--format", "json", "--output", str(fifo))
    reader.join(timeout=30)
    assert (run.code, run.out, run.err) == (0, "", "")
    assert json.loads(got[0])["recommendation"] == "fastapi"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # as root too: not replaced by a file
    assert leftovers(tmp_path) == []


@posix
def test_output_to_a_character_device_writes_through(cli_process: CLI, tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here (not root, or no CAP_MKNOD)")
    run = cli_process("score", "--answers", EXAMPLE, "--output", str(device))
    assert (run.code, run.out, run.err) == (0, "", "")
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert leftovers(tmp_path) == []


@posix
def test_output_to_dev_stdout_appends_to_the_file_stdout_is(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text("earlier line\n")
    with log.open("a") as stdout:  # `>> log.txt`
        proc = subprocess.run(
            [*entry_point(), "score", "--answers", EXAMPLE, "--format", "json"]
            + ["--output", "/dev/stdout"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert (proc.returncode, proc.stderr) == (0, b"")
    head, _, body = log.read_text().partition("\n")
    assert head == "earlier line"
    assert json.loads(body)["recommendation"] == "fastapi"


@posix
def test_output_to_a_process_substitution_writes_into_the_pipe(tmp_path: Path) -> None:
    read, write = os.pipe()
    proc = subprocess.Popen(
        [*entry_point(), "score", "--answers", EXAMPLE, "--format", "json"]
        + ["--output", f"/dev/fd/{write}"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    assert proc.wait(timeout=60) == 0
    assert json.loads(data)["recommendation"] == "fastapi"
    assert list(tmp_path.iterdir()) == []


@posix
def test_a_symbolic_link_is_kept_and_its_target_replaced_atomically(
    cli_process: CLI, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "reports"
    elsewhere.mkdir()
    real = elsewhere / "decision.json"
    real.write_text("old\n")
    before = real.stat().st_ino
    link = tmp_path / "decision.json"
    link.symlink_to(Path("reports") / "decision.json")  # relative, as people make them
    run = cli_process("score", "--answers", EXAMPLE, "--format", "json", "--output", str(link))
    assert (run.code, run.err) == (0, "")
    assert link.is_symlink()
    assert json.loads(real.read_text())["recommendation"] == "fastapi"
    assert real.stat().st_ino != before  # a new file renamed in, not the old one rewritten
    assert leftovers(tmp_path) == [] and leftovers(elsewhere) == []


@posix
def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "answers.yaml"
    link.symlink_to(tmp_path / "kept" / "answers.yaml")
    (tmp_path / "kept").mkdir()
    write_atomic(link, "a: 1\n", backup=True)
    assert link.is_symlink()
    assert (tmp_path / "kept" / "answers.yaml").read_text() == "a: 1\n"


@posix
def test_backup_of_a_link_is_kept_beside_the_file_it_points_to(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "answers.yaml"
    real.write_text("old\n")
    link = tmp_path / "answers.yaml"
    link.symlink_to(real)
    write_atomic(link, "new\n", backup=True)
    assert (tmp_path / "real" / "answers.yaml.bak").read_text() == "old\n"
    assert not (tmp_path / "answers.yaml.bak").exists()


@posix
def test_a_loop_of_links_is_an_error_naming_the_file(cli_process: CLI, tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    run = cli_process("score", "--answers", EXAMPLE, "--output", str(tmp_path / "a"))
    assert run.code == 2
    assert "a: cannot write: Too many levels of symbolic links" in run.err


def test_a_regular_file_is_still_replaced_by_rename(cli_process: CLI, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n")
    before = target.stat().st_ino
    run = cli_process("score", "--answers", EXAMPLE, "--format", "json", "--output", str(target))
    assert run.code == 0
    assert target.stat().st_ino != before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "stream"),
    [
        ("/dev/stdout", True),
        ("/dev/fd/1", True),
        ("/proc/self/fd/1", True),
        ("out", False),
        ("/proc/self/answers.yaml", False),
        ("/dev/fd", False),
    ],
)
def test_streams_are_told_from_files(name: str, stream: bool) -> None:
    assert final_target(Path(name))[1] is stream


@posix
def test_save_to_a_fifo_is_not_refused_before_the_interview(tmp_path: Path) -> None:
    from stackpick.commands.ask import _save_problem

    fifo = tmp_path / "answers.fifo"
    os.mkfifo(fifo)
    assert _save_problem(fifo) is None
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "missing-folder" / "answers.yaml")
    assert "missing-folder does not exist" in str(_save_problem(link))


@pytest.mark.parametrize(
    "line",
    [
        ["score", "--answers", "same.json", "--output", "same.json"],
        ["score", "--answers", "same.json", "-f", "json", "--output", "link.json"],
        ["explain", "--answers", "same.json", "--output", "same.json"],
        ["whatif", "--answers", "same.json", "--output", "link.json"],
        ["checklist", "--answers", "same.json", "--output", "same.json"],
        ["consensus", "same.json", "other.yaml", "--output", "same.json"],
        ["portfolio", ".", "--output", "same.json"],
    ],
)
def test_an_output_never_replaces_a_file_the_command_reads(
    cli: CLI, tmp_path: Path, line: list[str]
) -> None:
    """Found by a newcomer: an answers file named as its own --output (or through a link)
    was replaced by the result, exit 0. It is refused before anything is written."""
    answers = (EXAMPLES / "minimal.yaml").read_text()
    (tmp_path / "same.json").write_text(answers)
    (tmp_path / "other.yaml").write_text((EXAMPLES / "greenfield-ml.yaml").read_text())
    (tmp_path / "link.json").symlink_to("same.json")
    r = cli(*line)
    assert r.code == 2 and r.out == "", r.err
    assert "is an input of this command" in r.err and r.err.count("\n") == 1
    assert (tmp_path / "same.json").read_text() == answers


def test_an_output_never_replaces_a_read_only_file(cli: CLI, tmp_path: Path) -> None:
    """A shell's > refuses a file made read-only; a rename would not, so the write refuses."""
    kept = tmp_path / "kept.json"
    kept.write_text("protected\n")
    kept.chmod(0o444)
    r = cli("score", "--answers", str(EXAMPLES / "minimal.yaml"), "--output", str(kept))
    assert r.code == 2 and "is read-only" in r.err
    assert kept.read_text() == "protected\n"


@pytest.mark.parametrize("command", ["template", "schema"])
def test_a_fresh_template_over_a_filled_in_file_keeps_it(
    cli: CLI, tmp_path: Path, command: str
) -> None:
    """Found by a newcomer: `template -o answers.yaml` again wiped what the team had typed."""
    mine = tmp_path / "answers.yaml"
    typed = (EXAMPLES / "greenfield-ml.yaml").read_text()
    mine.write_text(typed)
    r = cli(command, "--output", str(mine))
    assert r.code == 0 and r.out == ""
    assert (tmp_path / "answers.yaml.bak").read_text() == typed
    assert "kept as" in r.err and str(mine) in r.err
    again = cli(command, "--output", str(mine))  # the same again: the .bak stays what was typed
    assert again.code == 0 and "kept as" not in again.err
    assert (tmp_path / "answers.yaml.bak").read_text() == typed


def test_an_output_never_replaces_the_file_standard_input_reads(tmp_path: Path) -> None:
    """A review of the output guard: `score --answers - -o a.yaml < a.yaml` replaced the
    answers; standard input that is a regular file is an input too (a real process)."""
    answers = tmp_path / "a.yaml"
    answers.write_text((EXAMPLES / "minimal.yaml").read_text())
    with answers.open("rb") as stdin:
        proc = subprocess.run(
            [*entry_point(), "score", "--answers", "-", "-f", "json", "-o", str(answers)],
            stdin=stdin,
            capture_output=True,
            timeout=60,
        )
    assert proc.returncode == 2 and proc.stdout == b""
    assert b"is an input of this command (<stdin>)" in proc.stderr
    assert answers.read_text() == (EXAMPLES / "minimal.yaml").read_text()
