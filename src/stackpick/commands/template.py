"""``stackpick template`` and ``stackpick schema``: an answers file to fill in, and its schema."""

from __future__ import annotations

import json
from pathlib import Path

from stackpick.commands.common import load
from stackpick.commands.output import check_named, write_kept
from stackpick.errors import json_safe


def template(*, criteria: Path | None, schema: str, output: Path | None) -> int:
    """Print (or write) the commented answers template."""
    from stackpick.template import build_template

    check_named(output, "yaml")  # .yaml names no other format; .json or .md would
    write_kept(build_template(load(criteria), schema), output)
    return 0


def schema(*, criteria: Path | None, output: Path | None) -> int:
    """Print (or write) the JSON Schema of an answers file for the pack."""
    from stackpick.schema import build_schema

    check_named(output, "json")
    text = json.dumps(build_schema(load(criteria)), indent=2, ensure_ascii=False)
    write_kept(json_safe(text) + "\n", output)  # no raw C1 or bidi characters
    return 0
