"""The interview: questions as data, the flow with a scripted asker, real prompts fed keys."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from stackpick import interview
from stackpick.answers import Answer, check_answers
from stackpick.interview import ACCEPT, REVIEW, InterviewInterrupted, Prompt
from stackpick.models import Pack

ENTER, DOWN, SPACE, BACKSPACE, CTRL_C, CTRL_D = "\r", "\x1b[B", " ", "\x7f", "\x03", "\x04"
UP = "\x1b[A"


# --- questions as data (pure, no terminal) ---------------------------------------------------


def test_one_prompt_per_question_in_pack_order(pack: Pack) -> None:
    prompts = interview.build_prompts(pack)
    assert [p.id for p in prompts] == [q.id for q in pack.questions]


def test_prompt_carries_the_question_as_data(pack: Pack) -> None:
    by_id = {p.id: p for p in interview.build_prompts(pack)}
    size = by_id["team_size"]
    question = pack.question("team_size")
    assert (size.type, size.message, size.help) == ("integer", question.prompt, question.help)
    assert size.default == question.default
    language = by_id["team_language"]
    assert language.type == "choice"
    assert language.choices[0] == ("python", "Python")
    assert [v for v, _ in language.choices] == list(pack.question("team_language").choice_values)
    assert by_id["enterprise_integrations"].default == ()
    assert by_id["existing_stack"].when == pack.question("existing_stack").when
    assert by_id["team_size"].when is None


def test_every_shipped_question_has_a_default(pack: Pack) -> None:
    assert all(p.default is not None for p in interview.build_prompts(pack))


def test_earlier_answers_become_the_defaults(pack: Pack) -> None:
    earlier: dict[str, Answer] = {"team_size": 40, "enterprise_integrations": ("jms",)}
    by_id = {p.id: p for p in interview.build_prompts(pack, earlier)}
    assert by_id["team_size"].default == 40
    assert by_id["enterprise_integrations"].default == ("jms",)
    assert by_id["team_growth"].default == pack.question("team_growth").default


@pytest.mark.parametrize("revisit", [False, True])
def test_every_shipped_prompt_fits_80_columns_and_24_rows(pack: Pack, revisit: bool) -> None:
    prompts = interview.build_prompts(pack, revisit=revisit)
    widest = f"{len(prompts)}/{len(prompts)}"
    for prompt in (replace(p, progress=widest) for p in prompts):
        head = f"{prompt.progress} {interview.message(prompt)}"
        lines = [*head.split("\n"), *interview.instruction(prompt).split("\n")]
        assert max(len(line) for line in lines) <= 80, prompt.id
        assert len(lines) + len(prompt.choices) <= 22, prompt.id
        assert len(interview.record(prompt, prompt.default)) <= 80


def test_every_shipped_help_is_shown_whole(pack: Pack) -> None:
    # the help is cut only past HELP_LINES; no shipped question's help is that long
    for prompt in interview.build_prompts(pack):
        shown = "".join(interview.instruction(prompt).split())  # wrapped at spaces and hyphens
        assert "".join(prompt.help.split()) in shown, prompt.id


def test_pack_text_cannot_drive_the_terminal(pack: Pack) -> None:
    size = pack.question("team_size").model_copy(
        update={"prompt": "Size\x1b[2J?", "help": "Help\x07 here"}
    )
    (prompt,) = interview.build_prompts(pack.model_copy(update={"questions": (size,)}))
    assert "\x1b" not in prompt.message and "\\x1b" in prompt.message
    assert "\x07" not in interview.instruction(prompt)


@pytest.mark.parametrize(
    "typed", ["0x10", "0b101", "1_000", "010", "1e3", "x" * 200, "9" * 40, "-" + "9" * 39]
)
def test_integer_errors_fit_one_line_and_follow_the_file_rule(pack: Pack, typed: str) -> None:
    from stackpick.answers import parse_answers
    from stackpick.errors import StackpickError

    size = {p.id: p for p in interview.build_prompts(pack)}["team_size"]
    problem = interview.integer_problem(size, typed)
    assert problem is not None and len(problem) <= interview.WIDTH - 2  # never cut
    assert problem.endswith("1 to 100000") or problem.endswith("decimal digits")
    with pytest.raises(StackpickError):  # a file refuses it too: one rule
        parse_answers(pack, f"team_size: {typed}\n")


def test_the_interview_takes_what_a_file_takes(pack: Pack) -> None:
    from dataclasses import replace as copy

    from stackpick.models import Question

    size = {p.id: p for p in interview.build_prompts(pack)}["team_size"]
    assert size.question is not None
    unbounded = copy(
        size, question=Question.model_validate({**size.question.model_dump(), "max": None})
    )
    assert interview.integer_problem(unbounded, "9" * 40) is None  # no 18-digit cap of its own
    assert interview.typed_integer(unbounded, "+" + "9" * 39) == int("9" * 39)
    bounded = interview.integer_problem(size, "100001")
    assert bounded == "100001 is out of range; type a whole number, 1 to 100000"


def test_hints_say_the_keys_and_what_enter_keeps(pack: Pack) -> None:
    by_id = {p.id: p for p in interview.build_prompts(pack)}
    assert by_id["team_size"].hint == "(1-100000; ? if not sure; Enter takes the default, 8)"
    assert by_id["greenfield"].hint == "(y/n, ? if not sure; Enter takes the default, yes)"
    # found by a newcomer: "Enter keeps 8" on a first interview, where nothing is kept
    again = {p.id: p for p in interview.build_prompts(pack, {"team_size": 12})}
    assert again["team_size"].hint == "(1-100000; ? if not sure; Enter keeps 12)"
    assert "Space" in by_id["enterprise_integrations"].hint
    assert "Enter picks" in by_id["team_language"].hint


def test_integer_input_is_checked_like_an_answers_file(pack: Pack) -> None:
    size = {p.id: p for p in interview.build_prompts(pack)}["team_size"]
    assert interview.integer_problem(size, "12") is None
    assert interview.integer_problem(size, " 12 ") is None
    assert interview.integer_problem(size, "") is None  # Enter keeps the default
    assert interview.integer_problem(size, "0") == (
        "0 is out of range; type a whole number, 1 to 100000"
    )
    assert interview.integer_problem(size, "ten") == (
        "type a whole number, 1 to 100000, in plain decimal digits"
    )
    assert interview.integer_problem(size, "9" * 41) is not None  # no huge int() parse
    no_default = replace(size, default=None)
    assert interview.integer_problem(no_default, "") == "type a whole number"
    assert interview.typed_integer(size, "") == 8
    assert interview.typed_integer(size, "+7") == 7


def test_review_prompt_lists_every_answer_with_accept_first(pack: Pack) -> None:
    prompts = interview.build_prompts(pack)
    answers: dict[str, Answer] = {"team_size": 3, "enterprise_integrations": ("jms", "soap")}
    review = interview.review_prompt(prompts, answers)
    assert review.id == REVIEW
    assert review.default == ACCEPT
    assert review.choices[0][0] == ACCEPT
    rows = dict(review.choices[1:])
    assert list(rows) == ["team_size", "enterprise_integrations"]
    assert rows["enterprise_integrations"].endswith("JMS messaging, SOAP web services")
    assert all(len(label) <= 76 for _, label in review.choices)


# --- the flow, with a scripted asker --------------------------------------------------------


def scripted(replies: Mapping[str, list[object]]) -> tuple[Callable[[Prompt], Answer], list[str]]:
    """An asker answering from ``replies`` (by prompt id), else the default; logs what it asked."""
    asked: list[str] = []
    queues = {k: list(v) for k, v in replies.items()}

    def ask(prompt: Prompt) -> Answer:
        asked.append(prompt.id)
        queue = queues.get(prompt.id)
        return queue.pop(0) if queue else prompt.default  # type: ignore[return-value]

    return ask, asked


def test_enter_through_asks_only_what_applies(pack: Pack) -> None:
    prompts = interview.build_prompts(pack)
    ask, asked = scripted({})
    lines: list[str] = []
    answers = interview.run_interview(prompts, ask, lines.append)
    assert "existing_stack" not in asked  # greenfield defaults to true
    assert "native_image_ok" not in asked  # cold start defaults to false
    assert asked[-1] == REVIEW
    assert set(answers) == set(asked) - {REVIEW}
    assert len(lines) == len(answers)
    assert check_answers(pack, answers).defaulted == ()


def numbering(replies: Mapping[str, list[object]], pack: Pack) -> list[tuple[str, str]]:
    """(prompt id, progress mark) of every prompt put, in order."""
    marks: list[tuple[str, str]] = []
    ask, _ = scripted(replies)

    def marking(prompt: Prompt) -> Answer:
        marks.append((prompt.id, prompt.progress))
        return ask(prompt)

    interview.run_interview(interview.build_prompts(pack), marking, lambda _: None)
    return [m for m in marks if m[0] != REVIEW]


def test_questions_are_numbered_without_gaps_among_those_put(pack: Pack) -> None:
    marks = numbering({}, pack)
    total = len(marks)
    assert total < len(pack.questions)  # the follow-ups the defaults leave out
    assert [m for _, m in marks] == [f"{n}/{total}" for n in range(1, total + 1)]


def test_a_follow_up_opened_by_an_answer_adds_to_the_total(pack: Pack) -> None:
    plain = dict(numbering({}, pack))
    marks = dict(numbering({"greenfield": [False]}, pack))
    assert marks["greenfield"] == plain["greenfield"]  # counted before the answer opens it
    before, total = map(int, plain["greenfield"].split("/"))
    assert marks["existing_stack"] == f"{before + 1}/{total + 1}"
    assert list(marks.values())[-1] == f"{len(marks)}/{len(marks)}"


def test_an_answer_changed_in_review_keeps_its_place(pack: Pack) -> None:
    marks = numbering({REVIEW: ["team_size", ACCEPT]}, pack)
    first, again = [m for i, m in marks if i == "team_size"]
    assert first == again == f"1/{len(marks) - 1}"


def test_conditional_question_is_asked_when_its_condition_holds(pack: Pack) -> None:
    prompts = interview.build_prompts(pack)
    ask, asked = scripted({"greenfield": [False], "existing_stack": ["jvm"]})
    answers = interview.run_interview(prompts, ask, lambda _: None)
    assert asked.index("existing_stack") == asked.index("greenfield") + 1
    assert answers["existing_stack"] == "jvm"


def test_changing_an_answer_in_review_opens_and_closes_follow_ups(pack: Pack) -> None:
    prompts = interview.build_prompts(pack)
    replies: dict[str, list[object]] = {
        REVIEW: ["cold_start_critical", "greenfield", ACCEPT],
        "cold_start_critical": [False, True],
        "native_image_ok": [True],
        "greenfield": [False, True],
        "existing_stack": ["python"],
    }
    ask, asked = scripted(replies)
    answers = interview.run_interview(prompts, ask, lambda _: None)
    assert answers["cold_start_critical"] is True
    assert answers["native_image_ok"] is True  # opened by the change, then asked
    assert "existing_stack" not in answers  # asked first, then closed by the change
    assert asked.count(REVIEW) == 3
    assert list(answers) == [p.id for p in prompts if p.id in answers]  # pack order


def test_interrupt_carries_the_answers_so_far(pack: Pack) -> None:
    prompts = interview.build_prompts(pack)

    def ask(prompt: Prompt) -> Answer:
        if prompt.id == "jvm_estate":
            raise KeyboardInterrupt
        return prompt.default

    with pytest.raises(InterviewInterrupted) as caught:
        interview.run_interview(prompts, ask, lambda _: None)
    assert list(caught.value.answers) == [
        "team_size",
        "team_growth",
        "team_language",
        "team_experience",
    ]


# --- real questionary prompts, keys sent through a pipe --------------------------------------


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with (
        create_pipe_input() as pipe_input,
        create_app_session(input=pipe_input, output=DummyOutput()),
    ):
        yield pipe_input


def keyed(pipe: PipeInput, keys: Mapping[str, list[str]]) -> Callable[[Prompt], Answer]:
    """The real asker, with each prompt's keys sent just before it is drawn (Enter if none)."""
    queues = {k: list(v) for k, v in keys.items()}

    def ask(prompt: Prompt) -> Answer:
        queue = queues.get(prompt.id)
        pipe.send_text(queue.pop(0) if queue else ENTER)
        return interview.ask(prompt)

    return ask


def one(pack: Pack, question_id: str, **changes: object) -> Prompt:
    prompt = {p.id: p for p in interview.build_prompts(pack)}[question_id]
    return replace(prompt, **changes)  # type: ignore[arg-type]


def test_integer_prompt_refuses_a_bad_value_then_takes_a_good_one(
    pack: Pack, pipe: PipeInput
) -> None:
    pipe.send_text("0" + ENTER + BACKSPACE + "15" + ENTER)
    assert interview.ask(one(pack, "team_size")) == 15


def test_integer_prompt_enter_keeps_the_default(pack: Pack, pipe: PipeInput) -> None:
    pipe.send_text(ENTER)
    assert interview.ask(one(pack, "team_size", default=23)) == 23


def test_yes_no_prompt(pack: Pack, pipe: PipeInput) -> None:
    pipe.send_text("y" + ENTER)  # a key, then Enter: a key alone answers nothing yet
    assert interview.ask(one(pack, "ml_integration")) is True
    pipe.send_text("n" + ENTER)
    assert interview.ask(one(pack, "greenfield")) is False
    pipe.send_text(ENTER)
    assert interview.ask(one(pack, "greenfield")) is True  # the default


def test_select_prompt_starts_on_the_default(pack: Pack, pipe: PipeInput) -> None:
    pipe.send_text(ENTER)
    assert interview.ask(one(pack, "team_language", default="java")) == "java"
    pipe.send_text(DOWN + ENTER)
    assert interview.ask(one(pack, "team_language", default="python")) == "java"


def test_checkbox_prompt_ticks_and_keeps_ticks(pack: Pack, pipe: PipeInput) -> None:
    pipe.send_text(SPACE + DOWN + DOWN + SPACE + ENTER)
    assert interview.ask(one(pack, "enterprise_integrations")) == ("jms", "soap")
    pipe.send_text(ENTER)
    prompt = one(pack, "enterprise_integrations", default=("soap", "bpm"))
    assert interview.ask(prompt) == ("soap", "bpm")
    pipe.send_text(ENTER)
    assert interview.ask(one(pack, "enterprise_integrations")) == ()


def test_enter_keeps_an_earlier_not_sure_on_every_prompt_type(pack: Pack, pipe: PipeInput) -> None:
    for question_id in ("team_size", "greenfield", "team_language", "enterprise_integrations"):
        pipe.send_text(ENTER)
        assert interview.ask(one(pack, question_id, default="unknown")) == "unknown", question_id


def test_checkbox_refuses_not_sure_beside_a_ticked_choice(pack: Pack, pipe: PipeInput) -> None:
    # JMS and "Not sure yet" (the last row) ticked: refused in place, then JMS alone
    last = DOWN * 5
    pipe.send_text(SPACE + last + SPACE + ENTER + SPACE + ENTER)
    assert interview.ask(one(pack, "enterprise_integrations")) == ("jms",)
    assert interview.multi_problem(["jms", "unknown"]) == (
        "'Not sure yet' stands alone: untick it, or untick the others"
    )
    assert interview.multi_problem(["unknown"]) is None


def test_a_follow_up_of_an_earlier_not_sure_is_asked_as_the_pack_default_says(
    pack: Pack,
) -> None:
    # workload_profile defaults to io_bound, which opens slow_downstream
    prompts = interview.build_prompts(pack, {"workload_profile": "unknown"})
    ask, asked = scripted({})
    answers = interview.run_interview(prompts, ask, lambda line: None)
    assert answers["workload_profile"] == "unknown" and "slow_downstream" in asked
    assert "cpu_work" not in asked  # opened by cpu_bound or mixed only


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D])
@pytest.mark.parametrize(
    "question_id", ["team_size", "greenfield", "team_language", "enterprise_integrations"]
)
def test_ctrl_c_and_ctrl_d_interrupt_every_prompt_type(
    pack: Pack, pipe: PipeInput, key: str, question_id: str
) -> None:
    pipe.send_text(key)
    with pytest.raises(KeyboardInterrupt):
        interview.ask(one(pack, question_id))


def test_whole_interview_through_the_keyboard(pack: Pack, pipe: PipeInput) -> None:
    keys = {
        "team_size": ["x" + ENTER + BACKSPACE + "4" + ENTER],
        "team_language": [DOWN * 2 + ENTER],  # neither -> not sure -> python (wraps around)
        "greenfield": ["n" + ENTER],  # opens existing_stack
        "existing_stack": [DOWN * 3 + ENTER],  # other -> not sure -> python -> jvm
        "cold_start_critical": ["n" + ENTER, "y" + ENTER],
        "native_image_ok": ["y" + ENTER],
        "enterprise_integrations": [DOWN + SPACE + ENTER],
        # review: change cold_start_critical (row 11 with existing_stack asked), then accept
        REVIEW: [DOWN * 11 + ENTER, ENTER],
    }
    prompts = interview.build_prompts(pack)
    lines: list[str] = []
    answers = interview.run_interview(prompts, keyed(pipe, keys), lines.append)
    assert answers["team_size"] == 4
    assert answers["team_language"] == "python"
    assert answers["greenfield"] is False
    assert answers["existing_stack"] == "jvm"
    assert answers["cold_start_critical"] is True
    assert answers["native_image_ok"] is True
    assert answers["enterprise_integrations"] == ("jca",)
    assert "slow_downstream" in answers  # io_bound default: asked
    assert re.match(r"1/1[0-9] How many engineers", lines[0]) and lines[0].endswith(" 4")
    assert check_answers(pack, answers).values["native_image_ok"] is True


def test_the_review_offers_no_not_sure_row(pack: Pack, pipe: PipeInput) -> None:
    # Up from "Accept" wraps to the last row: an answer to change, never "Not sure yet"
    # (picking that row once ended the interview with an internal error).
    prompts = interview.build_prompts(pack)
    asked: list[str] = []
    real = keyed(pipe, {REVIEW: [UP + ENTER, ENTER]})

    def ask(prompt: Prompt) -> Answer:
        asked.append(prompt.id)
        return real(prompt)

    answers = interview.run_interview(prompts, ask, lambda _: None)
    last = asked[asked.index(REVIEW) - 1]
    assert asked[asked.index(REVIEW) + 1] == last  # the last answer was put again
    assert answers[last] == next(p.default for p in prompts if p.id == last)


def test_another_pack_gets_the_same_interview(pipe: PipeInput) -> None:
    from stackpick import load_pack

    three = load_pack(Path(__file__).parent / "data" / "three-options")
    prompts = interview.build_prompts(three)
    by_id = {p.id: p for p in prompts}
    assert by_id["team_size"].hint == "(1 or more; ? if not sure; Enter takes the default, 4)"
    assert by_id["language"].default is None  # no default: the list starts on the first
    keys = {"team_size": ["0" + ENTER + BACKSPACE + "7" + ENTER]}
    answers = interview.run_interview(prompts, keyed(pipe, keys), lambda _: None)
    assert answers["language"] == three.question("language").choice_values[0]
    assert answers["team_size"] == 7
    assert check_answers(three, answers).defaulted == ()


def test_ctrl_c_midway_through_the_keyboard(pack: Pack, pipe: PipeInput) -> None:
    keys = {"team_size": ["12" + ENTER], "team_growth": ["y" + ENTER], "team_language": [CTRL_C]}
    with pytest.raises(InterviewInterrupted) as caught:
        interview.run_interview(interview.build_prompts(pack), keyed(pipe, keys), lambda _: None)
    assert caught.value.answers == {"team_size": 12, "team_growth": True}


def test_interview_module_is_the_only_one_importing_questionary() -> None:
    src = Path(interview.__file__).parent
    importers = [
        p.relative_to(src).as_posix()
        for p in src.rglob("*.py")
        if "import questionary" in p.read_text() or "from questionary" in p.read_text()
    ]
    assert importers == ["interview.py"]
    users = [
        p.relative_to(src).as_posix()
        for p in src.rglob("*.py")
        if "import interview" in p.read_text() or "stackpick.interview" in p.read_text()
    ]
    assert users == ["commands/ask.py"]


# --- the `ask` command (in-process, terminal check and asker patched) ------------------------


@pytest.fixture
def room(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., list[str]]:
    """Pretend there is a terminal; ``room(replies)`` sets who answers; returns the ids asked."""
    from stackpick.commands import ask as ask_command

    monkeypatch.setattr(ask_command, "terminal", lambda: sys.stdout)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")

    def set_replies(
        replies: Mapping[str, list[object]] | None = None, stop_at: str | None = None
    ) -> list[str]:
        scripted_ask, asked = scripted(replies or {})

        def ask(prompt: Prompt) -> Answer:
            if prompt.id == stop_at:
                raise KeyboardInterrupt
            return scripted_ask(prompt)

        monkeypatch.setattr(interview, "ask", ask)
        return asked

    return set_replies


def stackpick(*args: str) -> int:
    from stackpick.cli import run

    return run(list(args))


def test_ask_saves_answers_that_score_exactly_as_shown(
    room: Callable[..., list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli: Callable[..., object],
) -> None:
    room({"team_size": [40], "greenfield": [False], "existing_stack": ["jvm"]})
    (tmp_path / "answers.yaml").write_text("old: file\n")
    assert stackpick("ask", "--save", "answers.yaml") == 0
    shown = capsys.readouterr()
    assert "answers saved to answers.yaml" in shown.err
    assert (tmp_path / "answers.yaml.bak").read_text() == "old: file\n"
    saved = (tmp_path / "answers.yaml").read_text()
    assert saved.startswith("# Answers from `stackpick ask`.")
    assert "  team_size: 40\n" in saved and "  existing_stack: jvm\n" in saved
    assert "  complete: true\n" in saved and "  pack: stackpick-default\n" in saved
    again = cli("score", "--answers", str(tmp_path / "answers.yaml"))
    assert again.code == 0  # type: ignore[attr-defined]
    records, view = shown.out.split("Recommendation: ")
    assert again.out == "Recommendation: " + view  # type: ignore[attr-defined]
    assert re.match(r"1/1[0-9] How many engineers will build and run this service\? 40\n", records)


def test_ask_json_format_matches_score(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    room({"ml_integration": [True]})
    assert stackpick("ask", "--save", "a.yaml", "--format", "json") == 0
    out = capsys.readouterr().out
    shown = json.loads(out[out.index("{") :])  # after the answered prompts' lines
    assert stackpick("score", "--answers", "a.yaml", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == shown
    assert shown["defaulted"] == []


def test_interrupt_midway_keeps_a_partial_file_and_exits_130(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str], pack: Pack
) -> None:
    from stackpick.answers import read_answers
    from stackpick.yamlfile import load_file

    room({"team_size": [3], "team_growth": [True]}, stop_at="team_language")
    assert stackpick("ask") == 130
    err = capsys.readouterr().err
    partial = tmp_path / "stackpick-answers.partial.yaml"
    assert "2 answers kept; resume: stackpick ask --answers stackpick-answers.partial.yaml" in err
    assert "stackpick ask --answers stackpick-answers.partial.yaml" in err
    assert "Traceback" not in err
    data = load_file(str(partial)).data
    assert data["answers"] == {"team_size": 3, "team_growth": True}
    assert data["meta"]["complete"] is False
    # `score` takes it: the unanswered questions take their defaults, and say so.
    kept = read_answers(pack, str(partial))
    assert kept.values["team_size"] == 3
    assert "team_language" in kept.defaulted


def test_interrupt_in_the_review_keeps_every_answer_but_not_as_accepted(
    room: Callable[..., list[str]], tmp_path: Path
) -> None:
    from stackpick.yamlfile import load_file

    room({"team_size": [21]}, stop_at=REVIEW)
    assert stackpick("ask", "--save", "a.yaml") == 130
    data = load_file(str(tmp_path / "a.yaml")).data
    assert data["answers"]["team_size"] == 21
    assert "stateful_service" in data["answers"]
    assert data["meta"]["complete"] is False


def test_interrupt_with_save_writes_there_and_resume_keeps_everything(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stackpick.yamlfile import load_file

    room({"team_size": [3], "jvm_estate": ["primary"]}, stop_at="greenfield")
    assert stackpick("ask", "--save", "mine.yaml") == 130
    assert not (tmp_path / "stackpick-answers.partial.yaml").exists()
    first = load_file(str(tmp_path / "mine.yaml")).data["answers"]
    assert first["jvm_estate"] == "primary"
    # Resume: only the questions left are put; a second interrupt loses none of either run.
    asked = room({}, stop_at="workload_profile")
    assert stackpick("ask", "--answers", "mine.yaml") == 130
    assert asked == ["greenfield"]  # the first question left; workload_profile stopped it
    second = load_file(str(tmp_path / "mine.yaml")).data["answers"]
    assert second == {**first, "greenfield": True}
    assert (tmp_path / "mine.yaml.bak").exists()
    # Resume to the end: Enter through, every earlier answer stands.
    room({})
    capsys.readouterr()
    assert stackpick("ask", "--answers", "mine.yaml", "--save", "done.yaml") == 0
    done = load_file(str(tmp_path / "done.yaml")).data
    assert done["answers"]["jvm_estate"] == "primary" and done["answers"]["team_size"] == 3
    assert done["meta"]["complete"] is True


def test_an_interrupted_save_never_replaces_a_finished_answers_file(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by a newcomer: Ctrl-C in `ask --save fin.yaml` replaced a finished fin.yaml with
    a one-answer partial, and a second Ctrl-C pushed the first partial over its .bak."""
    from stackpick.yamlfile import load_file

    finished = (Path(__file__).parent.parent / "examples" / "jvm-enterprise.yaml").read_text()
    (tmp_path / "fin.yaml").write_text(finished)
    for size in (3, 4):  # twice: the partial beside it is replaced, the finished file never
        room({"team_size": [size]}, stop_at="greenfield")
        assert stackpick("ask", "--save", "fin.yaml") == 130
        err = capsys.readouterr().err
        assert (tmp_path / "fin.yaml").read_text() == finished
        assert not (tmp_path / "fin.yaml.bak").exists()
        kept = load_file(str(tmp_path / "fin.partial.yaml")).data
        assert kept["answers"]["team_size"] == size and kept["meta"]["complete"] is False
        assert "fin.yaml holds finished answers and stays as it was" in err
    hint = err.strip().splitlines()[-1]
    assert hint.endswith("resume: stackpick ask --answers fin.partial.yaml --save fin.yaml")
    asked = room({})
    assert stackpick(*hint.split("resume: stackpick ")[1].split()) == 0
    assert asked[0] == "greenfield"  # the interview goes on where it stopped
    done = load_file(str(tmp_path / "fin.yaml")).data
    assert done["answers"]["team_size"] == 4 and done["meta"]["complete"] is True
    assert (tmp_path / "fin.yaml.bak").read_text() == finished  # the earlier answers kept
    assert not (tmp_path / "fin.partial.yaml").exists()  # finished: no longer offered


def test_a_finished_file_named_like_a_partial_is_revisited_not_retired(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in review: any *.partial.yaml given to --answers was renamed over its .bak."""
    finished = (Path(__file__).parent.parent / "examples" / "jvm-enterprise.yaml").read_text()
    (tmp_path / "team.partial.yaml").write_text(finished)
    (tmp_path / "team.partial.yaml.bak").write_text("precious\n")
    room({})
    assert stackpick("ask", "--answers", "team.partial.yaml") == 0
    assert (tmp_path / "team.partial.yaml").read_text() == finished
    assert (tmp_path / "team.partial.yaml.bak").read_text() == "precious\n"


def test_an_interrupted_save_to_a_pipe_writes_through_it(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in review: the part went to fifo.partial.yaml, 'fifo holds finished answers'."""
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    room({"team_size": [3]}, stop_at="greenfield")
    assert stackpick("ask", "--save", str(fifo)) == 130
    reader.join(10)
    assert "team_size: 3" in got[0] and not (tmp_path / "fifo.partial.yaml").exists()
    assert "holds finished answers" not in capsys.readouterr().err


def test_resuming_the_partial_file_as_the_hint_says_keeps_the_finished_answers_apart(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stackpick.yamlfile import load_file

    room({"team_size": [3]}, stop_at="greenfield")
    assert stackpick("ask") == 130
    said = capsys.readouterr().err.strip().splitlines()
    assert said[0] == "interview stopped before the end"  # found by a newcomer: never said
    hint = said[-1]
    assert hint.endswith("resume: stackpick ask --answers stackpick-answers.partial.yaml")
    asked = room({})
    assert stackpick(*hint.split("resume: stackpick ")[1].split()) == 0
    assert asked[0] == "greenfield"  # where it stopped: nothing answered is put again
    shown = capsys.readouterr()
    assert "Resuming stackpick-answers.partial.yaml: kept 5 answers" in shown.out
    # as the offer resumes it: the finished answers go where a finished interview's go,
    # never back into the file the next interrupted `ask` here writes
    assert "answers saved to stackpick-answers.yaml\n" in shown.err
    done = load_file(str(tmp_path / "stackpick-answers.yaml")).data
    assert done["meta"]["complete"] is True and done["answers"]["team_size"] == 3
    assert not (tmp_path / "stackpick-answers.partial.yaml").exists()
    assert (tmp_path / "stackpick-answers.partial.yaml.bak").exists()
    finished = (tmp_path / "stackpick-answers.yaml").read_text()
    for _ in range(2):  # two later interviews here, each declined and stopped at once
        room({"resume": [False], "team_size": [40]}, stop_at="team_growth")
        assert stackpick("ask") == 130
    assert (tmp_path / "stackpick-answers.yaml").read_text() == finished


def test_a_resumed_interview_keeps_not_sure_answers_not_sure(
    room: Callable[..., list[str]], tmp_path: Path, pack: Pack
) -> None:
    from stackpick.yamlfile import load_file

    (tmp_path / "stopped.yaml").write_text(
        "answers: {team_size: 4, team_growth: unknown, team_language: unknown,"
        " greenfield: unknown}\nmeta: {complete: false}\n"
    )
    asked = room({})
    assert stackpick("ask", "--answers", "stopped.yaml") == 0
    assert "existing_stack" not in asked  # asked as greenfield's default (true) says
    saved = load_file(str(tmp_path / "stopped.yaml")).data["answers"]
    assert saved["team_growth"] == saved["team_language"] == saved["greenfield"] == "unknown"
    assert saved["team_size"] == 4
    result = check_answers(pack, saved)
    assert set(result.unknown) == {"team_growth", "team_language", "greenfield"}


def test_revisiting_a_file_offers_its_not_sure_answers_again(
    room: Callable[..., list[str]], tmp_path: Path
) -> None:
    from stackpick.yamlfile import load_file

    (tmp_path / "done.yaml").write_text("team_size: unknown\nml_integration: unknown\n")
    room({})  # Enter through: every earlier answer is what Enter keeps
    assert stackpick("ask", "--answers", "done.yaml", "--save", "again.yaml") == 0
    again = load_file(str(tmp_path / "again.yaml")).data["answers"]
    assert again["team_size"] == again["ml_integration"] == "unknown"


def test_a_partial_file_that_cannot_be_written_is_still_resumed(
    room: Callable[..., list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from stackpick import files

    partial = tmp_path / "old.yaml"
    partial.write_text("answers: {team_size: 3}\nmeta: {complete: false}\n")

    def read_only(folder: Path) -> None:
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(files, "check_writable", read_only)
    room({})
    assert stackpick("ask", "--answers", "old.yaml") == 0
    shown = capsys.readouterr()
    assert "old.yaml: cannot write in " in shown.out and "kept in a new file instead" in shown.out
    assert "answers saved to stackpick-answers.yaml" in shown.err
    assert partial.read_text() == "answers: {team_size: 3}\nmeta: {complete: false}\n"


def test_ask_with_stdin_closed_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert stackpick("ask") == 2
    assert "needs a terminal" in capsys.readouterr().err


def test_revisiting_a_finished_file_leaves_it_alone_and_keeps_the_new_answers_beside_it(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    finished = tmp_path / "done.yaml"
    finished.write_text("answers: {team_size: 3}\nmeta: {complete: true}\n")
    room({"team_size": [5]})
    assert stackpick("ask", "--answers", "done.yaml") == 0
    assert "answers saved to stackpick-answers.yaml\n" in capsys.readouterr().err
    assert finished.read_text() == "answers: {team_size: 3}\nmeta: {complete: true}\n"
    assert "  team_size: 5\n" in (tmp_path / "stackpick-answers.yaml").read_text()


def test_resumed_file_that_is_invalid_gets_the_messages_of_score(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    room({})
    (tmp_path / "bad.yaml").write_text("team_size: 8\nteam_language: cobol\n")
    assert stackpick("score", "--answers", "bad.yaml") == 2
    from_score = capsys.readouterr()
    assert stackpick("ask", "--answers", "bad.yaml") == 2
    from_ask = capsys.readouterr()
    assert from_ask.err == from_score.err
    assert "bad.yaml:2" in from_ask.err
    assert from_ask.out == ""


def test_ask_refuses_stdin_answers_and_a_save_folder_that_is_missing(
    room: Callable[..., list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    room({})
    assert stackpick("ask", "--answers", "-") == 2
    assert "give the answers as a file" in capsys.readouterr().err
    assert stackpick("ask", "--save", "nowhere/a.yaml") == 2
    assert "does not exist" in capsys.readouterr().err


def test_no_terminal_exits_2_at_once_pointing_to_score(cli: Callable[..., object]) -> None:
    import time

    start = time.monotonic()
    result = cli("ask", stdin="")
    assert time.monotonic() - start < 20
    assert result.code == 2  # type: ignore[attr-defined]
    assert result.out == ""  # type: ignore[attr-defined]
    assert "stackpick score --answers FILE" in result.err  # type: ignore[attr-defined]
    assert "Traceback" not in result.err  # type: ignore[attr-defined]


def test_answers_text_round_trips_through_the_answers_reader(pack: Pack) -> None:
    import datetime

    from stackpick.answers import parse_answers
    from stackpick.commands.ask import answers_text

    given: dict[str, Answer] = {"team_size": 9, "enterprise_integrations": ("jms", "bpm")}
    text = answers_text(pack, given, complete=False, today=datetime.date(2026, 1, 2))
    assert "enterprise_integrations: [jms, bpm]" in text
    assert "  date: '2026-01-02'\n" in text and "  complete: false\n" in text
    read = parse_answers(pack, text)
    assert read.values["enterprise_integrations"] == ("jms", "bpm")
    assert read.meta is not None and read.meta["complete"] is False


# --- `ask` where files cannot be written, and what an earlier file's meta becomes -----------


def split_err(err: str) -> tuple[str, list[str]]:
    """Standard error as (the answers file printed there, the lines after it)."""
    start = err.index("# Answers from `stackpick ask`.")
    body = err[start:]
    end = body.index("\n  complete: ") + len("\n  complete: false\n")
    return body[:end], body[end:].splitlines()


def test_interrupt_where_nothing_can_be_written_prints_the_answers_and_exits_130(
    room: Callable[..., list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    pack: Pack,
) -> None:
    from stackpick.answers import parse_answers

    room({"team_size": [3], "team_growth": [True]}, stop_at="team_language")
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()  # the current folder vanished: the partial file cannot be written there
    assert stackpick("ask") == 130
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err
    text, after = split_err(err)
    assert len(after) == 1
    assert after[0].startswith("2 answers NOT saved (stackpick-answers.partial.yaml: No such file")
    assert after[0].endswith("resume: stackpick ask --answers FILE")
    kept = parse_answers(pack, text)  # pasted into a file, it resumes with nothing lost
    assert kept.values["team_size"] == 3 and kept.values["team_growth"] is True
    assert kept.meta is not None and kept.meta["complete"] is False


def test_save_that_fails_after_the_interview_still_shows_the_result_then_exits_2(
    room: Callable[..., list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    asked = room({"team_size": [12]})
    folder = tmp_path / "sub"
    folder.mkdir()
    scripted_ask = interview.ask

    def ask(prompt: Prompt) -> Answer:
        if prompt.id == "team_growth" and folder.exists():
            folder.rmdir()  # the folder goes away while the room is answering
        return scripted_ask(prompt)

    monkeypatch.setattr(interview, "ask", ask)
    assert stackpick("ask", "--save", "sub/a.yaml") == 2
    shown = capsys.readouterr()
    assert asked[-1] == REVIEW
    assert "Recommendation: " in shown.out  # the result is shown all the same
    assert "answers saved" not in shown.err and "internal error" not in shown.err
    assert "  team_size: 12\n" in shown.err  # and nothing typed is lost
    assert shown.err.rstrip().splitlines()[-1] == (
        "error: sub/a.yaml: cannot write: No such file or directory; the answers are printed above"
    )


def test_save_over_a_read_only_file_is_refused_before_any_question(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in review: the save replaced a file made read-only, which > would refuse."""
    kept = tmp_path / "kept.yaml"
    kept.write_text("team_size: 4\n")
    kept.chmod(0o444)
    asked = room({"team_size": [12]})
    assert stackpick("ask", "--save", "kept.yaml") == 2
    assert asked == []
    assert capsys.readouterr().err == (
        "error: --save kept.yaml: it is read-only; make it writable first\n"
    )
    assert kept.read_text() == "team_size: 4\n"


def test_a_save_made_read_only_meanwhile_keeps_it_and_prints_the_answers(
    room: Callable[..., list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    kept = tmp_path / "kept.yaml"
    kept.write_text("team_size: 4\n")
    room({"team_size": [12]})
    scripted_ask = interview.ask

    def ask(prompt: Prompt) -> Answer:
        if prompt.id == "team_growth":
            kept.chmod(0o444)  # someone protects the file while the room is answering
        return scripted_ask(prompt)

    monkeypatch.setattr(interview, "ask", ask)
    assert stackpick("ask", "--save", "kept.yaml") == 2
    shown = capsys.readouterr()
    assert kept.read_text() == "team_size: 4\n" and not (tmp_path / "kept.yaml.bak").exists()
    assert "  team_size: 12\n" in shown.err  # nothing typed is lost
    assert shown.err.rstrip().splitlines()[-1] == (
        "error: kept.yaml: cannot write: it is read-only; make it writable first;"
        " the answers are printed above"
    )


def test_save_into_a_folder_that_cannot_be_written_is_refused_before_any_question(
    room: Callable[..., list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    import tempfile

    folder = Path("/proc/self")  # no regular files can be made there, not even by root
    try:
        handle, name = tempfile.mkstemp(dir=folder)
    except OSError:
        pass
    else:  # pragma: no cover - a system without /proc
        os.close(handle)
        Path(name).unlink()
        pytest.skip(f"{folder} takes files here")
    asked = room({})
    assert stackpick("ask", "--save", f"{folder}/answers.yaml") == 2
    err = capsys.readouterr().err
    assert asked == []
    assert err.startswith(f"error: --save {folder}/answers.yaml: cannot write in {folder}: ")
    assert "internal error" not in err


def test_resume_keeps_the_earlier_meta_and_brings_the_rest_up_to_date(
    room: Callable[..., list[str]], tmp_path: Path, pack: Pack
) -> None:
    import datetime

    from stackpick.yamlfile import load_file

    (tmp_path / "a.yaml").write_text(
        "answers: {team_size: 5}\n"
        "meta: {project: payments-ledger, answered_by: platform group, date: '2020-01-01',"
        " pack_version: '0.0', complete: false, notes: [first run]}\n"
    )
    room({}, stop_at="team_language")
    assert stackpick("ask", "--answers", "a.yaml", "--save", "a.yaml") == 130
    assert load_file(str(tmp_path / "a.yaml")).data["meta"]["project"] == "payments-ledger"
    room({})
    assert stackpick("ask", "--answers", "a.yaml", "--save", "a.yaml") == 0
    meta = load_file(str(tmp_path / "a.yaml")).data["meta"]
    assert meta == {
        "project": "payments-ledger",
        "answered_by": "platform group",
        "date": datetime.date.today().isoformat(),
        "pack_version": pack.pack.version,
        "complete": True,
        "notes": ["first run"],
        "pack": pack.pack.name,
    }


def test_yes_no_takes_only_yes_no_not_sure_and_enter(pack: Pack) -> None:
    greenfield = one(pack, "greenfield")
    for typed, meant in (("y", True), ("YES", True), (" n ", False), ("no", False), ("", True)):
        assert interview.boolean_problem(greenfield, typed) is None
        assert interview.typed_boolean(greenfield, typed) is meant
    for typed in ("?", "unknown"):
        assert interview.typed_boolean(greenfield, typed) == "unknown"
    for typed in ("maybe", "yep", "nope", "1", "true"):
        assert interview.boolean_problem(greenfield, typed) is not None


def test_maybe_at_a_yes_no_prompt_is_refused_in_place(pack: Pack, pipe: PipeInput) -> None:
    pipe.send_text("maybe" + ENTER + BACKSPACE * 5 + "n" + ENTER)
    assert interview.ask(one(pack, "greenfield")) is False


@pytest.mark.parametrize(
    ("question_id", "keys"),
    [
        ("team_size", "?" + ENTER),
        ("greenfield", "?" + ENTER),
        ("team_language", DOWN + ENTER),  # from the default (neither) to Not sure yet, last
        ("enterprise_integrations", UP + SPACE + ENTER),  # up from the first wraps to it
    ],
)
def test_not_sure_is_offered_on_every_prompt_type(
    pack: Pack, pipe: PipeInput, question_id: str, keys: str
) -> None:
    pipe.send_text(keys)
    answer = interview.ask(one(pack, question_id))
    assert answer == "unknown"
    checked = check_answers(pack, {question_id: answer})
    assert question_id in checked.unknown and question_id not in checked.defaulted


def test_file_names_ask_prints_are_escaped_on_one_line(
    room: Callable[..., list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    name = "ours\u202e\nforged.yaml"
    room({"team_size": [3]}, stop_at="greenfield")
    assert stackpick("ask", "--save", name) == 130
    stopped = capsys.readouterr().err
    assert "kept; resume: stackpick ask --answers 'ours\\u202e\\nforged.yaml'" in stopped
    room({})
    assert stackpick("ask", "--answers", name) == 0
    shown = capsys.readouterr()
    assert "Resuming ours\\u202e\\nforged.yaml:" in shown.out
    assert "answers saved to ours\\u202e\\nforged.yaml\n" in shown.err
    for text in (stopped, shown.out, shown.err):
        assert "\u202e" not in text and "\nforged" not in text


# --- answers always kept, the resume offer, the headline last -------------------------------


def test_a_resumed_file_says_how_many_of_its_answers_are_not_sure(
    room: Callable[..., list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    # score counts an answer of 'not sure' as open: the count kept says which are
    room({"team_size": ["unknown"], "team_growth": ["unknown"]}, stop_at="greenfield")
    assert stackpick("ask") == 130
    room({"resume": [True]})
    assert stackpick("ask") == 0
    out = capsys.readouterr().out
    assert "Resuming stackpick-answers.partial.yaml: kept 5 answers, 2 of them not sure;" in out


def test_the_closing_headline_breaks_between_words_at_80_columns(
    room: Callable[..., list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    # found by an outside review: "... on value alone Sp" / "ring Boot leads by ..."
    room(
        {
            "team_language": ["python"],
            "memory_constrained": [True],
            "pod_memory_mb": [200],
            "native_image_ok": [False],
        }
    )
    assert stackpick("ask") == 0
    err = capsys.readouterr().err
    closing = err[err.rindex("Recommendation: ") :].splitlines()
    assert len(closing) > 1 and all(len(line) <= 80 for line in closing), closing
    text = " ".join(closing)
    assert "Spring Boot is ruled out; on value alone" in text  # no word split across lines


def test_a_finished_interview_is_kept_without_save_under_the_next_free_name(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    room({"team_size": [7]})
    assert stackpick("ask") == 0
    first = capsys.readouterr()
    assert first.err.splitlines()[:2] == [
        "answers saved to stackpick-answers.yaml",
        "  shown again by: stackpick score --answers stackpick-answers.yaml",
    ]
    headline = first.out.split("Recommendation: ")[1]
    assert first.err.splitlines()[-1] == "Recommendation: " + headline.splitlines()[0]
    room({"team_size": [8]})
    assert stackpick("ask") == 0
    assert "answers saved to stackpick-answers-2.yaml\n" in capsys.readouterr().err
    assert "  team_size: 7\n" in (tmp_path / "stackpick-answers.yaml").read_text()
    assert "  team_size: 8\n" in (tmp_path / "stackpick-answers-2.yaml").read_text()
    assert not (tmp_path / "stackpick-answers.yaml.bak").exists()  # nothing was overwritten


def test_a_second_ask_offers_to_resume_the_partial_file(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    room({"team_size": [3]}, stop_at="greenfield")
    assert stackpick("ask") == 130
    asked = room({"resume": [True]})
    assert stackpick("ask") == 0
    assert asked[:2] == ["resume", "greenfield"]  # then on from where it stopped
    shown = capsys.readouterr()
    assert "Resuming stackpick-answers.partial.yaml: kept 5 answers" in shown.out
    # finished, the answers go where any finished interview's go; the partial file retires
    assert "answers saved to stackpick-answers.yaml\n" in shown.err
    retired = "renamed the finished partial file to stackpick-answers.partial.yaml.bak\n"
    assert retired in shown.err
    assert max(map(len, shown.err.splitlines())) <= 80  # no notice wraps at 80 columns
    assert "complete: true" in (tmp_path / "stackpick-answers.yaml").read_text()
    assert "  team_size: 3\n" in (tmp_path / "stackpick-answers.yaml").read_text()
    assert not (tmp_path / "stackpick-answers.partial.yaml").exists()
    assert "complete: false" in (tmp_path / "stackpick-answers.partial.yaml.bak").read_text()
    again = room({})
    assert stackpick("ask") == 0
    assert again[0] != "resume"  # nothing left to offer
    assert "answers saved to stackpick-answers-2.yaml\n" in capsys.readouterr().err


def test_a_resumed_partial_file_goes_to_the_next_free_name(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "stackpick-answers.yaml").write_text("team_size: 9\n")
    room({"team_size": [3]}, stop_at="greenfield")
    assert stackpick("ask") == 130
    room({"resume": [True]})
    assert stackpick("ask") == 0
    assert "answers saved to stackpick-answers-2.yaml\n" in capsys.readouterr().err
    assert (tmp_path / "stackpick-answers.yaml").read_text() == "team_size: 9\n"
    assert "  team_size: 3\n" in (tmp_path / "stackpick-answers-2.yaml").read_text()


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_an_interrupt_at_the_resume_offer_leaves_the_partial_file_and_exits_130(
    room: Callable[..., list[str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    stop: type[BaseException],
) -> None:
    room({"team_size": [3]}, stop_at="greenfield")
    assert stackpick("ask") == 130
    partial = tmp_path / "stackpick-answers.partial.yaml"
    before = partial.read_bytes()
    capsys.readouterr()

    def interrupted(prompt: Prompt) -> Answer:
        assert prompt.id == "resume"
        raise stop

    monkeypatch.setattr(interview, "ask", interrupted)
    assert stackpick("ask") == 130
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert err.endswith(
        "stackpick-answers.partial.yaml left as it was; "
        "resume: stackpick ask --answers stackpick-answers.partial.yaml\n"
    )
    assert partial.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stackpick-answers.partial.yaml"]


def test_the_resume_offer_takes_yes_or_no_only() -> None:
    offer = Prompt(id="resume", message="Resume it?", help="", type="boolean", default=True)
    offer = replace(offer, unsure=False)
    assert "?" not in offer.hint
    for typed in ("?", "unknown", "maybe"):
        assert interview.boolean_problem(offer, typed) == (
            "answer y or n (yes or no), or press Enter for the default"
        )
    assert interview.boolean_problem(offer, "y") is None
    assert interview.typed_boolean(offer, "") is True


def test_declining_the_offer_starts_afresh_and_leaves_the_partial_file(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    room({"team_size": [3]}, stop_at="greenfield")
    assert stackpick("ask") == 130
    partial = (tmp_path / "stackpick-answers.partial.yaml").read_text()
    asked = room({"resume": [False]})
    assert stackpick("ask") == 0
    assert asked[:2] == ["resume", "team_size"]
    assert "answers saved to stackpick-answers.yaml" in capsys.readouterr().err
    assert (tmp_path / "stackpick-answers.partial.yaml").read_text() == partial


def test_no_offer_with_save_or_answers(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    room({}, stop_at="greenfield")
    assert stackpick("ask") == 130
    asked = room({})
    assert stackpick("ask", "--save", "mine.yaml") == 0
    assert asked[0] == "team_size"


def test_a_broken_partial_file_is_not_offered(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "stackpick-answers.partial.yaml").write_text("team_sise: 3\n")
    asked = room({})
    assert stackpick("ask") == 0
    assert asked[0] == "team_size"
    assert "note: stackpick-answers.partial.yaml cannot be resumed" in capsys.readouterr().err


def test_a_bug_during_the_interview_keeps_what_was_typed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stackpick.commands import ask as ask_command

    monkeypatch.setattr(ask_command, "terminal", lambda: sys.stdout)
    monkeypatch.chdir(tmp_path)
    scripted_ask, _ = scripted({"team_size": [12]})

    def ask(prompt: Prompt) -> Answer:
        if prompt.id == "team_language":
            raise KeyError("a bug")  # what picking a row the review did not know once did
        return scripted_ask(prompt)

    monkeypatch.setattr(interview, "ask", ask)
    assert stackpick("ask") == 70
    err = capsys.readouterr().err
    assert "internal error (KeyError): this is a bug in stackpick" in err
    assert "kept; resume: stackpick ask --answers stackpick-answers.partial.yaml" in err
    kept = (tmp_path / "stackpick-answers.partial.yaml").read_text()
    assert "team_size: 12" in kept and "complete: false" in kept


def test_ctrl_c_at_the_first_question_leaves_no_file_to_resume(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    room(stop_at="team_size")
    assert stackpick("ask") == 130
    assert "no answers given, so none kept" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing the next ask would offer to resume


def test_a_partial_file_resumed_from_another_folder_never_takes_the_finished_answers(
    room: Callable[..., list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "s2"
    elsewhere.mkdir()
    partial = elsewhere / "stackpick-answers.partial.yaml"
    partial.write_text("answers: {team_size: 7}\nmeta: {complete: false}\n")
    room({})
    assert stackpick("ask", "--answers", "s2/stackpick-answers.partial.yaml") == 0
    err = capsys.readouterr().err
    assert "answers saved to stackpick-answers.yaml\n" in err
    assert "  team_size: 7\n" in (tmp_path / "stackpick-answers.yaml").read_text()
    assert not partial.exists() and (elsewhere / "stackpick-answers.partial.yaml.bak").exists()


def test_revisiting_a_file_leaves_its_defaulted_questions_open_under_enter(
    room: Callable[..., list[str]], tmp_path: Path, pack: Pack
) -> None:
    """Found by a newcomer: Enter through a revisit wrote every defaulted question in as a
    firm answer, so the open questions that could flip the result silently went away.
    A question the file left to the default stays open unless answered anew."""
    from stackpick.answers import read_answers

    examples = Path(__file__).resolve().parent.parent / "examples"
    (tmp_path / "done.yaml").write_text((examples / "minimal.yaml").read_text())
    before = read_answers(pack, str(tmp_path / "done.yaml"))
    assert "team_growth" in before.defaulted
    room({"team_growth": [True]})  # one defaulted question answered anew; Enter for the rest
    assert stackpick("ask", "--answers", "done.yaml", "--save", "again.yaml") == 0
    again = read_answers(pack, str(tmp_path / "again.yaml"))
    assert again.values["team_growth"] is True and "team_growth" not in again.defaulted
    assert set(again.defaulted) == set(before.defaulted) - {"team_growth"}
    assert set(again.given) == set(before.given) | {"team_growth"}


def test_a_defaulted_question_in_a_revisit_says_enter_leaves_it_open(pack: Pack) -> None:
    prompts = interview.build_prompts(pack, {"team_size": 4}, revisit=True)
    by_id = {p.id: p for p in prompts}
    assert by_id["team_size"].hint.endswith("Enter keeps 4)")
    assert by_id["team_growth"].hint == "(y/n, ? if not sure; the default, no, leaves it open)"
    assert "leaves it open" in by_id["team_language"].hint
    assert interview.left_open(prompts, {"team_size": 4, "team_growth": False}) == {"team_size": 4}
    assert interview.left_open(prompts, {"team_growth": True}) == {"team_growth": True}
    fresh = interview.build_prompts(pack, {"team_size": 4})  # resumed: Enter answers
    assert interview.left_open(fresh, {"team_growth": False}) == {"team_growth": False}
