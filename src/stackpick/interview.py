"""The interview behind ``stackpick ask``: the one module that imports questionary.

The questions are built as plain data from the pack by a pure function
(:func:`build_prompts`); :func:`ask` is the one function that puts a prompt to the
terminal; :func:`run_interview` walks the prompts (skipping conditional ones whose
condition fails), then runs the review step. An interrupt (Ctrl-C or Ctrl-D) at any
prompt leaves as :class:`InterviewInterrupted`, carrying the answers given so far.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from stackpick import signals
from stackpick.answers import Answer, answer_text, check_value, holds
from stackpick.errors import INTERNAL_ERROR, INTERRUPTED, IO_ERROR, interrupt_code, printable
from stackpick.models import UNKNOWN, Condition, Pack, Question
from stackpick.yamlfile import DECIMAL, MAX_SCALAR_CHARS

WIDTH = 78  # fits an 80-column terminal with a column to spare
HELP_LINES = 4
REVIEW = "review"
ACCEPT = "accept"
INDENT = "  "
NOT_SURE = "Not sure yet"  # the choice that answers `unknown`; typed prompts take "?"
_NOT_SURE_TYPED = ("?", UNKNOWN)


@dataclass(frozen=True)
class Prompt:
    """One prompt as data: what to ask, how, and when."""

    id: str
    message: str
    help: str
    type: str  # integer, boolean, choice, multi
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    default: Answer = None
    progress: str = ""
    when: Condition | None = None
    question: Question | None = None
    unsure: bool = True  # offers "not sure" ("?", or a "Not sure yet" row): an unknown answer
    # a question the file revisited left to the default: its default taken again leaves it
    # open (see left_open), so a room pressing Enter through a revisit answers nothing new
    stays_open: bool = False
    earlier: bool = False  # the default is an earlier answer (a file resumed or revisited)

    @property
    def hint(self) -> str:
        """The keys to press, and what Enter keeps."""
        return _hint(self)

    def label(self, value: Answer) -> str:
        """An answer as a person reads it."""
        if value == UNKNOWN:  # the interview's own word for it
            return "not sure"
        return answer_text(value, dict(self.choices))


class InterviewInterrupted(Exception):
    """Ctrl-C or Ctrl-D at a prompt; ``answers`` holds what was answered before it.

    Also SIGTERM, SIGHUP (the terminal closed) and a terminal that can no longer be
    read or written; ``exit_code`` says which (130, 128+N, 74).
    """

    def __init__(self, answers: Mapping[str, Answer], exit_code: int = INTERRUPTED) -> None:
        super().__init__("interview interrupted")
        self.answers = dict(answers)
        self.exit_code = exit_code


class InterviewFailed(InterviewInterrupted):
    """A bug of ours ended the interview: ``answers`` holds what was typed; the cause is the bug."""

    def __init__(self, answers: Mapping[str, Answer]) -> None:
        super().__init__(answers, INTERNAL_ERROR)


Ask = Callable[[Prompt], Answer]
Echo = Callable[[str], None]


def build_prompts(
    pack: Pack, earlier: Mapping[str, Answer] | None = None, *, revisit: bool = False
) -> tuple[Prompt, ...]:
    """The pack's questions as prompts, in order; ``earlier`` answers become the defaults.

    Their progress marks are set as they are asked (:func:`numbered`), since which
    follow-up questions are asked depends on the answers. With ``revisit`` (a finished
    file put again), a question it left to the default stays open unless answered anew.
    """
    earlier = earlier or {}
    return tuple(
        replace(_prompt(q, earlier.get(q.id)), stays_open=revisit and q.id not in earlier)
        for q in pack.questions
    )


def left_open(prompts: Iterable[Prompt], answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """``answers`` without the questions that stay open.

    Those are the questions a revisited file left to the default, answered with that
    default again (Enter, or the default picked).
    """
    still = {p.id for p in prompts if p.stays_open and answers.get(p.id, ...) == p.default}
    return {k: v for k, v in answers.items() if k not in still}


def numbered(prompts: tuple[Prompt, ...], prompt: Prompt, answers: Mapping[str, Answer]) -> Prompt:
    """``prompt`` marked with its place in the interview, as in 3/17.

    The total counts the prompts that would be put if every question not yet answered
    kept its default; an answer that opens or closes a follow-up changes it from then on,
    so the numbers never skip.
    """
    expected: dict[str, Answer] = {}
    put: list[str] = []
    for p in prompts:
        if p.id == prompt.id or applies(p, expected):
            put.append(p.id)
            expected[p.id] = standing(p, answers.get(p.id, p.default))
    return replace(prompt, progress=f"{put.index(prompt.id) + 1}/{len(put)}")


def _prompt(question: Question, earlier: Answer) -> Prompt:
    default: Answer = earlier if earlier is not None else _pack_default(question)
    # Pack text reaches the terminal: control characters are shown, never obeyed.
    return Prompt(
        id=question.id,
        message=printable(question.prompt),
        help=printable(question.help),
        type=question.type,
        choices=tuple((c.value, printable(c.label)) for c in question.choices),
        default=default,
        when=question.when,
        question=question,
        earlier=earlier is not None,
    )


def _pack_default(question: Question) -> Answer:
    return question.held(question.default)  # type: ignore[no-any-return]


def review_prompt(prompts: Iterable[Prompt], answers: Mapping[str, Answer]) -> Prompt:
    """The review step as a prompt: accept (the default), or pick an answer to change."""
    rows = [(p.id, _review_row(p, answers[p.id])) for p in prompts if p.id in answers]
    return Prompt(
        id=REVIEW,
        message="Review: Enter accepts, or pick an answer to change",
        help="",
        type="choice",
        choices=((ACCEPT, "Accept these answers"), *rows),
        default=ACCEPT,
        progress="?",
        unsure=False,  # a step of the interview, not a question: nothing to be unsure of
    )


def _review_row(prompt: Prompt, value: Answer) -> str:
    return _clip(f"{prompt.id:<24} {prompt.label(value)}", WIDTH - 4)


def record(prompt: Prompt, value: Answer) -> str:
    """The one line left on screen for an answered prompt."""
    shown = prompt.label(value)
    head = _clip(f"{prompt.progress} {prompt.message}", max(WIDTH - len(shown) - 1, 20))
    return f"{head} {shown}"


def _open_hint(prompt: Prompt) -> str:
    """The hint of a question a revisited file left to the default: taking it keeps it open."""
    if prompt.type == "multi":
        return "(↑↓ move, Space ticks, Enter confirms; the default ticks leave it open)"
    if prompt.type == "choice":
        return "(↑↓ move, Enter picks; the default, where the cursor starts, leaves it open)"
    keys = "y/n, ? if not sure" if prompt.type == "boolean" else "? if not sure"
    return f"({keys}; the default, {prompt.label(prompt.default)}, leaves it open)"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _hint(prompt: Prompt) -> str:
    keeps = ""
    if prompt.default is not None:  # an earlier answer is kept; a first default is taken
        shown = prompt.label(prompt.default)
        keeps = f"Enter keeps {shown}" if prompt.earlier else f"Enter takes the default, {shown}"
    if prompt.stays_open:
        return _open_hint(prompt)
    if prompt.type == "integer":
        low, high = (prompt.question.min, prompt.question.max) if prompt.question else (None, None)
        bounds = "a whole number"
        if low is not None:
            bounds = f"{low}-{high}" if high is not None else f"{low} or more"
        elif high is not None:
            bounds = f"at most {high}"
        return f"({'; '.join(filter(None, [bounds, '? if not sure', keeps]))})"
    if prompt.type == "boolean":
        unsure = ", ? if not sure" if prompt.unsure else ""
        return f"(y/n{unsure}; {keeps or 'Enter means no'})"
    if prompt.type == "multi":
        return "(↑↓ move, Space ticks, Enter confirms; none ticked is fine)"
    return "(↑↓ move, Enter picks)"


def instruction(prompt: Prompt) -> str:
    """The lines under the question: its help (wrapped, at most a few lines), then the keys."""
    lines = textwrap.wrap(" ".join(prompt.help.split()), WIDTH - len(INDENT))
    if len(lines) > HELP_LINES:
        lines = [*lines[: HELP_LINES - 1], _clip(" ".join(lines[HELP_LINES - 1 :]), WIDTH - 2)]
    lines.append(prompt.hint)
    # Typed input goes on a line of its own; a yes/no answer shows after the hint, a
    # space apart; the other prompts list their choices below.
    tail = {"integer": "\n" + INDENT, "boolean": " "}.get(prompt.type, "")
    return "\n" + "\n".join(INDENT + line for line in lines) + tail


def message(prompt: Prompt) -> str:
    """The question itself, wrapped after its progress mark."""
    lead = len(prompt.progress) + 1
    lines = textwrap.wrap(prompt.message, WIDTH - lead - 1) or [""]
    return ("\n" + " " * lead).join(lines)


def typed_integer(prompt: Prompt, text: str) -> object:
    """What was typed at an integer prompt.

    An int; the default for nothing; ``unknown`` for "?"; else the text, to be refused.
    An int is written as in answers files: plain decimal digits with an optional sign,
    no longer than a number a file may hold (no 0x10, 1_000 or 010).
    """
    text = text.strip()
    if not text:
        return prompt.default
    if text.lower() in _NOT_SURE_TYPED:
        return UNKNOWN
    return int(text) if len(text) <= MAX_SCALAR_CHARS and DECIMAL.fullmatch(text) else text


def integer_problem(prompt: Prompt, text: str) -> str | None:
    """Why ``text`` is not an answer to an integer prompt (the same check as answers files).

    Short: prompt_toolkit shows it on one line, cut at the terminal's width.
    """
    value = typed_integer(prompt, text)
    if value is None or prompt.question is None:
        return "type a whole number"
    if check_value(prompt.question, value) is None:
        return None
    wanted = f"type a whole number, {_bounds(prompt.question)}"
    if not isinstance(value, int):
        return f"{wanted}, in plain decimal digits"
    shown = str(value) if len(str(value)) <= 12 else "that number"
    return f"{shown} is out of range; {wanted}"


def _bounds(question: Question) -> str:
    low, high = question.min, question.max
    if low is not None and high is not None:
        return f"{low} to {high}"
    if low is not None:
        return f"{low} or more"
    return f"at most {high}" if high is not None else "any size"


_YES, _NO = ("y", "yes"), ("n", "no")


def typed_boolean(prompt: Prompt, text: str) -> object:
    """What was typed at a yes/no prompt.

    True or False; ``unknown`` for "?"; the default (or no) for nothing; anything else
    comes back as the text, to be refused.
    """
    word = text.strip().lower()
    if not word:  # Enter keeps the default: yes, no, or an earlier "not sure"
        if isinstance(prompt.default, bool) or (prompt.unsure and prompt.default == UNKNOWN):
            return prompt.default
        return False
    if word in _YES or word in _NO:
        return word in _YES
    return UNKNOWN if prompt.unsure and word in _NOT_SURE_TYPED else text


def boolean_problem(prompt: Prompt, text: str) -> str | None:
    """Why ``text`` is not an answer to a yes/no prompt: only y, n, yes, no, ? and Enter are.

    A prompt that takes no "not sure" (``unsure=False``) refuses ``?`` too.
    """
    typed = typed_boolean(prompt, text)
    if isinstance(typed, bool) or (prompt.unsure and typed == UNKNOWN):
        return None
    if not prompt.unsure:
        return "answer y or n (yes or no), or press Enter for the default"
    return "answer y or n (yes or no), ? if not sure, or press Enter for the default"


def multi_problem(picked: Sequence[str]) -> str | None:
    """Why a multi-choice prompt's ticks are no answer: "not sure" ticked beside a choice.

    Unsure and sure at once has no single meaning, so it is refused, not read as either.
    """
    if UNKNOWN in picked and len(picked) > 1:
        return f"'{NOT_SURE}' stands alone: untick it, or untick the others"
    return None


def standing(prompt: Prompt, value: Answer) -> Answer:
    """The answer as scoring reads it: ``unknown`` is replaced by the pack's default.

    The pack's, not the prompt's: a prompt revisiting an earlier ``unknown`` offers
    ``unknown`` again as what Enter keeps.
    """
    if value != UNKNOWN:
        return value
    if prompt.question is not None:
        return _pack_default(prompt.question)
    return None if prompt.default == UNKNOWN else prompt.default


def applies(prompt: Prompt, earlier: Mapping[str, Answer]) -> bool:
    """Whether ``prompt`` is asked, given the answers to the prompts before it."""
    return prompt.when is None or holds(prompt.when, earlier)


def run_interview(
    prompts: tuple[Prompt, ...],
    ask: Ask,
    echo: Echo = print,
    given: Mapping[str, Answer] | None = None,
) -> dict[str, Answer]:
    """Ask every prompt that applies, then review until accepted; returns the answers.

    Prompts already answered in ``given`` (a resumed interview) are not put again; the
    review lists them with the rest.
    """
    answers: dict[str, Answer] = dict(given or {})
    try:
        _fill(prompts, answers, ask, echo)
        _review(prompts, answers, ask, echo)
    except (KeyboardInterrupt, EOFError) as stop:
        signals.hold()  # the answers are saved next: a later signal must not stop that
        raise InterviewInterrupted(answers, interrupt_code(stop) or INTERRUPTED) from None
    except OSError as failure:  # the terminal went away (its hang-up may be on its way)
        signals.hold()
        raise InterviewInterrupted(answers, interrupt_code(failure) or IO_ERROR) from None
    except Exception as bug:  # a bug of ours: what was typed goes with it, to be kept
        signals.hold()
        raise InterviewFailed(answers) from bug
    return {p.id: answers[p.id] for p in prompts if p.id in answers}


def _fill(prompts: tuple[Prompt, ...], answers: dict[str, Answer], ask: Ask, echo: Echo) -> None:
    """Ask each prompt that applies and has no answer; drop answers that no longer apply."""
    so_far: dict[str, Answer] = {}
    for prompt in prompts:
        if not applies(prompt, so_far):
            answers.pop(prompt.id, None)
            continue
        if prompt.id not in answers:
            prompt = numbered(prompts, prompt, answers)
            answers[prompt.id] = ask(prompt)
            echo(record(prompt, answers[prompt.id]))
        # as scoring reads it: a follow-up of an unknown answer is asked as its default says
        so_far[prompt.id] = standing(prompt, answers[prompt.id])


def _review(prompts: tuple[Prompt, ...], answers: dict[str, Answer], ask: Ask, echo: Echo) -> None:
    """List every answer; re-ask the one picked (and any follow-up it opens) until accepted."""
    by_id = {p.id: p for p in prompts}
    while (picked := ask(review_prompt(prompts, answers))) != ACCEPT:
        prompt = numbered(
            prompts, replace(by_id[str(picked)], default=answers[str(picked)]), answers
        )
        answers[prompt.id] = ask(prompt)
        echo(record(prompt, answers[prompt.id]))
        _fill(prompts, answers, ask, echo)


def prepare() -> None:
    """Import the terminal toolkit now rather than at the first question (it takes ~130 ms)."""
    import questionary  # noqa: F401


def ask(prompt: Prompt) -> Answer:
    """Put one prompt to the terminal; the one function that calls questionary.

    ``unsafe_ask`` lets Ctrl-C raise KeyboardInterrupt instead of returning None, so
    an interrupt is never taken for an answer; Ctrl-D is bound to do the same.
    """
    question = _question(prompt)
    application = question.application
    application.erase_when_done = True  # the record line replaces the whole prompt
    if prompt.type in _TYPED:
        _refusal_under_input(application)
    application.key_bindings = _with_interrupts(application.key_bindings)
    # SIGTERM and SIGHUP end the prompt as Ctrl-C does, from inside its event loop.
    application.pre_run_callables.append(lambda: signals.route_to(application))
    try:
        return _answer(prompt, question.unsafe_ask())
    finally:
        signals.take_back()


_TYPED = ("integer", "boolean")  # typed in, and refused by a validator


def _refusal_under_input(application: Any) -> None:
    """Keep a refusal of what was typed on the line under the input, not at the screen's foot.

    Once the terminal reports the cursor's row, prompt_toolkit draws the prompt at least
    down to the bottom of the screen, and the input's window, free to grow, takes every
    spare row: the validation toolbar below it lands on the last row. Held to its own
    height, the input leaves the spare rows empty below the toolbar instead.
    """
    from prompt_toolkit.filters import to_filter

    application.layout.current_window.dont_extend_height = to_filter(True)


def ask_alone(prompt: Prompt) -> Answer:
    """Put one prompt outside an interview; an interrupt leaves as InterviewInterrupted."""
    try:
        return ask(prompt)
    except (KeyboardInterrupt, EOFError) as stop:
        raise InterviewInterrupted({}, interrupt_code(stop) or INTERRUPTED) from None
    except OSError as failure:  # the terminal went away
        raise InterviewInterrupted({}, interrupt_code(failure) or IO_ERROR) from None


def _question(prompt: Prompt) -> Any:
    import questionary

    common: dict[str, Any] = {
        "qmark": prompt.progress,
        "instruction": instruction(prompt),
        "style": _style(),
    }
    text = message(prompt)
    if prompt.type == "integer":

        def validate(typed: str) -> bool | str:
            return integer_problem(prompt, typed) or True

        return questionary.text(text, validate=validate, validate_while_typing=False, **common)
    if prompt.type == "boolean":
        # typed, not questionary.confirm: confirm takes any word with a "y" in it for yes
        def valid(typed: str) -> bool | str:
            return boolean_problem(prompt, typed) or True

        return questionary.text(text, validate=valid, validate_while_typing=False, **common)
    if prompt.type == "multi":
        ticked = prompt.default if isinstance(prompt.default, tuple) else ()
        choices = [questionary.Choice(t, v, checked=v in ticked) for v, t in prompt.choices]
        unsure = questionary.Choice(NOT_SURE, UNKNOWN, checked=prompt.default == UNKNOWN)

        def ticks(picked: list[str]) -> bool | str:
            return multi_problem(picked) or True

        return questionary.checkbox(text, [*choices, unsure], validate=ticks, **common)
    choices = [questionary.Choice(t, v) for v, t in prompt.choices]
    values = [v for v, _ in prompt.choices]
    if prompt.unsure:
        choices.append(questionary.Choice(NOT_SURE, UNKNOWN))
        values.append(UNKNOWN)
    default = prompt.default if prompt.default in values else None
    return questionary.select(text, choices, default=default, **common)


def _answer(prompt: Prompt, raw: Any) -> Answer:
    if prompt.type == "integer":
        value = typed_integer(prompt, str(raw))
        assert isinstance(value, int) or value == UNKNOWN  # the validator let nothing else by
        return value
    if prompt.type == "boolean":
        typed = typed_boolean(prompt, str(raw))
        assert isinstance(typed, bool) or typed == UNKNOWN
        return typed
    if prompt.type == "multi":
        return UNKNOWN if UNKNOWN in raw else tuple(raw)
    return str(raw)


def _with_interrupts(bindings: Any) -> Any:
    """The prompt's key bindings plus Ctrl-D as an interrupt (Ctrl-C already is one)."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    extra = KeyBindings()

    @extra.add("c-c", eager=True)
    @extra.add("c-d", eager=True)
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    return merge_key_bindings([bindings or KeyBindings(), extra])


def _style() -> Any:
    from prompt_toolkit.styles import Style

    return Style([("qmark", "bold"), ("instruction", "italic"), ("pointer", "bold")])
