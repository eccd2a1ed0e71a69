"""Architecture decision records (MADR) built from a scored answer set.

:func:`build_adr` is pure: pack, answers and result in, an :class:`Adr` out. What would
change the decision comes from :func:`stackpick.analysis.what_if` (every single-answer
change re-scored, the smallest that flip the result, and weight thresholds).
:func:`next_number` and :func:`write_record` are the file side: numbering in a folder
and writing without ever overwriting an existing record.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackpick.answers import Answer, Answers, answer_text, choice_labels, holds, meta_text
from stackpick.engine import Note, Reason, Result, confidence_for
from stackpick.errors import InputError, SettingError, printable, warn
from stackpick.models import Pack, Question, constraint_words, weight_text

if TYPE_CHECKING:
    from stackpick.analysis import WhatIf

STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")
MAX_DRIVERS = 5
# A criterion that moved the scores by less than a point is no driver of the decision
# (the ~70k against ~65k rps of I/O-bound work, say): the record lists it with the rest.
MIN_DRIVER_POINTS = 1.0
# Records are numbered in four digits (0001 to 9999), as MADR and adr-tools number them.
MAX_NUMBER = 9999
RECORD_NAME = re.compile(r"^(\d{4})-.+\.md$")


@dataclass(frozen=True)
class Fact:
    """One answer in the context: the question's prompt and the answer in words.

    ``defaulted``: nobody answered it; ``unsure``: it was answered not sure. Either way
    the answer shown is the pack's default.
    """

    question: str
    prompt: str
    answer: str
    defaulted: bool
    unsure: bool = False


@dataclass(frozen=True)
class Argument:
    """A pro, con or neutral point for one option."""

    kind: str  # good, bad or neutral
    text: str
    criterion: str = ""
    points: float = 0.0
    favours: str = ""  # the option a criterion favoured, by name ("" for neither)


@dataclass(frozen=True)
class Considered:
    """One considered option with its score, pros and cons."""

    option: str
    name: str
    score: float
    arguments: tuple[Argument, ...]


@dataclass(frozen=True)
class Flip:
    """A change that would make another option the recommendation."""

    subject: str  # the question's prompt, or "Weight of <criterion>"
    change: str  # "no instead of yes", "below 1.25 (now 3)"
    recommendation: str
    confidence: str = ""


@dataclass(frozen=True)
class Link:
    """Another record in the folder: its number, title and file name (for a relative link)."""

    number: int
    title: str
    file_name: str

    @property
    def label(self) -> str:
        """'ADR-0003', as MADR and log4brains name a record in a link."""
        return f"ADR-{self.number:04d}"


@dataclass(frozen=True)
class Adr:
    """Everything an MADR record says, as data."""

    number: int
    title: str
    status: str
    date: str
    project: str
    deciders: str
    pack: str
    facts: tuple[Fact, ...]
    drivers: tuple[Reason, ...]
    options: tuple[Considered, ...]
    chosen: str
    chosen_name: str
    confidence: str
    margin: float
    consequences: tuple[Argument, ...]
    flips: tuple[Flip, ...]
    problem: str = ""
    hinges: tuple[str, ...] = ()
    open_questions: tuple[str, ...] = ()
    open_flips: tuple[str, ...] = ()
    constraints: tuple[str, ...] = ()
    advice: tuple[Argument, ...] = ()
    risks: tuple[str, ...] = ()
    tie: bool = False
    supersedes: Link | None = None
    # a tie, or the lowest confidence from the margin or its robustness (not a cap alone):
    # the record proposes, it cannot yet decide
    provisional: bool = False
    # every other option ruled out: why it was chosen instead of a lead over their 0
    # ('Option B is ruled out; on value alone ...', render.common.ruled_out_words)
    ruled_out: str = ""

    @property
    def slug(self) -> str:
        """The title as a file-name slug: 'use-option-a-for-payments-ledger'."""
        words = re.findall(r"[a-z0-9]+", self.title.lower())
        return "-".join(words)[:60].strip("-") or "decision"

    @property
    def file_name(self) -> str:
        """'0007-use-option-a-for-payments-ledger.md'."""
        return f"{self.number:04d}-{self.slug}.md"


def _facts(pack: Pack, answers: Answers) -> tuple[Fact, ...]:
    return tuple(
        Fact(
            q.id,
            q.prompt,
            answer_text(value, choice_labels(q)),
            q.id in answers.defaulted,
            q.id in answers.unknown,
        )
        for q in pack.questions
        if (value := answers.values.get(q.id)) is not None
    )


def _project(answers: Answers) -> tuple[str, str]:
    """The project and who answered, from ``meta.project`` and ``meta.answered_by``.

    Without a project the record says "the service": a file name says nothing.
    """
    project = meta_text(answers.meta, "project") or "the service"
    return project, meta_text(answers.meta, "answered_by")


def in_sentence(title: str) -> str:
    """A title or prompt inside a sentence: its first letter small, unless it opens an acronym."""
    if len(title) > 1 and title[1].isupper():
        return title  # "ML and data tooling", "JVM estate"
    return title[:1].lower() + title[1:]


def _problem(pack: Pack, project: str, result: Result) -> str:
    """The decision to make, and the forces that pull each way, in one paragraph."""
    names = " or ".join(pack.option_name(o) for o in pack.option_ids)
    pulls = []
    for option in pack.option_ids:
        titles = [in_sentence(r.title) for r in result.reasons if r.favours == option][:3]
        if titles:
            pulls.append(f"towards {pack.option_name(option)}: {', '.join(titles)}")
    forces = "; ".join(pulls) if pulls else "no criterion favours either"
    return (
        f"Which backend framework should {project} be built on, {names}? The answers pull {forces}."
    )


def _said(question: Question | None, value: Answer) -> str:
    return answer_text(value, choice_labels(question)) if question is not None else str(value)


def _change_words(
    pack: Pack,
    answers: Mapping[str, Answer],
    to: str,
    tie: bool,
    defaults: Mapping[str, Answer] | None = None,
) -> str:
    """'Cold start matters: yes (and ...) would make it Option A'.

    ``defaults``: the follow-ups the change opens at their defaults, said as such.
    """
    from stackpick.render.common import said_with_defaults

    parts = [
        f"{pack.question_map[q].prompt.rstrip('?')}: {_said(pack.question_map.get(q), v)}{note}"
        for q, v, note in said_with_defaults(answers, defaults)
    ]
    outcome = "make it a tie" if tie else f"make it {pack.option_name(to)}"
    return " and ".join(parts) + f" would {outcome}"


def _risks(pack: Pack, result: Result) -> tuple[str, ...]:
    """What could make this decision wrong: the answers it rests on, and open questions.

    Its costs are not repeated here: the consequences list them.
    """
    risks = [
        "It rests on this answer: "
        f"{_change_words(pack, c.answers, c.recommendation, c.tie, c.defaults)}."
        for c in result.hinges_on[:MAX_DRIVERS]
    ]
    if result.open_flips:
        risks.append(
            "Questions nobody has answered yet could change it; see the open questions above."
        )
    return tuple(risks)


def _arguments(pack: Pack, option: str, result: Result) -> tuple[Argument, ...]:
    arguments = []
    for r in result.reasons:
        why = result.why_of(r)
        if r.favours == option:
            kind = "good"
        elif r.favours is None:
            kind = "neutral"
        else:
            kind = "bad"
        favours = pack.option_name(r.favours) if r.favours else ""
        arguments.append(Argument(kind, why, r.title, r.points, favours))
    costs = [
        Argument("bad", t.text)
        for t in pack.tradeoffs
        if t.option == option and (t.when is None or holds(t.when, result.answers))
    ]
    return tuple(arguments + costs)


def _drivers(result: Result) -> list[Reason]:
    """The reasons that did most to decide it: a point or more, the largest first (one at least)."""
    moved = [r for r in result.reasons if r.favours is not None]
    return [r for r in moved if r.points >= MIN_DRIVER_POINTS][:MAX_DRIVERS] or moved[:1]


def _consequences(pack: Pack, result: Result) -> tuple[Argument, ...]:
    winner = result.recommendation
    helped = [r for r in result.reasons if r.favours == winner]
    moved = [r for r in helped if r.points >= MIN_DRIVER_POINTS] or helped[:1]  # as _drivers
    good = [Argument("good", result.why_of(r), r.title, r.points) for r in moved]
    bad = [Argument("bad", t.text) for t in result.tradeoffs]
    return tuple(good[:MAX_DRIVERS] + bad)


def build_adr(
    pack: Pack,
    answers: Answers,
    result: Result,
    *,
    number: int,
    date: str,
    status: str = "proposed",
    flips: tuple[Flip, ...] = (),
    supersedes: Link | None = None,
) -> Adr:
    """The MADR record of this decision."""
    from stackpick.render.common import ruled_out_words

    project, deciders = _project(answers)
    winner = result.recommendation
    winner_name = pack.option_name(winner)
    # the lowest level from the margin or its robustness (not from a cap alone: a capped
    # option well ahead that no answer overturns is a decision the cap says to hold lightly)
    uncapped = confidence_for(pack, result.exact_margin, robust=result.robust)
    provisional = result.tie or uncapped == pack.confidence_by_margin[-1].level
    ranked = sorted(pack.option_ids, key=lambda o: -result.scores[o])
    questions = pack.question_map
    return Adr(
        problem=_problem(pack, project, result),
        hinges=tuple(
            _change_words(pack, c.answers, c.recommendation, c.tie, c.defaults)
            for c in result.hinges_on
        ),
        open_questions=tuple(
            questions[q].prompt for q in (*result.unknown, *result.defaulted) if q in questions
        ),
        open_flips=tuple(
            _change_words(pack, f.answers, f.recommendation, f.tie) for f in result.open_flips
        ),
        constraints=tuple(
            constraint_words(pack.option_name(c.option), c.effect, c.text, leads=c.option == winner)
            for c in result.constraints
        ),
        advice=tuple(Argument("neutral", a.text, a.title) for a in _decision_first(pack, result)),
        risks=_risks(pack, result),
        tie=result.tie,
        supersedes=supersedes,
        number=number,
        title=f"{'Provisionally use' if provisional else 'Use'} {winner_name} for {project}",
        provisional=provisional,
        ruled_out=ruled_out_words(result, pack),
        status=status,
        date=date,
        project=project,
        deciders=deciders,
        pack=f"{pack.pack.name} {pack.pack.version}",
        facts=_facts(pack, answers),
        drivers=tuple(replace(r, why=result.why_of(r)) for r in _drivers(result)),
        options=tuple(
            Considered(o, pack.option_name(o), result.scores[o], _arguments(pack, o, result))
            for o in ranked
        ),
        chosen=winner,
        chosen_name=winner_name,
        confidence=result.confidence,
        margin=result.margin,
        consequences=_consequences(pack, result),
        flips=flips,
    )


def _decision_first(pack: Pack, result: Result) -> list[Note]:
    """The advice on the decision itself first, then on carrying out the chosen option.

    Advice narrowed to a few confidence levels (a close call, running both) is on the
    decision: the narrower, the sooner. The rest keeps the pack's order.
    """
    levels = {a.id: len(a.confidence) for a in pack.advice if a.confidence}
    return sorted(result.advice, key=lambda a: levels.get(a.id, math.inf))


def what_would_change(
    pack: Pack, answers: Answers, weights: Mapping[str, float] | None = None
) -> tuple[Flip, ...]:
    """The smallest single-answer changes, then the weight moves, that change the recommendation."""
    from stackpick.analysis import what_if

    return flips_of(pack, what_if(pack, answers, weights))


def flips_of(pack: Pack, analysis: WhatIf) -> tuple[Flip, ...]:
    """A what-if analysis's flips in words: prompts and choice labels, then the weight moves."""
    questions = pack.question_map
    flips = []
    for change in analysis.smallest:
        question = questions[change.question]
        labels = choice_labels(question)
        before, after = answer_text(change.before, labels), answer_text(change.after, labels)
        also = "".join(
            f", with {in_sentence(questions[q].prompt.rstrip('?'))}: "
            f"{answer_text(v, choice_labels(questions[q]))}"
            for q, v in change.with_.items()
        )
        flips.append(
            Flip(
                question.prompt,
                f"{after} instead of {before}{also}",
                change.recommendation,
                "a tie" if change.tie else "",
            )
        )
    for weight in analysis.weights:
        for direction, threshold in (("below", weight.below), ("above", weight.above)):
            if threshold is not None:
                change_text = f"{threshold.words(direction)} (now {weight_text(weight.weight)})"
                flips.append(Flip(f"Weight of {weight.title}", change_text, threshold.to))
    return tuple(flips)


def next_number(folder: Path) -> int:
    """One more than the highest record number in ``folder`` (1 in an empty or new folder).

    Raises InputError when the folder cannot be read, SettingError when 9999 is already taken.
    """
    if not folder.is_dir():
        return 1
    try:
        names = [p.name for p in folder.iterdir()]
    except OSError as exc:
        raise InputError(
            f"cannot read the folder: {exc.strerror or exc}", source=str(folder)
        ) from None
    numbers = [int(m.group(1)) for name in names if (m := RECORD_NAME.match(name))]
    highest = max(numbers, default=0)
    if highest >= MAX_NUMBER:
        raise SettingError(
            "number",
            f"already holds record {MAX_NUMBER}, the last four-digit number; "
            "give a free {setting} below it, or start a new folder",
            source=str(folder),
        )
    return highest + 1


def existing_record(folder: Path, number: int) -> Path | None:
    """The record already holding ``number`` in ``folder``, if any."""
    if not folder.is_dir():
        return None
    prefix = f"{number:04d}-"
    return next(
        (
            p
            for p in sorted(folder.iterdir())
            if p.name.startswith(prefix) and RECORD_NAME.match(p.name)  # not its HTML page
        ),
        None,
    )


def write_record(folder: Path, adr: Adr, text: str) -> Path:
    """Write the record atomically under its number; FileExistsError when the number is taken.

    Records of one number differ in their titles, so an exclusive create of the record
    alone would let two runs both take 0001. The number itself is claimed first (a
    hidden claim file made with O_EXCL); while it is held, no record with that number
    exists, and the record is written before the claim is let go.
    """
    from stackpick.files import claim, write_atomic

    with claim(claim_path(folder, adr.number)):
        taken = existing_record(folder, adr.number)
        if taken is not None:
            raise FileExistsError(str(taken))
        return write_atomic(folder / adr.file_name, text, exclusive=True)


def claim_path(folder: Path, number: int) -> Path:
    """The file a run holds while it writes record ``number`` (left only by a killed run)."""
    return folder / f".{number:04d}.stackpick-claim"


def check_options(number: int | None, date: str, status: str) -> None:
    """Refuse a bad record number, date or status before any work is done."""
    if number is not None and not 1 <= number <= MAX_NUMBER:
        raise SettingError("number", f"must be from 1 to {MAX_NUMBER}, not {number}")
    check_date(date)
    if status not in STATUSES:
        raise SettingError("status", f"'{status}' is not allowed; one of: {', '.join(STATUSES)}")
    if status.startswith("superseded"):
        # nothing would ever point to what replaced it: a dead end in the folder
        raise SettingError(
            "status",
            "superseded is not for a new record; write the record that replaces it"
            " with --supersedes N",
        )


def record_date(meta: Mapping[str, Any] | None) -> str:
    """``meta.date`` as a record's date (YYYY-MM-DD); "" when it gives no real day."""
    found = meta.get("date") if isinstance(meta, Mapping) else None
    if isinstance(found, datetime.date):
        return found.isoformat()[:10]
    if not isinstance(found, str):
        return ""
    try:
        check_date(found.strip())
    except SettingError:
        return ""
    return found.strip()


def check_date(date: str) -> None:
    """Refuse a date that is not a real calendar day written YYYY-MM-DD."""
    allowed = "takes YYYY-MM-DD, a real calendar day such as 2026-05-26"
    # fromisoformat alone also takes 20260526 and 2026-W22-2; the record shows YYYY-MM-DD.
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise SettingError("date", f"{allowed}; not '{date}'")
    try:
        datetime.date.fromisoformat(date)
    except ValueError as exc:
        raise SettingError("date", f"{allowed}; not '{date}' ({exc})") from None


def folder_for(output: Path) -> Path:
    """The records folder, created when missing; a file there, or no way to make it, is an error."""
    try:
        if output.exists() and not output.is_dir():
            raise SettingError(
                "output",
                "is a file; {setting} takes the folder of decision records",
                source=str(output),
            )
        if not output.is_dir():
            try:
                output.mkdir(parents=True)
            except FileExistsError:  # made meanwhile by a run beside this one: fine
                if not output.is_dir():
                    raise
            else:  # said: a misspelt folder would otherwise start a second series unseen
                said = f"note: created the folder {output} for the first record"
                warn(printable(said, one_line=True))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"cannot create the folder: {reason}", source=str(output)) from None
    return output


# --- records that replace records ----------------------------------------------------------

HEADING = re.compile(r"^# (\d{4})\. (.+)$")
STATUS_LINE = re.compile(r"^status:\s*(.*)$")
# a record in one of these states no longer decides anything: a new one need not replace it
CLOSED = ("superseded", "deprecated", "rejected")


@dataclass(frozen=True)
class Record:
    """A record file read back: where it is, what it says, its title and its status."""

    path: Path
    text: str
    link: Link
    status: str


def _unescaped(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def read_record(path: Path) -> Record:
    """The record at ``path``: its front-matter status and its '# NNNN. Title' heading."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputError(f"cannot read the record: {reason}", source=str(path)) from None
    lines = text.splitlines()
    status = ""
    for line in _front_matter(lines):
        if found := STATUS_LINE.match(line):
            status = found.group(1).strip().strip("\"'")
    heading = next((m for line in lines if (m := HEADING.match(line))), None)
    number = int(path.name[:4])
    title = _unescaped(heading.group(2)) if heading else path.stem[5:]
    return Record(path, text, Link(number, title, path.name), status)


def _front_matter(lines: list[str]) -> list[str]:
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        return []
    return lines[1 : lines.index("---", 1)]


def superseded_text(record: Record, by: Link) -> str:
    """The record's text with its status 'superseded by ADR-NNNN' and a link to ``by``.

    Only the status line changes and one line is added under the heading; the rest of
    the record (perhaps edited by hand since) stays as it is.
    """
    from stackpick.render.common import md

    lines = record.text.splitlines()
    status = f"status: superseded by {by.label}"
    front = len(_front_matter(lines))
    at = next((i for i in range(1, front + 1) if STATUS_LINE.match(lines[i])), None)
    if at is not None:
        lines[at] = status
    elif front or (lines and lines[0] == "---"):
        lines.insert(1, status)
    else:
        lines[:0] = ["---", status, "---", ""]
    link = f"Superseded by [{by.label}]({by.file_name}): {md(by.title)}."
    heading = next((i for i, line in enumerate(lines) if HEADING.match(line)), None)
    if heading is None:
        lines += ["", link]
    else:
        lines[heading + 1 : heading + 1] = ["", link]
    return "\n".join(lines) + "\n"


def records(folder: Path) -> list[Record]:
    """Every record in ``folder`` (an unreadable one is left out), lowest number first."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if RECORD_NAME.match(path.name) and path.is_file():
            try:
                found.append(read_record(path))
            except InputError:
                continue
    return found


def open_records_for(folder: Path, project: str) -> list[Record]:
    """Records in ``folder`` that still decide for ``project`` (by their title)."""
    ending = f" for {project}"
    return [
        r
        for r in records(folder)
        if r.link.title.endswith(ending) and not r.status.startswith(CLOSED)
    ]


def project_of(title: str) -> str:
    """The project a record's title names ('Use Option A for payments-ledger'), or ""."""
    found = re.match(r"^(?:Provisionally use|Use) .+? for (.+)$", title)
    return found.group(1).strip() if found else ""


def named_project(answers: Answers) -> str:
    """``meta.project``, or "" when the answers name none."""
    return meta_text(answers.meta, "project")
