"""The decision-record view: MADR Markdown (``stackpick adr``), or the same record as JSON."""

from __future__ import annotations

import dataclasses
import json as _json
import re
from typing import TYPE_CHECKING, Any, TextIO

from stackpick.adr import Adr
from stackpick.errors import printable
from stackpick.render import Context, View
from stackpick.render.common import md, number, write_json

if TYPE_CHECKING:
    from stackpick.adr import Argument, Considered, Link
    from stackpick.models import Pack


def to_data(adr: Adr) -> dict[str, Any]:
    """The record as JSON-ready data."""
    data = dataclasses.asdict(adr)
    data["drivers"] = [
        {
            "criterion": r.criterion,
            "title": r.title,
            "weight": r.weight,
            "favours": r.favours,
            "points": r.points,
            "why": r.why,
            "section": r.section,
        }
        for r in adr.drivers
    ]
    for option in data["options"]:
        option["score"] = round(option["score"], 2)
    data["margin"] = round(adr.margin, 2)
    data["file_name"] = adr.file_name
    return data


def json(adr: Adr, out: TextIO, context: Context) -> None:
    """The record as one JSON object."""
    write_json(to_data(adr), out)


def _argument(argument: Argument) -> str:
    if not argument.criterion:
        return f"* Bad, because of a trade-off: {md(argument.text)}"
    lead = f" (+{number(argument.points)} points)" if argument.points else ""
    criterion = f"*{md(argument.criterion)}*"
    if argument.kind == "bad":
        because = f"Bad, because {criterion} favours {md(argument.favours)}"
    elif argument.kind == "good":
        because = f"Good, because of {criterion}"
    else:
        because = f"Neutral, because {criterion} favours neither"
    return f"* {because}{lead}: {md(argument.text)}"


def _header(adr: Adr) -> list[str]:
    lines = ["---", f"status: {adr.status}", f"date: {adr.date}"]
    if adr.deciders:
        # front matter is YAML, not Markdown: a JSON string is a valid YAML scalar
        lines.append(f"decision-makers: {_json.dumps(printable(adr.deciders), ensure_ascii=False)}")
    lines += ["---", "", f"# {adr.number:04d}. {md(adr.title)}", ""]
    if adr.supersedes is not None:
        old = adr.supersedes
        lines += [f"Supersedes [{old.label}]({old.file_name}): {md(old.title)}.", ""]
    return lines


def _context(adr: Adr) -> list[str]:
    lines = ["## Context and Problem Statement", ""]
    if adr.problem:
        lines += [md(adr.problem), ""]
    lines += [
        f"The team answered stackpick's questions (criteria pack {md(adr.pack)}); answers "
        "marked *(default)* were not given, and those marked *(not sure)* were answered "
        "not sure: both took the pack's default.",
        "",
    ]
    for fact in adr.facts:
        mark = " *(not sure)*" if fact.unsure else " *(default)*" if fact.defaulted else ""
        lines.append(f"* {md(fact.prompt)} **{md(fact.answer)}**{mark}")
    return lines + [""]


def _drivers(adr: Adr) -> list[str]:
    lines = ["## Decision Drivers", "", "The criteria that did most to decide it:", ""]
    for r in adr.drivers:
        favours = next((o.name for o in adr.options if o.option == r.favours), "even")
        lines.append(
            f"* *{md(r.title)}* (weight {number(r.weight)}, favours {md(favours)}): {md(r.why)}"
        )
    return lines + [""]


def _outcome(adr: Adr) -> list[str]:
    scores = ", ".join(f"{md(o.name)} {number(o.score)}" for o in adr.options)
    confidence = adr.confidence.replace("_", " ")
    lines = ["## Considered Options", ""]
    lines += [f"* {md(o.name)}" for o in adr.options] + [""]
    lines += ["## Decision Outcome", ""]
    margin = f", a margin of {number(adr.margin)} points"
    if adr.tie:
        because = f"it ties for the highest score and is listed first ({scores} of 100, indicative)"
    elif adr.ruled_out:  # a lead over the 0 of an option ruled out says nothing
        because, margin = f"{md(adr.ruled_out)} (see the constraints below)", ""
    else:
        because = f"it scores highest on the answers above ({scores} of 100, indicative)"
    lines += [
        f'Chosen option: "{md(adr.chosen_name)}", because {because}. Confidence: '
        f"**{confidence}**{margin}."
        + (
            " The choice is provisional: settle what it hinges on before this record is accepted."
            if adr.provisional
            else ""
        ),
        "",
    ]
    lines += _robustness(adr)
    lines += ["### Consequences", ""]
    lines += [_argument(a) for a in adr.consequences] + [""]
    if adr.advice:
        lines += ["### How to carry it out", ""]
        lines += [f"* **{md(a.criterion)}**: {md(a.text)}" for a in adr.advice] + [""]
    if adr.risks:
        lines += ["### Risks", ""]
        lines += [f"* {md(r)}" for r in adr.risks] + [""]
    gate = (
        f"`stackpick score --answers ANSWERS --expect {adr.chosen}` fails when the answers no"
        f" longer lead to {md(adr.chosen_name)}"
    )
    review = (
        "`stackpick checklist --answers ANSWERS --status REVIEW --require-complete` tracks the"
        " production-readiness review."
    )
    lines += ["### Confirmation", ""]
    if adr.provisional:
        lines.append(
            f"Not by a CI gate yet: on a {confidence} a gate would pin a result that one changed"
            " answer overturns. Settle the questions it hinges on and score again; once the"
            f" record is accepted, {gate}, and {review}"
        )
    else:
        lines.append(f"A CI gate keeps this record honest: {gate}, and {review}")
    return lines + [""]


def _robustness(adr: Adr) -> list[str]:
    """Constraints, what the decision hinges on and the open questions, as short lists."""
    lines: list[str] = []
    for title, items in (
        ("Constraints", adr.constraints),
        ("It hinges on", adr.hinges),
        ("Open questions (no answer given; the default stood in)", adr.open_questions),
        ("Open answers that could change it", adr.open_flips),
    ):
        if items:
            lines += [f"**{title}:**", ""] + [f"* {md(i)}" for i in items] + [""]
    if not adr.hinges and not adr.open_flips:
        lines += ["No single changed answer, and no answer to an open question, changes it.", ""]
    return lines


def _option(option: Considered) -> list[str]:
    lines = [f"### {md(option.name)}", "", f"Score {number(option.score)} of 100.", ""]
    lines += [_argument(a) for a in option.arguments]
    return lines + [""]


def _changes(adr: Adr) -> list[str]:
    lines = ["## More Information", "", "### What would change the decision", ""]
    if not adr.flips:
        lines.append("No single changed answer or weight changes the recommendation.")
        return lines
    names = {o.option: o.name for o in adr.options}
    lines += ["| If | changes to | the recommendation becomes |", "|---|---|---|"]
    for flip in adr.flips:
        becomes = names.get(flip.recommendation, flip.recommendation)
        if flip.confidence:
            becomes += f" ({flip.confidence})"
        lines.append(f"| {md(flip.subject)} | {md(flip.change)} | {md(becomes)} |")
    return lines


def body(adr: Adr) -> str:
    """The record's sections, without its front matter and heading (the HTML page shows those)."""
    lines = _context(adr) + _drivers(adr) + _outcome(adr)
    lines += ["## Pros and Cons of the Options", ""]
    for option in adr.options:
        lines += _option(option)
    lines += _changes(adr)
    return "\n".join(lines) + "\n"


def markdown(adr: Adr, out: TextIO, context: Context) -> None:
    """The record in MADR format."""
    out.write("\n".join(_header(adr)) + "\n" + body(adr))


def page_context(adr: Adr, pack: Pack) -> dict[str, Any]:
    """What the record's HTML page shows above its sections: the box, the heading, the fields."""
    from stackpick.render.report import verdict

    runner = next((o.option for o in adr.options if o.option != adr.chosen), None)
    box = verdict(
        pack, adr.chosen, runner, adr.confidence, adr.margin, adr.tie, ruled_out=adr.ruled_out
    )
    fields = [("Status", adr.status), ("Date", adr.date)]
    if adr.deciders:
        fields.append(("Decision-makers", adr.deciders))
    supersedes = None
    if adr.supersedes is not None:
        old = adr.supersedes
        supersedes = {"label": old.label, "href": old.file_name, "title": old.title}
    return {
        "verdict": {**box, "lead": "Decision"},
        "heading": f"{adr.number:04d}. {adr.title}",
        "fields": fields,
        "supersedes": supersedes,
    }


STATUS_FIELD = re.compile(r'<dd id="record-status">.*?</dd>', re.S)
CHOICE = re.compile(r'<div class="choice">.*?</div>', re.S)  # in the box the page opens with


def superseded_page(page: str, by: Link) -> str:
    """A record's HTML page with its status 'superseded by ADR-NNNN', linked to ``by``."""
    from markupsafe import escape

    field = (
        f'<dd id="record-status">superseded by {escape(by.label)}</dd>\n'
        f'<dt>Superseded by</dt><dd><a href="{escape(by.file_name)}">{escape(by.label)}</a>:'
        f" {escape(printable(by.title))}</dd>"
    )
    replaced = (
        f'<p><strong>Superseded:</strong> <a href="{escape(by.file_name)}">'
        f"{escape(by.label)}</a> replaces this decision.</p>"
    )
    page = CHOICE.sub(lambda found: found.group(0) + "\n" + replaced, page, count=1)
    return STATUS_FIELD.sub(lambda _: field, page, count=1)


VIEW = View(Adr, {"json": json, "markdown": markdown})
