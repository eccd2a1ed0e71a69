"""docs/cli.md is the real --help of every command; a stale reference fails here.

Run with UPDATE_DOCS=1 to write it again from the commands themselves.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from stackpick.commandline import COMMANDS
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "cli.md"
HEAD = """# Command-line reference

Generated from each command's own `--help` (80 columns); `tests/test_docs.py` fails when a
command's help and this page disagree (`UPDATE_DOCS=1` writes it again). The public interface
the commands keep to, in our own words, is [interface.md](interface.md).
"""


def reference(cli: CLI) -> str:
    parts = [HEAD]
    for words in [[], *(c.name.split() for c in COMMANDS)]:
        run = cli(*words, "--help")
        assert run.code == 0, (words, run.err)
        title = " ".join(["stackpick", *words])
        parts.append(f"\n## `{title}`\n\n```text\n{run.out.rstrip()}\n```\n")
    return "".join(parts)


def test_the_cli_reference_is_the_real_help(cli: CLI) -> None:
    text = reference(cli)
    if os.environ.get("UPDATE_DOCS"):
        REFERENCE.write_text(text, encoding="utf-8")
    assert REFERENCE.read_text(encoding="utf-8") == text, "docs/cli.md is stale: UPDATE_DOCS=1"


def test_every_command_is_in_the_readme_and_the_reference() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reference_text = REFERENCE.read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"stackpick {command.name}" in readme, command.name
        assert f"## `stackpick {command.name}`" in reference_text, command.name


def test_the_interface_names_every_exit_code_the_cli_uses() -> None:
    interface = (ROOT / "docs" / "interface.md").read_text(encoding="utf-8")
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "stackpick").rglob("*.py"))
    for code in sorted({int(c) for c in re.findall(r"\breturn (\d+)\b", source)} - {0}):
        if code in (1, 2, 74, 130):
            assert f"| {code} |" in interface, code
