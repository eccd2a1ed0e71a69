"""Pack lint: rules that can never fire, and questions that no rule reads."""

from __future__ import annotations

from pathlib import Path

from stackpick.lint import lint
from stackpick.models import Pack
from stackpick.pack import load_pack

PACK = """\
pack: {name: lint, version: "1"}
options: [{id: a, name: A}, {id: b, name: B}]
confidence: [{level: clear, min_margin: 10}, {level: close_call, min_margin: 0}]
questions:
  - {id: size, prompt: Size?, type: integer, min: 1, max: 100, default: 5}
  - {id: fast, prompt: Fast?, type: boolean, default: false}
  - {id: note, prompt: Anything else?, type: boolean, default: false}
criteria:
  - id: big
    title: Big
    weight: 1
    section: S
    rules:
      - {when: {question: size, at_least: 10}, values: {a: 0, b: 1}, why: big}
      - {when: {question: size, at_least: 20}, values: {a: 0, b: 1}, why: shadowed}
      - when: {all: [{question: fast, equals: true}, {question: fast, equals: false}]}
        values: {a: 1, b: 0}
        why: never
      - {values: {a: 1, b: 0}, why: small}
      - {when: {question: fast, equals: true}, values: {a: 1, b: 0}, why: after the fallback}
"""


def test_the_shipped_pack_is_clean(pack: Pack) -> None:
    assert lint(pack) == []


def test_shadowed_impossible_and_unread_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(PACK)
    found = {f.where: f.message for f in lint(load_pack(path))}
    assert set(found) == {
        ("criteria", 0, "rules", 1),  # size >= 20 is always caught by size >= 10 first
        ("criteria", 0, "rules", 2),  # fast is never both true and false
        ("criteria", 0, "rules", 4),  # after an unconditional rule
        ("questions", 2),  # nothing reads 'note'
    }
    assert "rule 2 never fires" in found[("criteria", 0, "rules", 1)]
    assert "nothing in the pack reads it" in found[("questions", 2)]
