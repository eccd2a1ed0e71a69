"""Write files so that a reader never sees half of one: temporary file, then rename.

Only a regular file is replaced that way. What is not one (``/dev/null``, a FIFO,
``/dev/stdout``, a process substitution such as ``/dev/fd/63``) is written through, as
a shell's ``>`` would write it: renaming a file over it would put a regular file where
the device or the pipe was. A symbolic link is followed: the file it points to is
replaced atomically, in its own folder, and the link stays a link.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

MAX_LINKS = 40  # as the kernel's own limit on following symbolic links
# Paths that name an open stream of a process, not a file in a folder.
_STREAM = re.compile(r"/dev/fd/[^/]+|/proc/[^/]+/fd/[^/]+|/dev/std(in|out|err)")


def write_atomic(
    path: str | Path,
    text: str,
    *,
    backup: bool = False,
    exclusive: bool = False,
    mode: int | None = None,
) -> Path:
    """Write ``text`` to ``path`` atomically; returns the path written.

    The file gets the mode of the file it replaces, or for a new file the mode the
    umask allows (as ``open()`` would give it), or ``mode`` when given. With ``backup``
    an existing file is kept as ``PATH.bak``; with ``exclusive`` an existing file is an
    error (FileExistsError) and is left untouched, and so is a read-only file (an error,
    PermissionError, as a shell's ``>`` gives anyone but root; this refuses root too: the
    write bits say the file is not to change). A path that is not a regular file (a
    device, a FIFO, an open stream) is written through instead; a symbolic link to a
    regular file has that file replaced, and stays a link.
    """
    given = Path(path)
    if exclusive:
        return _replace(given, text, exclusive=True, mode=mode)
    target, stream = final_target(given)
    if stream or _exists_not_regular(target):
        write_through(given, text)
        return given
    if read_only(target):  # as a shell's > refuses it: a rename would replace it regardless
        raise PermissionError(errno.EACCES, READ_ONLY, str(target))
    if backup:
        keep_backup(target)
    return _replace(target, text, mode=mode)


def final_target(path: Path) -> tuple[Path, bool]:
    """The file ``path`` names once its symbolic links are followed, and whether it is a stream.

    A stream is ``/dev/fd/N``, ``/proc/PID/fd/N`` or ``/dev/stdin|stdout|stderr`` (or a
    link to one): it names something a process has open, which a rename would not reach.
    """
    current = path
    for _ in range(MAX_LINKS):
        if is_stream(current):
            return current, True
        try:
            link = current.readlink()
        except OSError:  # not a link (or nothing there yet): this is the file
            return current, False
        current = current.parent / link  # an absolute link replaces the whole path
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))


def is_stream(path: Path) -> bool:
    """Whether ``path`` names an open stream of this process (``/dev/stdout``, ``/dev/fd/3``)."""
    name = os.path.abspath(path)  # noqa: PTH100 - plain text: nothing is resolved here
    return _STREAM.fullmatch(name) is not None


READ_ONLY = "it is read-only; make it writable first"


def read_only(path: Path) -> bool:
    """Whether ``path`` (its links followed) is a regular file that nobody may write."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):  # nothing there yet (or no usable name)
        return False
    return stat.S_ISREG(mode) and not mode & 0o222


def _exists_not_regular(target: Path) -> bool:
    try:
        return not stat.S_ISREG(target.stat().st_mode)
    except FileNotFoundError:
        return False


def write_through(path: Path, text: str) -> None:
    """Write into what ``path`` already is (a device, a FIFO, a stream), not replacing it.

    Appending, never truncating: ``/dev/stdout`` may be a log opened with ``>>``, and a
    stream opened with ``>`` is empty anyway. Nothing is created.
    """
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0)
    with os.fdopen(os.open(path, flags), "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)


def _replace(target: Path, text: str, *, exclusive: bool = False, mode: int | None = None) -> Path:
    """Temporary file in the same folder, flushed to disk, then renamed (or linked) over."""
    temp: Path | None = None
    try:  # from the start: a signal right after mkstemp must not leave its file behind
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        temp = Path(name)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file 0600 whatever the umask; give it the mode it should have.
        temp.chmod(_mode_for(target) if mode is None else mode)
        if exclusive:
            # link() fails if the target exists, so a concurrent writer cannot be overwritten.
            os.link(temp, target)
            temp.unlink()
        else:
            temp.replace(target)
    except BaseException:  # an interrupt or a signal too: no temporary file is left behind
        if temp is not None:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
        raise
    _sync_folder(target.parent)
    return target


def _sync_folder(folder: Path) -> None:
    # The rename is only durable once the folder itself is on disk. Where a folder
    # cannot be opened or synced (Windows, some network file systems), carry on.
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        handle = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


@contextlib.contextmanager
def claim(path: Path) -> Iterator[None]:
    """Hold ``path`` as an exclusive claim (created with O_EXCL, removed on leaving).

    FileExistsError when another run holds it. Several runs taking turns at a name
    that they build alike (a record number) so never take it at the same time.
    """
    handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(handle)
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


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
