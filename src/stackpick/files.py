"""Write files so that a reader never sees half of one: temporary file, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(
    path: str | Path, text: str, *, backup: bool = False, exclusive: bool = False
) -> Path:
    """Write ``text`` to ``path`` atomically.

    With ``backup`` an existing file is kept as ``PATH.bak``; with ``exclusive`` an
    existing file is an error (FileExistsError) and is left untouched.
    """
    target = Path(path)
    folder = target.parent
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if exclusive:
            # link() fails if the target exists, so a concurrent writer cannot be overwritten.
            os.link(temp, target)
            Path(temp).unlink()
            return target
        if backup and target.exists():
            target.replace(target.with_name(target.name + ".bak"))
        Path(temp).replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temp).unlink()
        raise
    return target
