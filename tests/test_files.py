"""Atomic writes: the mode a file gets, the backup kept, nothing half-written or missing."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from stackpick import files
from stackpick.files import check_writable, write_atomic

posix_modes = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


@pytest.fixture
def umask() -> Iterator[None]:
    """Run with umask 027 (group may read, others nothing), then restore the old one."""
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@posix_modes
@pytest.mark.parametrize("exclusive", [False, True])
def test_a_new_file_gets_the_mode_the_umask_allows(
    tmp_path: Path, umask: None, exclusive: bool
) -> None:
    target = write_atomic(tmp_path / "new.yaml", "a: 1\n", exclusive=exclusive)
    assert mode(target) == 0o640  # 0666 & ~027, as open() would make it; not mkstemp's 0600


@posix_modes
def test_the_umask_is_followed_when_it_changes(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert mode(write_atomic(tmp_path / "a", "a\n")) == 0o644
        os.umask(0o077)
        assert mode(write_atomic(tmp_path / "b", "b\n")) == 0o600
    finally:
        os.umask(old)


@posix_modes
@pytest.mark.parametrize("backup", [False, True])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask: None, backup: bool) -> None:
    target = tmp_path / "shared.yaml"
    target.write_text("old\n")
    target.chmod(0o664)  # group-writable: shared with the team on purpose
    write_atomic(target, "new\n", backup=backup)
    assert target.read_text() == "new\n"
    assert mode(target) == 0o664


def test_backup_keeps_the_old_file_and_replaces_an_older_backup(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("first\n")
    write_atomic(target, "second\n", backup=True)
    write_atomic(target, "third\n", backup=True)
    assert target.read_text() == "third\n"
    assert (tmp_path / "a.yaml.bak").read_text() == "second\n"
    assert leftovers(tmp_path) == []


def test_backup_of_a_missing_file_is_no_backup(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.yaml", "x\n", backup=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_the_file_is_never_missing_even_when_the_last_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("old\n")
    real_replace = Path.replace

    def replace(self: Path, destination: str | os.PathLike[str]) -> Path:
        if Path(destination) == target:  # moving the new text in: the disk is full, say
            raise OSError(28, "No space left on device")
        return real_replace(self, destination)

    monkeypatch.setattr(Path, "replace", replace)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "new\n", backup=True)
    assert target.read_text() == "old\n"  # still there, untouched
    assert (tmp_path / "a.yaml.bak").read_text() == "old\n"
    assert leftovers(tmp_path) == []  # the temporary file is gone


def test_backup_is_a_hard_link_not_a_rename(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("old\n")
    before = target.stat().st_ino
    files.keep_backup(target)
    assert target.read_text() == "old\n"  # the file stays where it is while the backup is made
    assert (tmp_path / "a.yaml.bak").stat().st_ino == before


def test_backup_is_a_copy_where_hard_links_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_: object, **__: object) -> None:
        raise PermissionError(1, "Operation not permitted")  # FAT, some network shares

    target = tmp_path / "a.yaml"
    target.write_text("old\n")
    monkeypatch.setattr(os, "link", no_links)
    write_atomic(target, "new\n", backup=True)
    assert target.read_text() == "new\n"
    assert (tmp_path / "a.yaml.bak").read_text() == "old\n"


def test_exclusive_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("keep\n")
    with pytest.raises(FileExistsError):
        write_atomic(target, "other\n", exclusive=True)
    assert target.read_text() == "keep\n"
    assert leftovers(tmp_path) == []


def test_check_writable_leaves_nothing_and_refuses_a_missing_folder(tmp_path: Path) -> None:
    check_writable(tmp_path)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OSError):
        check_writable(tmp_path / "missing")


@pytest.mark.parametrize("backup", [False, True])
def test_a_read_only_file_is_never_replaced(tmp_path: Path, backup: bool) -> None:
    """A shell's > refuses a file nobody may write; a rename would replace it regardless."""
    kept = tmp_path / "kept.yaml"
    kept.write_text("protected\n")
    kept.chmod(0o444)
    (tmp_path / "link.yaml").symlink_to("kept.yaml")
    for name in ("kept.yaml", "link.yaml"):
        with pytest.raises(PermissionError, match="read-only"):
            write_atomic(tmp_path / name, "new\n", backup=backup)
    assert kept.read_text() == "protected\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.yaml", "link.yaml"]  # no .bak
