"""Capacity planning: the arithmetic, the shipped figures, and a team's own figures file."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stackpick.answers import Answer
from stackpick.capacity import check_rps, plan, rps_per_pod
from stackpick.errors import PackError, UsageError
from stackpick.models import Figures, Pack
from stackpick.pack import pack_figures, read_figures
from support import CLI

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

OWN = """
figures:
  label: Measured by the payments team on c6i.xlarge, May 2026.
  box: c6i.xlarge
  profile_question: workload_profile
  workloads:
    - {id: api, title: Our checkout API, profiles: [io_bound, mixed, cpu_bound]}
  variants:
    - {id: py, option: fastapi, name: Python service, rps: {api: 1000},
       memory_mb: [100, 200], cold_start_ms: 200}
    - {id: jvm, option: spring_boot, name: JVM service, rps: {api: 1500},
       memory_mb: [300, 600], cold_start_ms: 2500}
"""


def test_the_shipped_figures_are_the_articles(pack: Pack) -> None:
    figures = pack_figures(pack, None)
    rps = {v.id: v.rps for v in figures.variants}
    assert rps["fastapi"] == {"json_echo": 70000, "db_bound": 25000, "cpu_hashing": 6000}
    assert rps["spring_mvc"] == {"json_echo": 65000, "db_bound": 22000, "cpu_hashing": 22000}
    assert rps["spring_webflux"] == {"json_echo": 85000, "db_bound": 30000, "cpu_hashing": 22000}
    assert rps["spring_native"] is None  # found by a review: the JVM's had been copied in
    memory = {v.id: v.memory_mb for v in figures.variants}
    assert memory == {
        "fastapi": (80, 150),
        "spring_mvc": (250, 500),
        "spring_webflux": (250, 500),
        "spring_native": None,  # the article gives no native-image figures: measure
    }
    assert "indicative" in figures.label.lower()


def test_a_variant_without_figures_is_planned_as_measure(cli: CLI) -> None:
    run = cli("capacity", "--rps", "1000", "--workload", "db_bound", "-f", "json")
    native = next(p for p in json.loads(run.out)["plans"] if p["variant"] == "spring_native")
    assert (native["rps_per_pod"], native["pods"], native["memory_mb"]) == (None, None, None)
    table = cli("capacity", "--rps", "1000", "--workload", "db_bound").out
    assert "add headroom, and a spare pod for failures and rollouts" in " ".join(table.split())


def test_pods_memory_and_start_up_for_a_cpu_bound_load(pack: Pack) -> None:
    capacity = plan(pack_figures(pack, None), 20000, {"workload_profile": "cpu_bound"})
    plans = {p.variant: p for p in capacity.plans}
    assert capacity.workloads == ("cpu_hashing",)
    assert plans["fastapi"].pods == 4  # 20k / 6k per box, rounded up
    assert plans["spring_mvc"].pods == 1
    assert plans["fastapi"].memory_mb == (320, 600)
    assert plans["fastapi"].startup_pod_seconds == pytest.approx(0.6)
    assert plans["spring_mvc"].startup_pod_seconds == pytest.approx(3.0)


def test_the_answers_pick_the_spring_stack_that_fits(pack: Pack) -> None:
    figures = pack_figures(pack, None)
    answers: dict[str, Answer] = {"workload_profile": "io_bound", "slow_downstream": True}
    fits = {p.variant for p in plan(figures, 1000, answers).plans if p.fits}
    assert fits == {"fastapi", "spring_webflux"}
    answers["slow_downstream"] = False
    assert {p.variant for p in plan(figures, 1000, answers).plans if p.fits} == {
        "fastapi",
        "spring_mvc",
    }


@settings(max_examples=100, deadline=None)
@given(rps=st.floats(min_value=1, max_value=1e7), low=st.floats(1, 1e5), high=st.floats(1, 1e5))
def test_a_mixed_load_sits_between_its_parts_and_pods_suffice(
    rps: float, low: float, high: float
) -> None:
    from stackpick.models import Variant

    variant = Variant(
        id="v", option="o", name="V", rps={"a": low, "b": high}, memory_mb=(1, 2), cold_start_ms=1
    )
    mixed = rps_per_pod(variant, ("a", "b"))
    assert mixed is not None
    assert min(low, high) * (1 - 1e-9) <= mixed <= max(low, high) * (1 + 1e-9)
    figures = Figures(
        label="x",
        box="box",
        workloads=({"id": "a", "title": "A"}, {"id": "b", "title": "B"}),
        variants=(variant,),
    )
    pods = plan(figures, rps, workload="a").plans[0].pods
    assert pods is not None
    assert pods * low >= rps * (1 - 1e-9) and (pods - 1) * low < rps


@pytest.mark.parametrize("rps", [0, -5, math.inf, math.nan, 2e9])
def test_a_target_load_must_be_a_sensible_number(rps: float) -> None:
    with pytest.raises(UsageError, match="^rps must be a number above 0"):
        check_rps(rps)


def test_an_unknown_workload_lists_the_known_ones(pack: Pack) -> None:
    with pytest.raises(
        UsageError, match="json_echo, db_bound, cpu_hashing, cpu_bound, io_bound, mixed"
    ):
        plan(pack_figures(pack, None), 100, workload="batch")


@pytest.mark.parametrize(
    ("profile", "rows"),
    [
        ("io_bound", ("db_bound",)),
        ("cpu_bound", ("cpu_hashing",)),
        ("mixed", ("db_bound", "cpu_hashing")),
    ],
)
def test_a_workload_profile_plans_like_answers_with_it(
    pack: Pack, profile: str, rows: tuple[str, ...]
) -> None:
    figures = pack_figures(pack, None)
    chosen = plan(figures, 20000, workload=profile)
    assert chosen.workloads == rows
    answered = plan(figures, 20000, {"workload_profile": profile})
    assert [(p.variant, p.rps_per_pod, p.pods) for p in chosen.plans] == [
        (p.variant, p.rps_per_pod, p.pods) for p in answered.plans
    ]


def test_cautions_say_where_the_figures_fit_the_answers_less_well(pack: Pack) -> None:
    """Found in review: capacity planned native-library CPU work on the pure-Python hashing
    row (4 pods against 1), and a pod holding a model at the bare web process's memory."""
    assert pack.figures is not None
    native = {"workload_profile": "cpu_bound", "cpu_work": "native_libraries"}
    capacity = plan(pack.figures, 20000, native)
    assert [s for _, s in capacity.cautions] == ["Performance"]
    assert "native libraries" in capacity.cautions[0][0]
    elsewhere = plan(pack.figures, 20000, native, workload="db_bound")  # no hashing row planned
    assert elsewhere.cautions == ()
    model: dict[str, Answer] = {
        "workload_profile": "io_bound",
        "ml_integration": True,
        "ml_serving": "in_process",
    }
    assert "model loaded" in plan(pack.figures, 20000, model).cautions[0][0]
    assert plan(pack.figures, 20000, {"workload_profile": "cpu_bound"}).cautions == ()
    nothing = plan(pack.figures, 20000, workload="cpu_hashing")  # no answers: no caution
    assert nothing.cautions == ()


def test_a_caution_on_an_unknown_question_is_refused_at_its_line(cli: CLI, tmp_path: Path) -> None:
    caution = "    - when: {question: cpu_wrk, equals: python_code}\n      text: x\n"
    text = OWN + "  cautions:\n" + caution
    (tmp_path / "ours.yaml").write_text(text)
    answers = str(EXAMPLES / "minimal.yaml")
    r = cli("capacity", "-a", answers, "--rps", "3000", "--figures", "ours.yaml", "-f", "json")
    line = text.count("\n", 0, text.index("cpu_wrk")) + 1
    assert (r.code, r.out) == (2, "") and f"ours.yaml:{line}: " in r.err
    assert "unknown question 'cpu_wrk'" in r.err


def test_own_figures_replace_the_indicative_ones(pack: Pack, tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(OWN)
    figures = pack_figures(pack, path)
    capacity = plan(figures, 3000, {"workload_profile": "mixed"})
    assert [p.pods for p in capacity.plans] == [3, 2]
    assert capacity.label.startswith("Measured")


@pytest.mark.parametrize(
    ("edit", "replacement", "line"),
    [
        ("rps: {api: 1000}", "rps: {api: -1}", 9),
        ("memory_mb: [100, 200]", "memory_mb: [300, 200]", 9),
        ("rps: {api: 1500}", "rps: {other: 1500}", 2),  # names the variant: 'jvm'
        ("  box: c6i.xlarge", "  box: c6i.xlarge\n  colour: red", 5),
    ],
)
def test_bad_figures_are_refused_with_their_line(
    pack: Pack, tmp_path: Path, edit: str, replacement: str, line: int
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(OWN.replace(edit, replacement, 1))
    with pytest.raises(PackError) as caught:
        read_figures(str(path), pack)
    assert [p.line for p in caught.value.problems] == [line]


def test_figures_naming_an_unknown_option_are_refused(pack: Pack, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(OWN.replace("option: fastapi", "option: django"))
    with pytest.raises(PackError, match="unknown option 'django'"):
        pack_figures(pack, path)


@pytest.mark.parametrize(
    ("edit", "replacement", "line", "message"),
    [
        (  # a condition on an unknown question would silently never hold
            "rps: {api: 1500}",
            "when: {question: slow_downstrem, equals: true}, rps: {api: 1500}",
            11,
            "unknown question 'slow_downstrem'; did you mean 'slow_downstream'?",
        ),
        (  # would say "no workload matches the answers"
            "profile_question: workload_profile",
            "profile_question: workload_profil",
            5,
            "unknown question 'workload_profil'",
        ),
        (  # would never match any answer either
            "profiles: [io_bound, mixed, cpu_bound]",
            "profiles: [io_bond, mixed]",
            7,
            "'io_bond'",
        ),
        ("memory_mb: [100, 200]", "memory_mb: [80, 1e308]", 10, "at most 1,000,000,000 MB"),
        ("rps: {api: 1000}", "rps: {api: 2e9}", 9, "at most 1,000,000,000 requests"),
        ("rps: {api: 1000}", "rps: {api: 1e-300}", 9, "rps: must be a number of at least 0.001"),
        ("cold_start_ms: 200", "cold_start_ms: 90000000", 10, "(one day)"),
    ],
)
def test_own_figures_are_checked_like_the_shipped_pack(
    cli: CLI, tmp_path: Path, edit: str, replacement: str, line: int, message: str
) -> None:
    (tmp_path / "ours.yaml").write_text(OWN.replace(edit, replacement, 1))
    answers = str(EXAMPLES / "minimal.yaml")
    r = cli(
        "capacity", "--answers", answers, "--rps", "3000", "--figures", "ours.yaml", "-f", "json"
    )
    assert (r.code, r.out) == (2, "")
    assert f"ours.yaml:{line}: " in r.err and message in r.err, r.err
    assert "Traceback" not in r.err


def test_every_problem_in_own_figures_is_reported(pack: Pack, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = OWN.replace("profile_question: workload_profile", "profile_question: profile")
    path.write_text(text.replace("option: spring_boot", "option: spring"))
    with pytest.raises(PackError) as caught:
        pack_figures(pack, path)
    assert [(p.source, p.line) for p in caught.value.problems] == [(str(path), 5), (str(path), 11)]


def test_figures_shape_problems_read_like_the_packs(pack: Pack, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = OWN.replace("  label: Measured by the payments team on c6i.xlarge, May 2026.\n", "")
    path.write_text(text.replace("  box: c6i.xlarge\n", "").replace("id: jvm", "id: JVM"))
    with pytest.raises(PackError) as caught:
        read_figures(str(path), pack)
    messages = [(p.line, p.message) for p in caught.value.problems]
    assert messages[:2] == [(2, "label: is required"), (2, "box: is required")]
    assert messages[2][0] == 9 and messages[2][1].startswith("variants.1.id: must be an id")


def test_capacity_output_is_labelled_indicative_in_every_format(cli: CLI) -> None:
    answers = str(EXAMPLES / "minimal.yaml")
    for fmt in ("table", "markdown", "json"):
        r = cli("capacity", "--answers", answers, "--rps", "20000", "--format", fmt)
        assert r.code == 0, r.err
        assert "indicative" in r.out.lower()
    data = json.loads(r.out)
    assert {p["variant"] for p in data["plans"]} == {
        "fastapi",
        "spring_mvc",
        "spring_webflux",
        "spring_native",
    }
    native = next(p for p in data["plans"] if p["variant"] == "spring_native")
    assert native["memory_mb"] is None and native["cold_start_ms"] is None


def test_capacity_with_own_figures_and_bad_input(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "ours.yaml").write_text(OWN)
    r = cli(
        "capacity", "--workload", "api", "--rps", "3000", "--figures", "ours.yaml", "-f", "json"
    )
    assert r.code == 0, r.err
    assert json.loads(r.out)["figures"]["label"].startswith("Measured")
    bad = cli("capacity", "--rps", "-1", "--workload", "db_bound")
    assert (bad.code, bad.out) == (2, "")
    assert "--rps" in bad.err and "Traceback" not in bad.err
    none = cli("capacity", "--rps", "100")
    assert none.code == 2 and "--answers" in none.err


def test_criteria_validate_checks_the_figures_in_a_pack(cli: CLI, tmp_path: Path) -> None:
    import shutil

    from stackpick.pack import default_pack_path

    folder = tmp_path / "pack"
    shutil.copytree(default_pack_path(), folder)
    figures = folder / "figures.yaml"
    figures.write_text(figures.read_text().replace("option: spring_boot", "option: springboot", 1))
    r = cli("criteria", "validate", str(folder))
    assert (r.code, r.out) == (2, "")
    assert "figures.yaml:" in r.err and "unknown option 'springboot'" in r.err
