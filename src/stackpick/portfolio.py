"""Score many answers files at once: one row per file, a bad file never stops the others.

:func:`answer_files` expands folders (recursively: ``*.yaml``, ``*.yml``, ``*.json``) and
keeps files as given; :func:`score_files` scores each against one pack. Both return
data; nothing here prints.

A folder of answers often holds other YAML and JSON beside them (the answers schema, a
checklist status file): a file found in a folder is scored only when its content is
answers (see :func:`looks_like_answers`); the others are skipped and listed. A file named
on the command line is always scored, so a mistake in it is reported.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackpick.engine import Reason, Result
from stackpick.errors import InputError, StackpickError
from stackpick.models import Pack

if TYPE_CHECKING:
    from stackpick.answers import Answers

SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Row:
    """One answers file and its result."""

    file: str
    result: Result
    answers: Answers | None = field(default=None, compare=False, repr=False)

    @property
    def top_reason(self) -> Reason | None:
        """The reason that did the most for the recommendation (reasons come largest first)."""
        return self.result.top_reason

    @property
    def open_could_flip(self) -> bool | None:
        """Whether some open answers could flip the result; None when they were not searched.

        A portfolio stops at the first hinge it finds: that already settles the label.
        """
        result = self.result
        if not result.open_checked:  # never searched where the checks were skipped
            return None
        return bool(result.open_flips) or not result.open_complete

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
class Skipped:
    """A file found in a folder that holds something other than answers."""

    file: str
    why: str


@dataclass(frozen=True)
class Portfolio:
    """Every scored file, in order, every failure, and the files skipped as not answers."""

    pack: Pack
    rows: tuple[Row, ...]
    failures: tuple[Failure, ...]
    skipped: tuple[Skipped, ...] = ()


def excluded(path: str, patterns: Sequence[str], base: str = "") -> bool:
    """Whether ``path`` matches a ``--exclude`` glob: by its name, or by its path.

    The path is taken relative to ``base`` (the folder it was found in), with ``/``
    between its parts, so ``drafts/*`` and ``*.schema.json`` both mean what they say.
    """
    if not patterns:
        return False
    relative = os.path.relpath(path, base) if base else path
    candidates = {os.path.basename(path), relative.replace(os.sep, "/"), path}  # noqa: PTH119
    return any(fnmatch.fnmatchcase(c, p) for c in candidates for p in patterns)


def looks_like_answers(pack: Pack, data: Any) -> bool:
    """Whether a document's content is answers, not some other file kept beside them.

    That is a mapping under ``answers:``, or one naming at least one of the pack's
    questions, or one whose every key is near one of them (a file of misspelt ids is an
    answers file gone wrong, to be reported by the check, not skipped as something else;
    a weights file, whose keys are criterion ids, mostly is not).
    """
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("answers"), dict):
        return True
    if any(key in pack.question_map for key in data):
        return True
    from stackpick.errors import nearest

    ids = list(pack.question_map)
    criteria = {c.id for c in pack.criteria}
    keys = list(data)[:50]
    if not keys or any(key in criteria for key in keys):  # a weights file: criterion ids
        return False
    return all(isinstance(key, str) and nearest(key, ids) for key in keys)


def _walk(folder: str, failures: list[Failure], exclude: Sequence[str] = ()) -> Iterator[str]:
    """Answers files under ``folder``, sorted, skipping hidden and excluded files and folders.

    A sub-folder that cannot be listed is added to ``failures`` and skipped.
    """

    def unreadable(error: OSError) -> None:
        where = str(error.filename or folder)
        reason = error.strerror or str(error)
        failures.append(Failure(where, InputError(f"cannot list: {reason}", source=where)))

    for root, dirs, files in os.walk(folder, onerror=unreadable):  # no symlinked folders
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not excluded(os.path.join(root, d), exclude, folder)  # noqa: PTH118
        )
        for name in sorted(files):
            if not name.startswith(".") and name.endswith(SUFFIXES):
                path = os.path.join(root, name)  # noqa: PTH118 - plain strings: no Path per file
                if not excluded(path, exclude, folder):
                    yield path


def answer_files(
    paths: Sequence[str], exclude: Sequence[str] = (), found_in: set[str] | None = None
) -> tuple[list[str], list[Failure]]:
    """Expand folders into their answers files; each file once, in the order given.

    Files matching an ``exclude`` glob are left out; each file found by searching a
    folder (not named itself) is added to ``found_in``, when given.
    """
    found: list[str] = []
    failures: list[Failure] = []
    seen: set[str] = set()
    for given in paths:
        if given != "-" and Path(given).is_dir():
            before = len(failures)
            files = list(_walk(given, failures, exclude))
            if found_in is not None:
                found_in.update(files)
            if not files and len(failures) == before:  # a folder not listed is said so already
                message = "holds no .yaml, .yml or .json files"
                failures.append(Failure(given, InputError(message, source=given)))
        else:
            files = [] if excluded(given, exclude) else [given]
        for file in files:
            # abspath, not resolve(): no system calls per file; a symlinked twin is scored twice
            key = file if file == "-" else os.path.abspath(file)  # noqa: PTH100
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found, failures


def score_file(
    pack: Pack,
    path: str,
    weights: Mapping[str, float] | None = None,
    *,
    sniff: bool = False,
) -> Row | Failure | Skipped:
    """Read, check and score one answers file; its error is returned, not raised.

    With ``sniff`` (a file found in a folder), a file whose content is not answers, or
    that is empty, is :class:`Skipped` rather than failed.
    """
    from stackpick.answers import check_answers
    from stackpick.engine import score
    from stackpick.yamlfile import EmptyDocumentError, forget_read, load_file

    try:
        document = load_file(path, every=True)
    except EmptyDocumentError as exc:
        if sniff:
            forget_read(path)
            return Skipped(path, "empty (no answers in it)")
        return Failure(path, exc)
    except StackpickError as exc:
        return Failure(path, exc)
    try:
        if sniff and not looks_like_answers(pack, document.data):
            forget_read(path)  # not an input: a report written there before may be replaced
            return Skipped(path, "not an answers file (it names none of the questions)")
        answers = check_answers(pack, {}, document)
        # a row names the questions a file hinges on, not every way: the summary is enough
        return Row(path, score(pack, answers, weights=weights, robustness="summary"), answers)
    except StackpickError as exc:
        return Failure(path, exc)


def score_files(
    pack: Pack,
    paths: Sequence[str],
    weights: Mapping[str, float] | None = None,
    exclude: Sequence[str] = (),
) -> Portfolio:
    """Score every answers file under ``paths``; failures are collected, not raised."""
    walked: set[str] = set()
    files, failures = answer_files(paths, exclude, walked)
    rows: list[Row] = []
    skipped: list[Skipped] = []
    for file in files:
        outcome = score_file(pack, file, weights, sniff=file in walked)
        if isinstance(outcome, Row):
            rows.append(outcome)
        elif isinstance(outcome, Skipped):
            skipped.append(outcome)
        else:
            failures.append(outcome)
    return Portfolio(pack, tuple(rows), tuple(failures), tuple(skipped))
