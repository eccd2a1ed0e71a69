"""``stackpick criteria validate``, ``criteria show`` and ``criteria test``."""

from __future__ import annotations

from pathlib import Path

from stackpick.commands.common import emit, load
from stackpick.errors import InputError, printable, warn
from stackpick.render import Context


def validate(*, path: Path | None, strict: bool = False) -> int:
    """Load and check a pack, never trusting the cache; a summary on success (errors are raised).

    Then lint it: each rule that can never fire and each question nothing reads is a
    warning on stderr, with its file and line (with ``strict``, exit 1 when there is one).
    """
    from stackpick.lint import lint
    from stackpick.pack import pack_locator

    pack = load(path, cache=False)
    findings = lint(pack)
    if findings:
        locate = pack_locator(path)
        for finding in findings:
            source, line = locate(finding.where)
            where = f"{source}:{line}: " if source and line else ""
            warn(f"warning: {printable(where + finding.message)}")
    print(
        f"ok: {printable(pack.pack.name)} {printable(pack.pack.version)}: "
        f"{len(pack.options)} options, "
        f"{len(pack.questions)} questions, {len(pack.criteria)} criteria, "
        f"{len(pack.tradeoffs)} trade-offs, {len(pack.advice)} pieces of advice, "
        f"{len(pack.checklist)} checklist items"
        + (f"; {len(findings)} warning{'s' * (len(findings) != 1)}" if findings else "")
    )
    return 1 if strict and findings else 0


def test(*, path: Path | None, cases: Path | None, coverage: bool, fmt: str) -> int:
    """Run a pack's own test cases: exit 1 when one fails, 2 when a case file is bad."""
    from stackpick.cases import case_files, run_cases
    from stackpick.pack import default_pack_path

    pack = load(path, cache=False)
    folder = cases
    if folder is None:
        base = path if path is not None else default_pack_path()
        folder = (base if base.is_dir() else base.parent) / "tests"
        if not folder.is_dir():
            raise InputError(
                "has no tests/ folder of cases; give one with --cases", source=str(base)
            )
    report = run_cases(pack, case_files(folder))
    emit("cases", fmt, report, Context(show_coverage=coverage))
    return 1 if report.failed else 0


def show(*, criteria: Path | None, fmt: str) -> int:
    """Render the pack's questions and criteria."""
    emit("pack", fmt, load(criteria))
    return 0
