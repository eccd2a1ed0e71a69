"""Score many answers files at once: one row per file, a bad file never stops the others.

:func:`answer_files` expands folders (recursively: ``*.yaml``, ``*.yml``, ``*.json``) and
keeps files as given; :func:`score_files` scores each against one pack. Both return
data; nothing here prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from stackpick.engine import Reason, Result
from stackpick.errors import InputError, StackpickError
from stackpick.models import Pack

SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Row:
    """One answers file and its result."""

    file: str
    result: Result

    @property
    def top_reason(self) -> Reason | None:
        """The reason that did the most for the recommendation (reasons come largest first)."""
        reasons = self.result.reasons
        return reasons[0] if reasons else None

    @property
    def hinges(self) -> tuple[str, ...]:
        """The questions a single change to which flips this file's result, in order."""
        return tuple(dict.fromkeys(c.question for c in self.result.hinges_on))


@dataclass(frozen=True)
class Failure:
    """A file (or a folder) that could not be scored, with its own error."""

    file: str
    error: StackpickError


@dataclass(frozen=True)
class Portfolio:
    """Every scored file, in order, and every failure."""

    pack: Pack
    rows: tuple[Row, ...]
    failures: tuple[Failure, ...]


def _walk(folder: str, failures: list[Failure]) -> Iterator[str]:
    """Answers files under ``folder``, sorted, skipping hidden files and folders.

    A sub-folder that cannot be listed is added to ``failures`` and skipped.
    """

    def unreadable(error: OSError) -> None:
        where = str(error.filename or folder)
        reason = error.strerror or str(error)
        failures.append(Failure(where, InputError(f"cannot list: {reason}", source=where)))

    for root, dirs, files in os.walk(folder, onerror=unreadable):  # no symlinked folders
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.endswith(SUFFIXES):
                yield os.path.join(root, name)  # noqa: PTH118 - plain strings: no Path per file


def answer_files(paths: Sequence[str]) -> tuple[list[str], list[Failure]]:
    """Expand folders into their answers files; each file once, in the order given."""
    found: list[str] = []
    failures: list[Failure] = []
    seen: set[str] = set()
    for given in paths:
        if given != "-" and Path(given).is_dir():
            files = list(_walk(given, failures))
            if not files:
                message = "holds no .yaml, .yml or .json files"
                failures.append(Failure(given, InputError(message, source=given)))
        else:
            files = [given]
        for file in files:
            # abspath, not resolve(): no system calls per file; a symlinked twin is scored twice
            key = file if file == "-" else os.path.abspath(file)  # noqa: PTH100
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found, failures


def score_file(pack: Pack, path: str, weights: Mapping[str, float] | None = None) -> Row | Failure:
    """Read, check and score one answers file; its error is returned, not raised."""
    from stackpick.answers import read_answers
    from stackpick.engine import score

    try:
        # a row names the questions a file hinges on, not every way: the summary is enough
        answers = read_answers(pack, path)
        return Row(path, score(pack, answers, weights=weights, robustness="summary"))
    except StackpickError as exc:
        return Failure(path, exc)


def score_files(
    pack: Pack, paths: Sequence[str], weights: Mapping[str, float] | None = None
) -> Portfolio:
    """Score every answers file under ``paths``; failures are collected, not raised."""
    files, failures = answer_files(paths)
    rows: list[Row] = []
    for file in files:
        outcome = score_file(pack, file, weights)
        if isinstance(outcome, Row):
            rows.append(outcome)
        else:
            failures.append(outcome)
    return Portfolio(pack, tuple(rows), tuple(failures))
