"""explain, whatif, diff, consensus, capacity and score's weights through the real command line.

Golden files live in tests/golden/<command>-<case>.<txt|md|json>. After a deliberate change
to the output or the shipped pack, refresh them with
``UPDATE_GOLDEN=1 pytest tests/test_cli_analysis.py`` and read the diff before committing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from goldens import check_golden
from stackpick.models import Pack
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SUFFIX = {"table": "txt", "markdown": "md", "json": "json"}
FORMATS = tuple(SUFFIX)

CLOSE = "polyglot-close-call.yaml"
MINIMAL = "minimal.yaml"
ML = "greenfield-ml.yaml"

CASES: dict[str, tuple[str, ...]] = {
    "explain-polyglot": ("explain", "--answers", CLOSE),
    "whatif-polyglot": ("whatif", "--answers", CLOSE),
    "diff-minimal-to-polyglot": ("diff", MINIMAL, CLOSE),
    "consensus-three": ("consensus", MINIMAL, CLOSE, ML),
    "capacity-minimal": ("capacity", "--answers", MINIMAL, "--rps", "20000"),
    "score-weights": (
        "score",
        "--answers",
        CLOSE,
        "--weights",
        "ours.yaml",
        "--weight",
        "ecosystem=0",
    ),
}

WEIGHTS = "# Our organisation's weights\nweights:\n  footprint: 3\n  ml_integration: 1.5\n"


@pytest.fixture
def room(tmp_path: Path) -> Path:
    """The example answers files and a weights file, copied where the command runs."""
    for name in (CLOSE, MINIMAL, ML):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    (tmp_path / "ours.yaml").write_text(WEIGHTS)
    return tmp_path


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_output_matches_the_golden_file(cli: CLI, room: Path, case: str, fmt: str) -> None:
    r = cli(*CASES[case], "--format", fmt, cwd=room)
    assert r.code == 0, r.err
    assert r.err == ""
    if fmt == "json":
        json.loads(r.out)
    check_golden(f"{case}.{SUFFIX[fmt]}", r.out)


def test_table_output_fits_80_columns(cli: CLI, room: Path) -> None:
    for case in CASES.values():
        r = cli(*case, cwd=room)
        assert max(len(line.rstrip()) for line in r.out.splitlines()) <= 80, case


# --- the organisation's weights ------------------------------------------------------


def test_score_shows_the_organisations_weights_in_every_format(cli: CLI, room: Path) -> None:
    args = ("score", "--answers", CLOSE, "--weights", "ours.yaml", "--weight", "footprint=4")
    data = json.loads(cli(*args, "--format", "json", cwd=room).out)
    assert data["weight_overrides"] == {
        "footprint": {"pack": 2.5, "used": 4.0},
        "ml_integration": {"pack": 3.0, "used": 1.5},
    }
    assert data["weights"]["footprint"] == 4.0  # --weight wins over the file
    table = cli(*args, cwd=room).out
    assert "Your weights: ml_integration 1.5 (pack 3), footprint 4 (pack 2.5)" in table
    assert "1.5* ML and data tooling" in table
    markdown = cli(*args, "--format", "markdown", cwd=room).out
    assert "| 1.5 (pack 3) |" in markdown


def test_without_overrides_nothing_is_marked(cli: CLI, room: Path) -> None:
    data = json.loads(cli("score", "--answers", CLOSE, "--format", "json", cwd=room).out)
    assert data["weight_overrides"] == {}
    assert "Your weights" not in cli("score", "--answers", CLOSE, cwd=room).out


def test_weights_change_what_would_flip_it(cli: CLI, room: Path) -> None:
    plain = json.loads(cli("whatif", "-a", CLOSE, "-f", "json", cwd=room).out)
    heavy = json.loads(
        cli("whatif", "-a", CLOSE, "-f", "json", "-w", "ml_integration=9", cwd=room).out
    )
    assert plain["recommendation"] == "spring_boot" and heavy["recommendation"] == "fastapi"
    assert heavy["weight_overrides"] == {"ml_integration": {"pack": 3.0, "used": 9.0}}


# --- content --------------------------------------------------------------------------


def test_explain_tells_a_polyglot_org_at_a_close_call_to_run_both(cli: CLI, room: Path) -> None:
    data = json.loads(cli("explain", "--answers", CLOSE, "--format", "json", cwd=room).out)
    assert data["confidence"] == "close_call"
    assert "polyglot" in [a["id"] for a in data["advice"]]
    table = cli("explain", "--answers", CLOSE, cwd=room).out
    assert "Consider running both" in table


def test_explain_says_how_to_run_the_winner(cli: CLI, room: Path) -> None:
    fastapi = json.loads(cli("explain", "-a", MINIMAL, "-f", "json", cwd=room).out)
    ids = [a["id"] for a in fastapi["advice"]]
    assert fastapi["recommendation"] == "fastapi" and "fastapi_production" in ids
    slow = room / "slow.yaml"
    slow.write_text("team_language: java\njvm_estate: primary\nslow_downstream: true\n")
    spring = json.loads(cli("explain", "-a", "slow.yaml", "-f", "json", cwd=room).out)
    assert spring["recommendation"] == "spring_boot"
    assert "spring_webflux" in [a["id"] for a in spring["advice"]]


def test_explain_covers_every_criterion_with_a_sentence(cli: CLI, room: Path, pack: Pack) -> None:
    data = json.loads(cli("explain", "-a", CLOSE, "-f", "json", cwd=room).out)
    assert [c["criterion"] for c in data["criteria"]] == [c.id for c in pack.criteria]
    for step in data["criteria"]:
        assert step["explanation"].endswith(".")
        even = len(set(step["values"].values())) == 1
        assert step["rule"] is not None or (even and step["why"] is None)


def test_whatif_flips_really_flip(cli: CLI, room: Path) -> None:
    data = json.loads(cli("whatif", "-a", CLOSE, "-f", "json", cwd=room).out)
    assert data["flips"]
    for flip in data["flips"]:
        changed = room / "changed.yaml"
        answers = {**_answers(cli, room), flip["question"]: flip["to"], **flip["with"]}
        changed.write_text(json.dumps(answers))
        again = json.loads(cli("score", "-a", "changed.yaml", "-f", "json", cwd=room).out)
        assert again["recommendation"] == flip["recommendation"]
        assert flip["recommendation"] != data["recommendation"] or again["tie"]


def _answers(cli: CLI, room: Path) -> dict[str, Any]:
    data = json.loads(cli("score", "-a", CLOSE, "-f", "json", cwd=room).out)
    given = {k: v for k, v in data["answers"].items() if v is not None}
    return {k: v for k, v in given.items() if k not in data["defaulted"]}


def test_diff_reads_one_side_from_stdin(cli: CLI, room: Path) -> None:
    text = (room / MINIMAL).read_text()
    r = cli("diff", "-", CLOSE, "--format", "json", stdin=text, cwd=room)
    assert r.code == 0, r.err
    assert json.loads(r.out)["before"]["source"] == "<stdin>"


def test_diff_writes_its_output_file_as_the_other_commands_do(cli: CLI, room: Path) -> None:
    """Found by a newcomer: diff alone had no --output."""
    shown = cli("diff", MINIMAL, CLOSE, "--format", "json", cwd=room)
    r = cli("diff", MINIMAL, CLOSE, "--format", "json", "--output", "d.json", cwd=room)
    assert (r.code, r.out, r.err) == (0, "", "")
    assert (room / "d.json").read_text() == shown.out
    onto = cli("diff", MINIMAL, CLOSE, "--output", MINIMAL, cwd=room)  # never onto an input
    assert onto.code == 2 and "is an input of this command" in onto.err


def test_consensus_names_people_by_file(cli: CLI, room: Path) -> None:
    data = json.loads(cli("consensus", MINIMAL, CLOSE, "-f", "json", cwd=room).out)
    assert [p["name"] for p in data["people"]] == ["minimal", "polyglot-close-call"]
    assert data["method"] == "mean of each person's scores"


def test_consensus_finds_the_question_that_decides_the_room(cli: CLI, room: Path) -> None:
    common = "team_size: 40\nml_integration: true\nregulated_industry: true\n"
    people = {
        "alice": "team_language: both\njvm_estate: some\nworkload_profile: io_bound\n",
        "bob": "team_language: java\njvm_estate: primary\nworkload_profile: cpu_bound\n",
        "chen": "team_language: python\njvm_estate: some\nworkload_profile: io_bound\n",
    }
    for name, text in people.items():
        (room / f"{name}.yaml").write_text(common + text)
    data = json.loads(cli("consensus", *(f"{n}.yaml" for n in people), "-f", "json", cwd=room).out)
    assert [p["recommendation"] for p in data["people"]] == [
        "spring_boot",
        "spring_boot",
        "fastapi",
    ]
    disputes = {d["question"]: d for d in data["disputes"]}
    assert set(disputes) == {"team_language", "jvm_estate", "workload_profile"}
    language = disputes["team_language"]
    assert language["changes_outcome"] and language["flips_for"] == ["alice", "chen"]
    settled = {v["value"]: v["recommendation"] for v in language["values"]}
    assert settled == {"both": "spring_boot", "java": "spring_boot", "python": "fastapi"}
    assert not disputes["jvm_estate"]["changes_outcome"]


# --- bad input ------------------------------------------------------------------------

BAD_WEIGHTS = [
    (("--weight", "footprnt=3"), "unknown criterion 'footprnt'; did you mean 'footprint'?"),
    (("--weight", "footprint=-1"), "must be a finite number"),
    (("--weight", "footprint=nan"), "must be a finite number"),
    (("--weight", "footprint"), "CRITERION=NUMBER"),
    (("--weights", "bad-weights.yaml"), "bad-weights.yaml:2: ecosystem: a weight must be a number"),
]
COMMANDS = {
    "explain": ("explain", "--answers", CLOSE),
    "whatif": ("whatif", "--answers", CLOSE),
    "diff": ("diff", MINIMAL, CLOSE),
    "consensus": ("consensus", MINIMAL, CLOSE),
}


@pytest.mark.parametrize(("option", "message"), BAD_WEIGHTS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_bad_weights_are_refused(
    cli: CLI, room: Path, command: str, option: tuple[str, ...], message: str
) -> None:
    (room / "bad-weights.yaml").write_text("footprint: 2\necosystem: lots\n")
    r = cli(*COMMANDS[command], *option, "--format", "json", cwd=room)
    assert (r.code, r.out) == (2, "")
    assert message in r.err
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("explain", "--answers", "wrong.yaml"),
        ("whatif", "--answers", "wrong.yaml"),
        ("diff", MINIMAL, "wrong.yaml"),
        ("consensus", MINIMAL, "wrong.yaml"),
        ("capacity", "--answers", "wrong.yaml", "--rps", "100"),
    ],
)
def test_answers_that_do_not_fit_are_refused_with_their_line(
    cli: CLI, room: Path, args: tuple[str, ...]
) -> None:
    (room / "wrong.yaml").write_text("team_size: 8\nteam_language: cobol\n")
    r = cli(*args, cwd=room)
    assert (r.code, r.out) == (2, "")
    assert "wrong.yaml:2:" in r.err and "python, java, both, neither" in r.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("diff", "-", "-"), "only one of the two"),
        (("consensus", MINIMAL), "2 to 50 answers files"),
        (("consensus", "-", "-", MINIMAL), "only one answers file can be '-'"),
        (("capacity", "--rps", "inf", "--workload", "db_bound"), "--rps"),
        (("capacity", "--rps", "10", "--workload", "batch"), "json_echo, db_bound, cpu_hashing"),
        (("capacity", "--rps", "10", "--workload", "db_bound", "--figures", "nope.yaml"), "nope"),
        (("whatif", "--answers", CLOSE, "--criteria", "missing"), "missing"),
    ],
)
def test_bad_usage_exits_2_with_one_message(
    cli: CLI, room: Path, args: tuple[str, ...], message: str
) -> None:
    r = cli(*args, cwd=room, stdin="")
    assert (r.code, r.out) == (2, "")
    assert message in r.err and "Traceback" not in r.err


def test_json_output_never_imports_rich(cli: CLI, room: Path) -> None:
    probe = (
        f"import sys; sys.argv = ['stackpick', 'whatif', '-a', {CLOSE!r}, '-f', 'json'];"
        "from stackpick.cli import run; code = run(sys.argv[1:]);"
        "assert 'rich' not in sys.modules, 'rich imported'; sys.exit(code)"
    )
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=room, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_list_changes_with_the_same_effect_are_shown_once(cli: CLI, room: Path) -> None:
    (room / "lean.yaml").write_text(
        "team_size: 20\nteam_language: both\njvm_estate: none\nml_integration: false\n"
    )
    data = json.loads(cli("whatif", "-a", "lean.yaml", "-f", "json", cwd=room).out)
    lists = [f for f in data["flips"] if f["question"] == "enterprise_integrations"]
    assert sorted(f["to"][0] for f in lists) == ["bpm", "jca", "jms", "mainframe", "soap"]
    assert all(len(f["to"]) == 1 for f in lists)  # the smallest lists only
    table = cli("whatif", "-a", "lean.yaml", cwd=room).out
    assert table.count("enterprise_integrations") == 2  # JMS or JCA; any other one system
    markdown = cli("whatif", "-a", "lean.yaml", "-f", "markdown", cwd=room).out
    assert "[jms\\] or 1 other list with the same effect" in markdown
    assert "or 2 other lists with the same effect" in markdown


@pytest.mark.parametrize("columns", ["50", "60"])
def test_narrow_screens_fold_figures_and_names_without_losing_them(cli: CLI, columns: Any) -> None:
    env = {"COLUMNS": columns}
    out = cli("capacity", "--rps", "1000000000", "--workload", "db_bound", env=env).out
    assert "…" not in out  # folded, never cut short
    assert "Sprin" in out and "25,00" in out  # every variant, every digit, folded
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    room = cli(
        "consensus", str(EXAMPLES / "greenfield-ml.yaml"), str(EXAMPLES / "minimal.yaml"), env=env
    ).out
    assert max(len(line) for line in room.splitlines()) <= int(columns)
    assert "…" not in room and "Spring" in room


def test_explain_says_which_answers_a_reason_rests_on_by_default(cli: CLI, tmp_path: Path) -> None:
    answers = tmp_path / "few.yaml"
    answers.write_text("team_language: python\nml_integration: unknown\n")
    for fmt in ("table", "markdown", "json"):
        run = cli("explain", "-a", str(answers), "-f", fmt, env={"COLUMNS": "200"})
        assert run.code == 0, run.err
        out = run.out.replace("\\_", "_")  # Markdown escapes the underscores
        assert "ecosystem_needs is modern by default" in out, fmt
        assert "ml_integration is false by default (answered not sure)" in out, fmt
        assert "team_language is python by default" not in out  # it was given


def test_a_diff_across_a_rule_out_says_what_its_moves_add_up_to(cli: CLI, tmp_path: Path) -> None:
    """Found by a brute-force review: Spring Boot went from 0.0 (ruled out) to 58.2 while its
    one move was +2.9, beside a note that the moves add up to the whole change. They add up
    to the change on value alone; the views show those scores and say the rest is the
    rule-out's."""
    common = "memory_constrained: true\npod_memory_mb: 200\nteam_language: java\n"
    (tmp_path / "before.yaml").write_text(common + "native_image_ok: false\njvm_estate: primary\n")
    (tmp_path / "after.yaml").write_text(common + "native_image_ok: true\njvm_estate: primary\n")
    table = cli("diff", "before.yaml", "after.yaml").out
    assert "  on value alone: Spring Boot " in table and "1 answer differs;" in table
    assert "Spring Boot is ruled out before" in " ".join(table.split())
    data = json.loads(cli("diff", "before.yaml", "after.yaml", "-f", "json").out)
    assert data["moves_add_up_to"] == "value_scores"
    for option in ("fastapi", "spring_boot"):
        moved = sum(d["moves"][option] for d in data["differences"])
        change = data["after"]["value_scores"][option] - data["before"]["value_scores"][option]
        assert abs(moved - change) < 0.01 * len(data["differences"])
    assert data["before"]["scores"]["spring_boot"] == 0
    plain = cli("diff", "after.yaml", str(EXAMPLES / "greenfield-ml.yaml")).out
    assert "on value alone" not in plain and "the moves add up to the whole change" in " ".join(
        plain.split()
    )


def test_whatif_marks_an_answer_nobody_gave(cli: CLI, tmp_path: Path) -> None:
    """Found by an engineer's review: 'Now: 8' for a team_size answered 'not sure' read as
    if someone had said 8; the row says whose it is not."""
    (tmp_path / "a.yaml").write_text("team_size: unknown\nteam_language: both\njvm_estate: none\n")
    table = cli("whatif", "--answers", "a.yaml").out
    assert "8 (not sure)" in table and "true (default)" in table  # greenfield
    markdown = cli("whatif", "--answers", "a.yaml", "-f", "markdown").out
    assert "| team\\_size | 8 (not sure) |" in markdown
    data = json.loads(cli("whatif", "--answers", "a.yaml", "-f", "json").out)
    assert {f["from"] for f in data["flips"] if f["question"] == "team_size"} == {8}  # the value


def test_a_room_whose_rival_is_ruled_out_for_everyone_says_so(cli: CLI, tmp_path: Path) -> None:
    """A review of this session's diff: the rule-out fix reached score and adr but not the
    room, which still read 'ahead by 41.7 points' over a score of 0."""
    tight = "memory_constrained: true\nnative_image_ok: false\n"
    (tmp_path / "a.yaml").write_text(tight + "pod_memory_mb: 200\nteam_language: java\n")
    (tmp_path / "b.yaml").write_text(tight + "pod_memory_mb: 180\nteam_language: both\n")
    for fmt in ("table", "markdown", "html"):
        out = " ".join(cli("consensus", "a.yaml", "b.yaml", "-f", fmt).out.split())
        assert "Spring Boot is ruled out for everyone; on value alone" in out, fmt
        assert "ahead by" not in out.split("Votes")[0], fmt
    (tmp_path / "c.yaml").write_text("team_language: java\njvm_estate: primary\n")
    mixed = cli("consensus", "a.yaml", "c.yaml").out  # ruled out for one person only
    assert "ruled out for everyone" not in mixed
