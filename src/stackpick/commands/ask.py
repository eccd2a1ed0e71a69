"""``stackpick ask``: interview the room in a terminal, then show the recommendation.

The interview is drawn on the terminal; the result goes to stdout, so with stdout
redirected the questions are drawn on the terminal on stderr instead.

Nothing typed is lost: a finished interview is always written, to ``--save FILE`` (an
older file becomes ``FILE.bak``) or else to ``stackpick-answers.yaml`` in the current
folder (the next free name, ``stackpick-answers-2.yaml`` and on, when that is taken);
an interrupt writes the answers given so far, marked incomplete, to ``--save FILE`` or
to a partial file in the current folder, which the next ``ask`` there offers to resume.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import shlex
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from stackpick.answers import Answer, Answers
from stackpick.commands.common import emit, load
from stackpick.errors import (
    IO_ERROR,
    NotInteractiveError,
    StackpickError,
    UsageError,
    printable,
    warn,
)
from stackpick.models import UNKNOWN, Pack
from stackpick.render import Context

PARTIAL = "stackpick-answers.partial.yaml"
PARTIAL_SUFFIX = ".partial.yaml"  # beside a finished file: answers.yaml, answers.partial.yaml
KEPT = "stackpick-answers"  # a finished interview without --save: KEPT.yaml, KEPT-2.yaml, ...


def run(*, save: Path | None, answers_path: str | None, criteria: Path | None, fmt: str) -> int:
    """Interview, review, score and render; returns the exit code."""
    screen = require_terminal()
    _check_save_target(save)
    # Starting up (the pack, questionary, prompt_toolkit) makes many objects that live
    # until exit and little garbage: collecting meanwhile only delays the first question
    # (~25 ms). Then freeze them, so the collections during the interview skip them.
    gc.disable()
    try:
        pack = load(criteria)
        found = _earlier(pack, answers_path)
        from stackpick import interview

        interview.prepare()
    finally:
        gc.freeze()
        gc.enable()
    echo = _echo(screen)
    offered: Path | None = None  # the partial file, when the room took the offer to resume it
    if answers_path is None and save is None:
        try:
            answers_path, found = _offer_resume(pack, screen)
        except interview.InterviewInterrupted as stop:
            # Nothing was answered yet: the partial file stays as it is, to resume later.
            warn(f"{PARTIAL} left as it was; resume: stackpick ask --answers {PARTIAL}")
            return _stopped_by(stop.exit_code)
        offered = Path(answers_path) if answers_path is not None else None
    elif answers_path is not None and _is_partial(answers_path) and _unfinished(found):
        # `ask --answers` a file an interrupted `ask` left (here or in another folder), as
        # its resume line says: resumed as the offer resumes it, so the finished answers
        # never go back into it (where the next interruption there would replace them)
        offered = Path(answers_path)
    earlier = _given(found)
    meta = found.meta if found is not None else None
    revisit = found is not None and not _unfinished(found)  # a finished file, put again
    prompts = interview.build_prompts(pack, earlier, revisit=revisit)
    kept: Mapping[str, Answer] = {}
    if answers_path is not None and _unfinished(found):
        # Resuming an interrupted interview: only the questions left are put. The answers
        # of `ask --answers FILE` go back into FILE unless --save names another; those of
        # the offered partial file go, once finished, where any finished interview goes.
        kept = earlier
        if offered is None:
            save = save or _resumable(Path(answers_path), echo)
        shown = _shown(answers_path)
        said = (
            f"Resuming {shown}: kept {_count(len(kept), _unsure(kept))}; the questions left follow."
        )
        echo(textwrap.fill(said, interview.WIDTH))  # whole words on an 80-column terminal
    try:
        with _drawn_on(screen):
            given = interview.run_interview(prompts, interview.ask, echo, given=kept)
    except interview.InterviewInterrupted as stop:
        kept = {**earlier, **interview.left_open(prompts, stop.answers)}
        warn("interview stopped before the end")  # on its own line: the next one is pasted
        if kept:
            _keep_partial(answers_text(pack, kept, complete=False, meta=meta), len(kept), save)
        else:  # stopped at the first question: no file to resume nothing from
            warn("no answers given, so none kept")
        if isinstance(stop, interview.InterviewFailed) and isinstance(stop.__cause__, Exception):
            raise stop.__cause__ from None  # the answers are safe: now report the bug
        return _stopped_by(stop.exit_code)
    return _finish(pack, interview.left_open(prompts, given), save, fmt, meta, retire=offered)


def _offer_resume(pack: Pack, screen: TextIO) -> tuple[str | None, Answers | None]:
    """Offer to resume the interview an interrupted ``ask`` left in this folder.

    Returns the file and its answers when the room takes the offer, (None, None)
    otherwise: no partial file, one that is finished or does not fit the pack (said),
    or a room that starts afresh.
    """
    from stackpick.answers import read_answers

    if not Path(PARTIAL).is_file():
        return None, None
    try:
        found = read_answers(pack, PARTIAL)
    except StackpickError as exc:
        warn(f"note: {PARTIAL} cannot be resumed ({exc.message}); starting afresh")
        return None, None
    if not _unfinished(found):
        return None, None
    from stackpick import interview

    given = _given(found)
    offer = interview.Prompt(
        id="resume",
        message=(
            f"An interrupted interview is in {PARTIAL}"
            f" ({_count(len(given), _unsure(given))}). Resume it?"
        ),
        help="No starts afresh; that file is replaced only if this interview is interrupted too.",
        type="boolean",
        default=True,
        unsure=False,  # a yes or a no: "not sure" has no meaning here
    )
    with _drawn_on(screen):
        resume = interview.ask_alone(offer)
    return (PARTIAL, found) if resume is True else (None, None)


def terminal() -> TextIO | None:
    """Where the interview is drawn: the terminal on stdout, else the one on stderr.

    With stdout redirected (``ask --format json > decision.json``) the questions go to
    the terminal on stderr and only the result goes to stdout. None without a terminal
    to type in, or to draw on.
    """
    if sys.stdin is None or not sys.stdin.isatty():
        return None
    return next((s for s in (sys.stdout, sys.stderr) if s is not None and s.isatty()), None)


def require_terminal() -> TextIO:
    """The terminal to interview on; refuse at once, before loading anything, without one."""
    screen = terminal()
    if screen is None:
        raise NotInteractiveError(
            "`stackpick ask` needs a terminal to type in and to draw on; without one, "
            "put the answers in a file and run `stackpick score --answers FILE`"
        )
    return screen


def _drawn_on(screen: TextIO) -> contextlib.AbstractContextManager[Any]:
    """Prompts drawn on ``screen``: prompt_toolkit draws on stdout unless told otherwise."""
    if screen is sys.stdout:
        return contextlib.nullcontext()
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.output import create_output

    return create_app_session(output=create_output(stdout=screen))


def _echo(screen: TextIO) -> Callable[[str], None]:
    """The record line of each answer, printed where the prompts are drawn."""
    return lambda line: print(line, file=screen, flush=True)


def _check_save_target(save: Path | None) -> None:
    """Refuse ``--save FILE`` before the interview: a room should not answer for nothing."""
    if save is None:
        return
    problem = _save_problem(save)
    if problem:
        raise UsageError(f"--save {_shown(save)}: {problem}")


def _save_problem(path: Path) -> str | None:
    """Why the answers could not be written to ``path``, or None when they can."""
    if path.is_dir():
        return "is a folder; give a file name"
    from stackpick.files import READ_ONLY, check_writable, final_target, read_only

    try:
        target, stream = final_target(path)
    except OSError as exc:
        return _reason(exc)
    if stream or (target.exists() and not target.is_file()):
        return None  # a device or a FIFO is written through, not replaced
    if not target.parent.is_dir():
        return f"folder {_shown(target.parent)} does not exist"
    if read_only(target):
        return READ_ONLY
    try:
        check_writable(target.parent)
    except OSError as exc:
        return f"cannot write in {_shown(target.parent)}: {_reason(exc)}"
    return None


def _earlier(pack: Pack, answers_path: str | None) -> Answers | None:
    """The earlier file's answers, checked as `score` checks them."""
    if answers_path is None:
        return None
    if answers_path == "-":
        raise UsageError("--answers -: `ask` reads the terminal; give the answers as a file")
    from stackpick.answers import read_answers

    return read_answers(pack, answers_path)


def _resumable(path: Path, echo: Callable[[str], None]) -> Path | None:
    """``path``, to save a resumed interview back into; None (said) when it cannot be written."""
    problem = _save_problem(path)
    if problem:
        echo(f"{_shown(path)}: {problem}; the answers will be kept in a new file instead")
        return None
    return path


def _unfinished(found: Answers | None) -> bool:
    """Whether ``found`` is a file an interrupted `ask` left (``meta: complete: false``)."""
    return found is not None and found.meta is not None and found.meta.get("complete") is False


def _given(found: Answers | None) -> dict[str, Answer]:
    """The answers really given in an earlier file: not the defaults filled in.

    An answer of ``unknown`` stays ``unknown`` (scoring reads its default in its place,
    but it was given, and stays an open question).
    """
    if found is None:
        return {}
    unsure = set(found.unknown)
    return {
        k: UNKNOWN if k in unsure else v
        for k, v in found.values.items()
        if v is not None and k not in found.defaulted
    }


def _is_partial(path: str) -> bool:
    """Whether ``path`` is named as a partial file ``ask`` leaves, here or in another folder.

    That is :data:`PARTIAL`, or ``NAME.partial.yaml``, where the answers of ``--save
    NAME.yaml`` go when NAME.yaml holds finished answers (see :func:`_keep_partial`). The
    name alone is not enough to retire it: it must also be unfinished (:func:`_unfinished`).
    """
    name = Path(path).name
    return name == PARTIAL or name.endswith(PARTIAL_SUFFIX)


def _finish(
    pack: Pack,
    given: Mapping[str, Answer],
    save: Path | None,
    fmt: str,
    meta: Mapping[str, Any] | None,
    *,
    retire: Path | None = None,
) -> int:
    """Check the answers on the same path as `score`, save them, and show the result.

    A file that cannot be written still shows the result; then the answers go to
    standard error, so nothing typed is lost, and the error follows (exit 2). Once
    they are saved, ``retire`` (the partial file this interview finished) becomes its
    ``.bak``, so the next ``ask`` offers it no more.
    """
    from stackpick.answers import check_answers
    from stackpick.engine import score

    result = score(pack, check_answers(pack, given))
    text = answers_text(pack, given, complete=True, meta=meta)
    target = save if save is not None else next_free(Path(), KEPT)
    failure = _write(target, text)
    emit("result", fmt, result, Context(pack=pack))
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()  # the notices below come after the view on a shared terminal
    shown = _shown(target)
    if failure is None:
        # two short lines rather than one that wraps on an 80-column terminal
        warn(f"answers saved to {shown}")
        warn(f"  shown again by: stackpick score --answers {shlex.quote(shown)}")
        if retire is not None:
            _retire(retire)
    else:
        warn(text.rstrip("\n"))
        if save is not None:
            from stackpick.commands.output import write_failure

            raise write_failure(failure)(
                f"cannot write: {_reason(failure)}; the answers are printed above",
                source=str(save),
            )
        warn(f"answers NOT saved ({shown}: {_reason(failure)}); they are printed above")
    from stackpick.interview import WIDTH
    from stackpick.render.common import headline

    # Last, so the room still sees it when the long view has scrolled off the screen; in
    # whole words, which a terminal would split at its edge.
    warn(textwrap.fill(f"Recommendation: {headline(result, pack)}", WIDTH))
    return 0


def _retire(partial: Path) -> None:
    """Rename the finished partial file to its ``.bak`` (said); a failure is said, not fatal."""
    backup = partial.with_name(partial.name + ".bak")
    try:
        partial.replace(backup)
    except OSError as exc:
        warn(f"note: {_shown(partial)} is finished but stays ({_reason(exc)}); delete it")
        return
    warn(f"renamed the finished partial file to {_shown(backup)}")  # 71 wide: one line at 80


def next_free(folder: Path, stem: str) -> Path:
    """``folder/stem.yaml``, or the first of ``stem-2.yaml``, ``stem-3.yaml``, ... not taken."""
    candidate = folder / f"{stem}.yaml"
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / f"{stem}-{number}.yaml"
        number += 1
    return candidate


def _keep_partial(text: str, count: int, save: Path | None) -> None:
    """Write what was answered, marked incomplete; say how to resume.

    When the file cannot be written, the answers go to standard error instead. After a
    hang-up the terminal is gone: what cannot be printed is not printed, nothing fails.
    """
    target = save if save is not None else Path(PARTIAL)
    finished = None
    if not _partial_may_replace(target):  # never a finished file, nor its .bak, for a partial
        finished, target = target, target.with_name(target.stem + PARTIAL_SUFFIX)
        number = 2
        while not _partial_may_replace(target):  # NAME-2.partial.yaml: still named a partial
            target = finished.with_name(f"{finished.stem}-{number}{PARTIAL_SUFFIX}")
            number += 1
    failure = _write(target, text)
    if failure is not None:
        warn(text.rstrip("\n"))
        warn(
            f"{_count(count)} NOT saved ({_shown(target)}: {_reason(failure)}); "
            "they are above: save them as FILE, resume: stackpick ask --answers FILE"
        )
        return
    resume = f"stackpick ask --answers {_shown(shlex.quote(str(target)))}"
    if finished is not None:
        warn(f"{_shown(finished)} holds finished answers and stays as it was")
        resume += f" --save {_shown(shlex.quote(str(finished)))}"
    # One line that fits 80 columns for the usual file name, and can be pasted as it is.
    warn(f"{_count(count)} kept; resume: {resume}")


def _partial_may_replace(path: Path) -> bool:
    """Whether an interrupted interview may keep its answers in ``path``.

    Only where nothing is, or where a partial file is (``meta: complete: false``): a
    finished answers file is never replaced by a part of an interview, nor pushed into
    its ``.bak`` by one.
    """
    if not (path.exists() or path.is_symlink()):
        return True
    from stackpick.files import final_target

    try:
        target, stream = final_target(path)
        if stream or not target.is_file():  # a pipe, a device: written through, replacing nothing
            return True
    except OSError:
        return False
    from stackpick.yamlfile import forget_read, load_file

    try:
        data = load_file(str(path)).data
    except (StackpickError, OSError):
        return False  # not readable as answers: not ours to replace
    finally:
        forget_read(str(path))
    meta = data.get("meta") if isinstance(data, dict) else None
    return isinstance(meta, dict) and meta.get("complete") is False


def _stopped_by(code: int) -> int:
    """The exit code of an interrupted interview: a terminal lost to a hang-up says so (129)."""
    from stackpick import signals

    late = signals.received()
    return 128 + late if code == IO_ERROR and late is not None else code


def _shown(path: str | Path) -> str:
    """A file name as it may be shown: one line, no control or bidi characters obeyed."""
    return printable(str(path), one_line=True)


def _count(number: int, unsure: int = 0) -> str:
    """'1 answer', '9 answers', '9 answers, 2 of them not sure' (score counts those open)."""
    said = f"{number} answer" if number == 1 else f"{number} answers"
    if unsure:
        said += f", {'it' if number == 1 else f'{unsure} of them'} not sure"
    return said


def _unsure(answers: Mapping[str, Answer]) -> int:
    from stackpick.models import UNKNOWN

    return sum(1 for value in answers.values() if value == UNKNOWN)


def _reason(error: OSError) -> str:
    """The OS's words for why a file could not be written ('Permission denied')."""
    return error.strerror or str(error) or type(error).__name__


def _write(path: Path, text: str) -> OSError | None:
    """Write the answers file (an old one kept as ``.bak``); the OS error, if any."""
    from stackpick.files import write_atomic

    try:
        write_atomic(path, text, backup=True)
    except OSError as exc:
        return exc
    return None


def answers_text(
    pack: Pack,
    given: Mapping[str, Answer],
    *,
    complete: bool,
    today: datetime.date | None = None,
    meta: Mapping[str, Any] | None = None,
) -> str:
    """An answers file in CONTRACT.md's format: ``answers:`` in pack order, then ``meta:``.

    ``meta`` is the earlier file's (project, who answered, ...); it is kept, with the
    date, pack and completeness brought up to date.
    """
    answers = {
        q.id: list(v) if isinstance(v, tuple) else v
        for q in pack.questions
        if (v := given.get(q.id)) is not None
    }
    fresh = {
        "date": (today or datetime.date.today()).isoformat(),
        "pack": pack.pack.name,
        "pack_version": pack.pack.version,
        "complete": complete,
    }
    return _header(complete) + _dump({"answers": answers, "meta": {**(meta or {}), **fresh}})


def _dump(data: dict[str, Any]) -> str:
    """YAML with mappings in block style and lists of choices inline (`[jms, soap]`)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def inline(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.Node:
        return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)

    Dumper.add_representer(list, inline)
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, default_flow_style=False)


def _header(complete: bool) -> str:
    lines = ["# Answers from `stackpick ask`."]
    if complete:
        lines.append("# Score them again with: stackpick score --answers <this file>")
    else:
        lines.append("# Incomplete: the interview was interrupted. Unanswered questions take")
        lines.append(
            "# their defaults in `score`; resume with: stackpick ask --answers <this file>"
        )
    return "\n".join(lines) + "\n"
