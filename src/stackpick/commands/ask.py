"""``stackpick ask``: interview the room in a terminal, then show the recommendation.

Nothing typed is lost: ``--save FILE`` keeps the answers (an older file becomes
``FILE.bak``), and an interrupt writes the answers given so far, marked incomplete,
to ``--save FILE`` or to a partial file in the current folder, for ``--answers``.
"""

from __future__ import annotations

import datetime
import gc
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from stackpick.answers import Answer
from stackpick.commands.common import emit, load
from stackpick.errors import NotInteractiveError, UsageError
from stackpick.models import Pack

PARTIAL = "stackpick-answers.partial.yaml"
INTERRUPTED = 130


def run(save: Path | None, answers_path: str | None, criteria: Path | None, fmt: str) -> int:
    """Interview, review, score and render; returns the exit code."""
    require_terminal()
    _check_save_target(save)
    # Starting up allocates many long-lived objects (models, prompt_toolkit's classes) and
    # little garbage; cycle collection during it only delays the first question (~15%).
    gc.disable()
    try:
        return _interview(save, answers_path, criteria, fmt)
    finally:
        gc.enable()


def _interview(save: Path | None, answers_path: str | None, criteria: Path | None, fmt: str) -> int:
    pack = load(criteria)
    earlier = _earlier(pack, answers_path)
    from stackpick import interview

    prompts = interview.build_prompts(pack, earlier)
    try:
        given = interview.run_interview(prompts, interview.ask)
    except interview.InterviewInterrupted as stop:
        return _keep_partial(pack, {**earlier, **stop.answers}, save)
    return _finish(pack, given, save, fmt)


def has_terminal() -> bool:
    """Whether standard input and output are both terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def require_terminal() -> None:
    """Refuse at once, before loading anything, when there is no terminal to ask in."""
    if not has_terminal():
        raise NotInteractiveError(
            "`stackpick ask` needs a terminal on standard input and output; without one, "
            "put the answers in a file and run `stackpick score --answers FILE`"
        )


def _check_save_target(save: Path | None) -> None:
    if save is None:
        return
    if save.is_dir():
        raise UsageError(f"--save {save}: is a folder; give a file name")
    if not save.parent.is_dir():
        raise UsageError(f"--save {save}: folder {save.parent} does not exist")


def _earlier(pack: Pack, answers_path: str | None) -> dict[str, Answer]:
    """The answers given in an earlier file (checked as `score` checks them), not defaults."""
    if answers_path is None:
        return {}
    if answers_path == "-":
        raise UsageError("--answers -: `ask` reads the terminal; give the answers as a file")
    from stackpick.answers import read_answers

    found = read_answers(pack, answers_path)
    return {k: v for k, v in found.values.items() if v is not None and k not in found.defaulted}


def _finish(pack: Pack, given: Mapping[str, Answer], save: Path | None, fmt: str) -> int:
    """Check the answers on the same path as `score`, save them, and show the result."""
    from stackpick.answers import check_answers
    from stackpick.engine import score

    result = score(pack, check_answers(pack, given))
    if save is not None:
        _write(save, pack, given, complete=True)
        print(
            f"answers saved to {save}; `stackpick score --answers {save}` shows this again",
            file=sys.stderr,
        )
    emit("result", fmt, result, pack=pack)
    return 0


def _keep_partial(pack: Pack, given: Mapping[str, Answer], save: Path | None) -> int:
    """Write what was answered, marked incomplete; say how to resume."""
    target = save if save is not None else Path(PARTIAL)
    _write(target, pack, given, complete=False)
    # One line that fits 80 columns for the usual file name, and can be pasted as it is.
    print(
        f"{_count(len(given))} kept; resume: stackpick ask --answers {shlex.quote(str(target))}",
        file=sys.stderr,
    )
    return INTERRUPTED


def _count(number: int) -> str:
    return f"{number} answer" if number == 1 else f"{number} answers"


def _write(path: Path, pack: Pack, given: Mapping[str, Answer], *, complete: bool) -> None:
    from stackpick.files import write_atomic

    write_atomic(path, answers_text(pack, given, complete=complete), backup=True)


def answers_text(
    pack: Pack,
    given: Mapping[str, Answer],
    *,
    complete: bool,
    today: datetime.date | None = None,
) -> str:
    """An answers file in CONTRACT.md's format: ``answers:`` in pack order, then ``meta:``."""
    answers = {
        q.id: list(v) if isinstance(v, tuple) else v
        for q in pack.questions
        if (v := given.get(q.id)) is not None
    }
    meta = {
        "date": (today or datetime.date.today()).isoformat(),
        "pack": pack.pack.name,
        "pack_version": pack.pack.version,
        "complete": complete,
    }
    return _header(complete) + _dump({"answers": answers, "meta": meta})


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
