"""``stackpick consensus``: several people's answers side by side, and the room's result."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from stackpick.commands.common import check_complete, load, parse_weights, pick_format, publish
from stackpick.errors import UsageError
from stackpick.render import Context

MAX_PEOPLE = 50


def run(
    *,
    paths: Sequence[str],
    criteria: Path | None,
    fmt: str | None,
    weight_pairs: Sequence[str],
    weights_file: Path | None,
    output: Path | None = None,
) -> int:
    """Score everyone's answers, find the disputes and combine; returns the exit code."""
    from stackpick.analysis import consensus
    from stackpick.answers import read_answers
    from stackpick.render.formats import PageFormat

    chosen = pick_format(fmt, output, PageFormat)
    if not 2 <= len(paths) <= MAX_PEOPLE:
        raise UsageError(f"consensus takes 2 to {MAX_PEOPLE} answers files, one per person")
    if list(paths).count("-") > 1:
        raise UsageError("only one answers file can be '-' (standard input)")
    _refuse_twice(paths)
    pack = load(criteria)
    overrides = parse_weights(pack, weight_pairs, weights_file)
    people = [
        (name, read_answers(pack, path)) for name, path in zip(names(paths), paths, strict=True)
    ]
    for _, answers in people:
        check_complete(answers, required=False)
    report = consensus(pack, people, overrides)
    publish("consensus", chosen, report, output, Context(pack=pack))
    return 0


def _refuse_twice(paths: Sequence[str]) -> None:
    """A file named twice would count one person twice in the room's mean: refused.

    Files are told apart by device and inode, so a link or standard input fed from a file
    given beside it is the same file; one that cannot be looked at is left to the reader.
    """
    import os
    import stat
    import sys

    seen: dict[tuple[int, int], str] = {}
    for path in paths:
        try:
            info = os.fstat(sys.stdin.fileno()) if path == "-" else Path(path).stat()
        except (OSError, ValueError, AttributeError):
            continue
        if not stat.S_ISREG(info.st_mode):  # a pipe or a terminal is read once, whatever it is
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            twice = path if seen[key] == path else f"{seen[key]} and {path}"
            raise UsageError(f"{twice}: the same answers file twice; each person counts once")
        seen[key] = path


def names(paths: Sequence[str]) -> list[str]:
    """A short name per person: the file name without its extension, or the path when two clash."""
    stems = ["stdin" if p == "-" else Path(p).stem for p in paths]
    return [s if stems.count(s) == 1 else p for s, p in zip(stems, paths, strict=True)]
