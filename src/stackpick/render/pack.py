"""The criteria pack view: what ``criteria show`` prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from stackpick.errors import printable
from stackpick.models import Pack
from stackpick.render import Context, View
from stackpick.render.common import answer_text, condition_text, console, md, number, write_json

if TYPE_CHECKING:
    from stackpick.models import Question


def default_text(question: Question) -> str:
    """A question's default as a person would write it."""
    return "(none)" if question.default is None else answer_text(question.default)


def allowed_text(question: Question) -> str:
    """The values a question takes, briefly."""
    if question.type == "integer":
        return f"{question.min if question.min is not None else ''}..{question.max or ''}"
    if question.type == "boolean":
        return "true / false"
    joined = " / ".join(question.choice_values)
    return f"[{joined}]" if question.type == "multi" else joined


def to_data(pack: Pack) -> dict[str, Any]:
    """The pack as JSON-ready data."""
    return pack.model_dump(mode="json", by_alias=True, exclude_none=True)


def json(pack: Pack, out: TextIO, context: Context) -> None:
    """The whole pack as one JSON object."""
    write_json(to_data(pack), out)


def markdown(pack: Pack, out: TextIO, context: Context) -> None:
    """Questions and criteria as Markdown tables."""
    lines = [
        f"## Criteria pack {md(pack.pack.name)} {md(pack.pack.version)}",
        "",
        "### Questions",
        "",
    ]
    lines += [
        "| Id | Type | Allowed | Default | Asked when | Prompt |",
        "|---|---|---|---|---|---|",
    ]
    for q in pack.questions:
        cells = [q.id, q.type, allowed_text(q), default_text(q), condition_text(q.when), q.prompt]
        lines.append("| " + " | ".join(md(c) for c in cells) + " |")
    lines += [
        "",
        "### Criteria",
        "",
        "| Id | Title | Weight | Rules | Section |",
        "|---|---|---:|---:|---|",
    ]
    for c in pack.criteria:
        cells = [c.id, c.title, number(c.weight), str(len(c.rules)), c.section]
        lines.append("| " + " | ".join(md(x) for x in cells) + " |")
    out.write("\n".join(lines) + "\n")


def table(pack: Pack, out: TextIO, context: Context) -> None:
    """Questions and criteria as two tables."""
    from rich.table import Table

    con = console(out)
    questions = Table(
        title=f"Questions of {printable(pack.pack.name)} {printable(pack.pack.version)}",
        title_justify="left",
        expand=True,
    )
    # Ids stay whole (people copy them into answers files), and so do the ids that
    # conditions name, as far as 80 columns allow. The type shows in what is allowed
    # (1..100, true / false, a / b, [a / b] for several), so it has no column here.
    # The default goes under what is allowed: three columns of words fit 80 columns whole,
    # each as wide as its longest word (folded only where a pack's words are too long).
    rows = [
        [
            printable(q.id),
            printable(f"{allowed_text(q)}\ndefault: {default_text(q)}"),
            printable(condition_text(q.when)),
        ]
        for q in pack.questions
    ]

    def widest(column: int) -> int:
        return max((len(word) for row in rows for word in row[column].split()), default=0)

    questions.add_column("Id", no_wrap=True)
    questions.add_column("Allowed", overflow="fold", ratio=4, min_width=min(widest(1), 20))
    questions.add_column("Asked when", overflow="fold", ratio=5, min_width=min(widest(2), 24))
    for row in rows:
        questions.add_row(*row)
    con.print(questions)
    criteria = Table(title="Criteria", title_justify="left", expand=True)
    for name in ("Id", "Title", "Weight", "Rules", "Section"):
        criteria.add_column(
            name,
            overflow="fold",
            no_wrap=name == "Id",
            justify="right" if name in ("Weight", "Rules") else "left",
        )
    for c in pack.criteria:
        criteria.add_row(
            *(printable(x) for x in (c.id, c.title, number(c.weight), str(len(c.rules)), c.section))
        )
    con.print(criteria)


VIEW = View(Pack, {"json": json, "markdown": markdown, "table": table})
