"""Write files so that a reader never sees half of one: temporary file, then rename."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path


def write_atomic(
    path: str | Path, text: str, *, backup: bool = False, exclusive: bool = False
) -> Path:
    """Write ``text`` to ``path`` atomically.

    The file gets the mode of the file it replaces, or for a new file the mode the
    umask allows (as ``open()`` would give it). With ``backup`` an existing file is
    kept as ``PATH.bak``; with ``exclusive`` an existing file is an error
    (FileExistsError) and is left untouched.
    """
    target = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temp = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file 0600 whatever the umask; give it the mode it should have.
        temp.chmod(_mode_for(target))
        if exclusive:
            # link() fails if the target exists, so a concurrent writer cannot be overwritten.
            os.link(temp, target)
            temp.unlink()
            return target
        if backup:
            keep_backup(target)
        temp.replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    return target


def keep_backup(target: Path) -> None:
    """Keep ``target`` as ``target.bak`` while ``target`` itself stays in place.

    A hard link, so at no moment is there no ``target``; where the file system has no
    hard links, a copy. An older ``.bak`` is replaced.
    """
    if not target.exists():
        return
    backup = target.with_name(target.name + ".bak")
    with contextlib.suppress(FileNotFoundError):
        backup.unlink()
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)


def check_writable(folder: Path) -> None:
    """Raise OSError unless a file can be created in ``folder`` (one is made and removed)."""
    handle, temp = tempfile.mkstemp(prefix=".stackpick-probe.", suffix=".tmp", dir=folder)
    os.close(handle)
    Path(temp).unlink()


def _mode_for(target: Path) -> int:
    """The permission bits of the file ``target`` replaces, else the umask's default."""
    try:
        return stat.S_IMODE(target.stat().st_mode) & 0o777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # os.umask can only be read by setting it. Set to the strictest usual mask for those
    # two calls, another thread creating a file meanwhile gets a private file, never an
    # open one. Read on every write, so a program that changes its umask is followed.
    mask = os.umask(0o077)
    os.umask(mask)
    return mask
