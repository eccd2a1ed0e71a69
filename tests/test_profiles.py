"""The shipped pack recommends what the article recommends.

Each profile is one line of the article's "pick X when" lists (the TL;DR table and
"When to pick which"), written as answers on top of the pack's defaults. A profile
that matches several items for the same option must come out ``clear``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from stackpick import read_answers, score
from stackpick.models import Pack

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

FASTAPI = "fastapi"
SPRING = "spring_boot"

# (id, article line it encodes, answers over the defaults, expected option)
PROFILES: list[tuple[str, str, dict[str, Any], str]] = [
    (
        "greenfield_small_async",
        "TL;DR: greenfield service, small team, async I/O-heavy",
        {
            "team_size": 5,
            "greenfield": True,
            "workload_profile": "io_bound",
            "slow_downstream": True,
        },
        FASTAPI,
    ),
    (
        "ml_data",
        "TL;DR / When to pick which: ML or data integrations",
        {"ml_integration": True},
        FASTAPI,
    ),
    (
        "fast_iteration_docs",
        "TL;DR: fast iteration and auto-generated docs",
        {"fast_iteration": True},
        FASTAPI,
    ),
    (
        "serverless_container_native",
        "TL;DR / When to pick which: container-native, memory and cold start matter",
        {"cold_start_critical": True, "memory_constrained": True},
        FASTAPI,
    ),
    (
        "team_knows_python",
        "When to pick which: the team already knows Python",
        {"team_language": "python"},
        FASTAPI,
    ),
    (
        "junior_team",
        "Learning curve: a junior ships an endpoint in an afternoon",
        {"team_experience": "junior", "jvm_estate": "none"},
        FASTAPI,
    ),
    (
        "jvm_org",
        "When to pick which: your org runs the JVM",
        {"jvm_estate": "primary"},
        SPRING,
    ),
    (
        "jvm_org_large_team_typing",
        "TL;DR: existing JVM org, large team, strict typing demands",
        {"jvm_estate": "primary", "team_size": 80, "typing_priority": True},
        SPRING,
    ),
    (
        "enterprise_integrations",
        "TL;DR: enterprise integrations (JMS, JCA, big SOAP)",
        {"enterprise_integrations": ["jms", "jca", "soap"]},
        SPRING,
    ),
    (
        "vast_ecosystem",
        "TL;DR: a vast ecosystem of mature libraries",
        {"ecosystem_needs": "broad"},
        SPRING,
    ),
    (
        "stateful_deep_tuning",
        "TL;DR: long-running stateful services, deep tuning",
        {"stateful_service": True},
        SPRING,
    ),
    (
        "explicit_typing",
        "When to pick which: the team values explicit typing and structure",
        {"typing_priority": True},
        SPRING,
    ),
    (
        "cpu_bound",
        "When to pick which: the workload is CPU-bound",
        {"workload_profile": "cpu_bound"},
        SPRING,
    ),
    (
        "regulated_java_team",
        "Enterprise readiness: the default in finance, healthcare, telco, government",
        {"regulated_industry": True, "team_language": "java"},
        SPRING,
    ),
    (
        "python_codebase_outgrown",
        "Migration considerations: a team scaling past ~30 wanting compile-time guarantees",
        {
            "greenfield": False,
            "existing_stack": "python",
            "team_size": 40,
            "team_growth": True,
            "typing_priority": True,
        },
        SPRING,
    ),
]

# Profiles that tick several "pick X" items at once: the answer should not be in doubt.
CLEAR_PROFILES: list[tuple[str, dict[str, Any], str]] = [
    (
        "python_ml_startup",
        {
            "team_size": 6,
            "team_language": "python",
            "ml_integration": True,
            "fast_iteration": True,
            "jvm_estate": "none",
        },
        FASTAPI,
    ),
    (
        "serverless_small_async",
        {
            "team_language": "python",
            "jvm_estate": "none",
            "team_size": 4,
            "cold_start_critical": True,
            "memory_constrained": True,
            "slow_downstream": True,
        },
        FASTAPI,
    ),
    (
        "jvm_bank_core",
        {
            "team_size": 60,
            "team_language": "java",
            "jvm_estate": "primary",
            "enterprise_integrations": ["jms", "soap"],
            "regulated_industry": True,
        },
        SPRING,
    ),
    (
        "cpu_heavy_typed_jvm",
        {"workload_profile": "cpu_bound", "jvm_estate": "primary", "typing_priority": True},
        SPRING,
    ),
]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [pytest.param(a, e, id=i) for i, _, a, e in PROFILES],
)
def test_article_profile_is_recommended(pack: Pack, answers: dict[str, Any], expected: str) -> None:
    result = score(pack, answers)
    assert result.recommendation == expected, result.scores


@pytest.mark.parametrize(
    ("answers", "expected"),
    [pytest.param(a, e, id=i) for i, a, e in CLEAR_PROFILES],
)
def test_profile_matching_several_items_is_clear_once_answered_in_full(
    pack: Pack, answers: dict[str, Any], expected: str
) -> None:
    # Left open, the defaults could still flip it: not clear until the team says so.
    partial = score(pack, answers)
    assert partial.recommendation == expected, partial.scores
    assert partial.confidence != "clear" or not partial.open_flips
    full = {q.id: q.default for q in pack.questions if q.default is not None} | answers
    result = score(pack, full)
    assert (result.recommendation, result.confidence) == (expected, "clear"), result.hinges_on


def test_profiles_are_distinct() -> None:
    ids = [p[0] for p in PROFILES] + [p[0] for p in CLEAR_PROFILES]
    answers = [repr(sorted(p[2].items())) for p in PROFILES]
    assert len(set(ids)) == len(ids)
    assert len(set(answers)) == len(answers)


def test_defaults_alone_are_not_a_clear_call(pack: Pack) -> None:
    # Knowing nothing beyond the defaults must not produce a confident answer.
    assert score(pack, {}).confidence != "clear"


def test_polyglot_org_gets_run_both_advice(pack: Pack) -> None:
    answers = {
        "team_size": 150,
        "team_language": "both",
        "team_experience": "senior",
        "jvm_estate": "some",
        "ml_integration": True,
        "regulated_industry": True,
    }
    result = score(pack, answers)
    assert result.confidence == "close_call"
    assert "polyglot" in {note.id for note in result.advice}


@pytest.mark.parametrize(
    ("slow", "expected_advice"),
    [(True, "spring_webflux"), (False, "spring_mvc")],
)
def test_spring_advice_picks_one_web_stack(pack: Pack, slow: bool, expected_advice: str) -> None:
    answers = {"jvm_estate": "primary", "team_language": "java", "slow_downstream": slow}
    advice = {note.id for note in score(pack, answers).advice}
    assert advice & {"spring_mvc", "spring_webflux"} == {expected_advice}


def _expectation(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    found = re.search(r"\(expect: ([a-z_ ]+)\)", first)
    assert first.startswith("# ") and found, f"{path.name}: first line must say '(expect: ...)'"
    return found.group(1)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_example_scores_as_its_comment_says(pack: Pack, path: Path) -> None:
    expected = _expectation(path)
    result = score(pack, read_answers(pack, str(path)))
    if expected == "a close call":
        assert result.confidence == "close_call", result.scores
    else:
        assert result.recommendation == expected, result.scores


def test_minimal_example_answers_only_the_contract_ids(pack: Pack) -> None:
    contract = {
        "team_size",
        "team_language",
        "jvm_estate",
        "ml_integration",
        "workload_profile",
        "cold_start_critical",
        "enterprise_integrations",
        "regulated_industry",
        "greenfield",
    }
    answers = read_answers(pack, str(EXAMPLES / "minimal.yaml"))
    assert set(answers.values) - set(answers.defaulted) - set(answers.not_asked) == contract
