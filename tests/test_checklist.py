"""The production-readiness checklist: pack items, status files, progress and the CLI gate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from goldens import check_golden
from stackpick.answers import check_answers
from stackpick.checklist import Mark, applicable, build, check_status
from stackpick.errors import InputError
from stackpick.models import Pack
from stackpick.yamlfile import parse
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SERVERLESS = str(EXAMPLES / "serverless-api.yaml")
JVM = str(EXAMPLES / "jvm-enterprise.yaml")


def values(pack: Pack, **given: object) -> Any:
    return check_answers(pack, given).values


def ids(items: Any) -> set[str]:
    return {i.id for i in items}


def test_pack_covers_the_production_advice(pack: Pack) -> None:
    categories = {i.category for i in pack.checklist}
    expected = {"Scalability", "Observability", "Logging", "Security", "Testing", "Rollouts"}
    assert expected | {"Pitfalls", "Runtime"} <= categories
    for item in pack.checklist:
        assert item.why and item.section and item.title
    stacks = {i.stack for i in pack.checklist}
    assert stacks == {"all", *pack.option_ids}


def test_stack_specific_items_follow_the_stack(pack: Pack) -> None:
    plain = values(pack)
    fastapi = ids(applicable(pack, "fastapi", plain))
    spring = ids(applicable(pack, "spring_boot", plain))
    assert {"gunicorn_uvicorn_workers", "fastapi_instrumentator"} <= fastapi - spring
    assert {"spring_micrometer", "spring_jvm_memory"} <= spring - fastapi
    assert "stateless_handlers" in fastapi & spring


def test_conditions_pick_items_by_answers(pack: Pack) -> None:
    cold = values(pack, cold_start_critical=True, native_image_ok=True)
    assert "spring_native_image" in ids(applicable(pack, "spring_boot", cold))
    assert "spring_native_hints" in ids(applicable(pack, "spring_boot", cold))
    assert "spring_native_image" not in ids(applicable(pack, "spring_boot", values(pack)))
    regulated = values(pack, regulated_industry=True)
    assert "audit_trail" in ids(applicable(pack, "fastapi", regulated))
    assert "audit_trail" not in ids(applicable(pack, "fastapi", values(pack)))


def status(pack: Pack, text: str) -> dict[str, Mark]:
    return check_status(pack, parse(text, "review.yaml"))


def test_status_file_flat_or_wrapped(pack: Pack) -> None:
    flat = status(pack, "stateless_handlers: done\n")
    wrapped = status(pack, "meta: {by: ops}\nitems:\n  stateless_handlers: done\n")
    assert flat == wrapped == {"stateless_handlers": Mark("done")}
    marks = status(
        pack,
        "chaos_tests: {status: not_applicable, reason: batch only}\n"
        "load_tests: {status: open, note: next sprint}\n",
    )
    assert marks["chaos_tests"] == Mark("not_applicable", "", "batch only")
    assert marks["load_tests"] == Mark("open", "next sprint", "")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("stateles_handlers: done\n", 1, "did you mean 'stateless_handlers'"),
        ("items:\n  load_tests: done\n  chaos_test: done\n", 3, "unknown checklist item"),
        ("load_tests: finished\n", 1, "one of: done, not_applicable, open"),
        ("load_tests: yes\n", 1, "is not allowed"),
        ("chaos_tests: {status: not_applicable}\n", 1, "needs a reason"),
        ("load_tests: {status: done, owner: me}\n", 1, "unknown field 'owner'"),
        ("load_tests: [done]\n", 1, "expected a status"),
        ("- load_tests\n", 1, "expected a mapping"),
        ("items: [load_tests]\n", 1, "'items:' must hold a mapping"),
    ],
)
def test_bad_status_files(pack: Pack, text: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        status(pack, text)
    assert caught.value.line == line
    assert fragment in caught.value.message


def test_progress_per_category(pack: Pack) -> None:
    marks = {
        "stateless_handlers": Mark("done"),
        "external_session_state": Mark("not_applicable", reason="no sessions"),
        "chaos_tests": Mark("done"),
    }
    checklist = build(pack, "fastapi", values(pack), marks)
    scalability = next(p for p in checklist.categories if p.category == "Scalability")
    assert (scalability.done, scalability.not_applicable) == (1, 1)
    assert scalability.open == scalability.total - 2
    overall = checklist.overall
    assert overall.total == len(checklist.entries)
    assert overall.done == 2 and overall.not_applicable == 1
    assert sum(p.total for p in checklist.categories) == overall.total
    required = [e for e in checklist.entries if e.item.required]
    assert len(checklist.required_open) == len(required) - 2  # chaos_tests is optional


def all_done(cli: CLI, answers: str, tmp_path: Path) -> Path:
    listed = json.loads(cli("checklist", "--answers", answers, "--format", "json").out)
    review = tmp_path / "review.yaml"
    review.write_text("items:\n" + "".join(f"  {i['id']}: done\n" for i in listed["items"]))
    return review


def test_require_complete_gate(cli: CLI, tmp_path: Path) -> None:
    open_run = cli("checklist", "--answers", SERVERLESS, "--require-complete")
    assert open_run.code == 1
    assert open_run.err.startswith("checklist incomplete: ")
    assert "required items open: stateless_handlers" in open_run.err
    assert "Production-readiness checklist: FastAPI" in open_run.out
    review = all_done(cli, SERVERLESS, tmp_path)
    done = cli("checklist", "--answers", SERVERLESS, "--status", str(review), "--require-complete")
    assert done.code == 0 and done.err == ""
    assert "closed (" in done.out
    without_gate = cli("checklist", "--answers", SERVERLESS)
    assert without_gate.code == 0


def test_json_and_markdown_views(cli: CLI, tmp_path: Path) -> None:
    review = tmp_path / "review.yaml"
    review.write_text(
        "items:\n  spring_micrometer: done\n"
        "  chaos_tests: {status: not_applicable, reason: a batch job}\n"
    )
    data = json.loads(cli("checklist", "-a", JVM, "--status", str(review), "--format", "json").out)
    assert data["stack"] == "spring_boot" and data["complete"] is False
    by_id = {i["id"]: i for i in data["items"]}
    assert by_id["spring_micrometer"]["status"] == "done"
    assert by_id["chaos_tests"]["reason"] == "a batch job"
    assert "gunicorn_uvicorn_workers" not in by_id
    assert data["progress"]["done"] == 1 and data["progress"]["not_applicable"] == 1
    md = cli("checklist", "-a", JVM, "--status", str(review), "--format", "markdown").out
    assert "- [x] **Micrometer metrics" in md
    assert "- [x] ~~Chaos experiments" in md
    # the example's service is stateful: it is not told to keep no state between requests
    assert "- [ ] **Requests reach the instance that holds their state" in md
    assert "Request handlers keep no state" not in md


def test_stack_option_overrides_the_recommendation(cli: CLI) -> None:
    data = json.loads(cli("checklist", "-a", JVM, "--stack", "fastapi", "-f", "json").out)
    assert data["stack"] == "fastapi"
    bad = cli("checklist", "-a", JVM, "--stack", "fastapy")
    assert bad.code == 2 and bad.out == ""
    assert "did you mean 'fastapi'" in bad.err


def test_bad_status_file_through_the_cli(cli: CLI, tmp_path: Path) -> None:
    review = tmp_path / "review.yaml"
    review.write_text("items:\n  load_tests: done\n  tls_everywere: done\n")
    r = cli("checklist", "-a", JVM, "--status", str(review))
    assert r.code == 2 and r.out == ""
    assert f"{review}:3: unknown checklist item 'tls_everywere'" in r.err
    assert "did you mean 'tls_everywhere'" in r.err


def test_a_marked_item_the_checklist_does_not_show_is_said(cli: CLI, tmp_path: Path) -> None:
    """Found by a newcomer: a FastAPI item marked on a Spring checklist was dropped unseen."""
    review = tmp_path / "review.yaml"
    review.write_text("load_tests: done\nfastapi_container_image: done\n")
    r = cli("checklist", "-a", JVM, "--status", str(review), "-f", "json")
    assert r.code == 0 and json.loads(r.out)["stack"] == "spring_boot"
    assert (
        r.err
        == "note: marked, but not on this checklist, so not counted: fastapi_container_image\n"
    )


def test_pack_cross_checks_checklist_items(cli: CLI, tmp_path: Path) -> None:
    criteria = tmp_path / "criteria"
    shutil.copytree(ROOT / "criteria", criteria)
    checklist = criteria / "checklist.yaml"
    text = checklist.read_text()
    text = text.replace("stack: spring_boot", "stack: spring", 1)
    text = text.replace("question: regulated_industry", "question: regulatd_industry")
    checklist.write_text(text)
    r = cli("criteria", "validate", str(criteria))
    assert r.code == 2 and r.out == ""
    assert "unknown stack 'spring'" in r.err and "allowed: all, fastapi, spring_boot" in r.err
    assert "unknown question 'regulatd_industry'; did you mean 'regulated_industry'" in r.err
    assert f"{checklist}:" in r.err


def test_golden_views(cli: CLI, tmp_path: Path) -> None:
    review = tmp_path / "review.yaml"
    review.write_text(
        "items:\n  stateless_handlers: done\n"
        "  chaos_tests: {status: not_applicable, reason: no live traffic yet}\n"
        "  load_tests: {status: open, note: booked for the next sprint}\n"
    )
    for fmt, name in (("table", "txt"), ("markdown", "md")):
        r = cli("checklist", "-a", SERVERLESS, "--status", str(review), "-f", fmt)
        check_golden(f"checklist-serverless.{name}", r.out)


def test_pack_without_checklist(cli: CLI, tmp_path: Path) -> None:
    three = ROOT / "tests" / "data" / "three-options"
    answers = tmp_path / "a.yaml"
    answers.write_text("language: java\n")
    r = cli("checklist", "-c", str(three), "-a", str(answers), "--require-complete")
    assert r.code == 0, r.err
    assert "No checklist items apply" in r.out


def test_the_checklist_is_for_the_stack_the_same_weights_recommend(
    cli: CLI, tmp_path: Path
) -> None:
    """Found by a newcomer: with an organisation's weights, score and adr said FastAPI while
    checklist, which took no weights, checked Spring Boot."""
    polyglot = str(EXAMPLES / "polyglot-close-call.yaml")
    assert json.loads(cli("checklist", "-a", polyglot, "-f", "json").out)["stack"] == "spring_boot"
    line = ["checklist", "-a", polyglot, "-f", "json", "--weight", "ml_integration=10"]
    assert json.loads(cli(*line).out)["stack"] == "fastapi"
    org = tmp_path / "org"  # settings are looked up once per folder: a folder of their own
    org.mkdir()
    (org / ".stackpick.toml").write_text("weights = {ml_integration = 10}\n")
    checked = cli("checklist", "-a", polyglot, "-f", "json", cwd=org)
    assert json.loads(checked.out)["stack"] == "fastapi"
    scored = cli("score", "-a", polyglot, "-f", "json", cwd=org)
    assert json.loads(scored.out)["recommendation"] == "fastapi"
