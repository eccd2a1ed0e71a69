"""What several commands share: loading the pack, the weights and answers, writing output."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackpick.render import Context, render

if TYPE_CHECKING:
    from stackpick.answers import Answers
    from stackpick.models import Pack


def load(criteria: Path | None, *, cache: bool = True) -> Pack:
    """The pack to use: ``--criteria`` or the shipped one (checked, or as cached once checked)."""
    from stackpick.pack import load_pack

    return load_pack(criteria, cache=cache)


def check_option(pack: Pack, flag: str, value: str | None) -> None:
    """Refuse ``--flag value`` unless it names one of the pack's options (with a near miss)."""
    if value is None or value in pack.option_ids:
        return
    from stackpick.errors import UsageError, nearest

    hint = nearest(value, pack.option_ids)
    known = ", ".join(pack.option_ids)
    raise UsageError(f"{flag} '{value}' is not an option{hint}; options: {known}")


def parse_weights(pack: Pack, pairs: Sequence[str], weights_file: Path | None) -> dict[str, float]:
    """``--weights FILE`` then each ``--weight CRITERION=NUMBER``, as one checked mapping."""
    from stackpick import weights

    return weights.read(pack, pairs, None if weights_file is None else str(weights_file))


def report(
    view: str,
    analyse: Callable[[Pack, Answers, dict[str, float]], object],
    answers_path: str,
    criteria: Path | None,
    fmt: str | None,
    weight_pairs: Sequence[str],
    weights_file: Path | None,
    output: Path | None = None,
) -> int:
    """Read the pack, the weights and one answers file, analyse, render ``view``."""
    from stackpick.answers import read_answers
    from stackpick.render.formats import ReportFormat

    chosen = pick_format(fmt, output, ReportFormat)
    pack = load(criteria)
    overrides = parse_weights(pack, weight_pairs, weights_file)
    answers = read_answers(pack, answers_path)
    check_complete(answers, required=False)
    data = analyse(pack, answers, overrides)
    publish(view, chosen, data, output, Context(pack=pack), answers.meta)
    return 0


def check_complete(answers: Answers, *, required: bool) -> None:
    """Say on stderr when ``answers`` come from an unfinished interview; refuse it if ``required``.

    An interrupted ``ask`` writes ``meta: complete: false``: its open questions took their
    defaults, so a recommendation from it (or a gate passed on it) rests on guesses.
    """
    if answers.meta is None or answers.meta.get("complete") is not False:
        return
    from stackpick.errors import AnswersError, warn

    asked = len(answers.values) - len(answers.not_asked)
    answered = sum(1 for q in answers.given if answers.values.get(q) is not None)
    where = answers.source or "the answers"
    what = f"from an unfinished interview ({answered} of {asked} questions answered)"
    if required:
        import shlex

        from stackpick.errors import printable

        named = printable(shlex.quote(answers.source or "FILE"), one_line=True)
        raise AnswersError(
            f"the answers are {what}; finish it: stackpick ask --answers {named}",
            source=answers.source,
        )
    warn(f"note: {where} is {what}; the rest took their defaults")


def pick_format(fmt: str | None, output: Path | None, offered: type[StrEnum]) -> str:
    """The format asked for, or the one ``output``'s extension names (see commands.output)."""
    from stackpick.commands.output import pick_format as pick

    return pick(fmt, output, [f.value for f in offered])


def publish(
    view: str,
    fmt: str,
    data: object,
    output: Path | None,
    context: Context,
    meta: Mapping[str, Any] | None = None,
) -> None:
    """Render ``view`` to stdout or ``output``; pages and charts get a heading (project, pack)."""
    if output is None and fmt not in ("html", "svg"):
        emit(view, fmt, data, context)
        return
    from stackpick.commands.output import write_report
    from stackpick.render.export import heading_for

    heading = heading_for(context.needs_pack(), meta)
    write_report(view, fmt, data, output, context, heading)


def emit(view: str, fmt: str, data: object, context: Context | None = None) -> None:
    """Render to stdout."""
    from stackpick.commands.output import stdout

    render(view, fmt, data, stdout(), context)
