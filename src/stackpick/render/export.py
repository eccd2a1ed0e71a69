"""Reports to share: a self-contained HTML page and an SVG chart, made with Jinja2 templates.

Every page has one shape (``templates/base.html.j2``): a title with the project and
date, the view's body, and a footer naming the criteria pack, its version and its
source. The recommendation page (``result``) is built from the same data as the JSON
view (:func:`stackpick.render.result.to_data`); the other views put their Markdown,
turned into HTML by markdown-it-py with raw HTML off, inside the same page.

Autoescaping is on, and every value passes :func:`stackpick.errors.printable` on its
way out, so markup in answers or packs shows as text and bidi controls as escapes.
Jinja2 is imported only here, and only when a page is made.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

    from stackpick.engine import Result
    from stackpick.models import Pack

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Heading:
    """What a page says about itself: project, date, and the criteria pack it comes from."""

    project: str = ""
    date: str = ""
    pack_name: str = ""
    pack_version: str = ""
    source: str = ""


def heading_for(pack: Pack, meta: Mapping[str, Any] | None = None) -> Heading:
    """The heading from the pack and an answers file's ``meta`` (project, date; else today)."""
    meta = meta if isinstance(meta, Mapping) else {}
    project, date = meta.get("project"), meta.get("date")
    return Heading(
        project=project.strip() if isinstance(project, str) else "",
        date=str(date) if isinstance(date, str | datetime.date) else "",
        pack_name=pack.pack.name,
        pack_version=pack.pack.version,
        source=pack.pack.source,
    )


def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    from stackpick.errors import printable

    def finalize(value: Any) -> Any:
        # markup the templates made themselves (the chart, Markdown's HTML) passes as is
        if isinstance(value, Markup) or not isinstance(value, str):
            return value
        return printable(value)

    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def title_for(view: str, heading: Heading) -> str:
    """'Decision report: payments-ledger', or the kind of page alone without a project."""
    kind = KINDS.get(view, view)
    return f"{kind}: {heading.project}" if heading.project else kind


def _page(view: str, heading: Heading) -> dict[str, Any]:
    from markupsafe import Markup

    from stackpick import __version__

    date = heading.date or datetime.date.today().isoformat()
    return {
        "title": title_for(view, heading),
        "project": heading.project,
        "date": date,
        "pack_name": heading.pack_name,
        "pack_version": heading.pack_version,
        "source": heading.source,
        # our own stylesheet, inlined as written (escaping would break its quotes)
        "css": Markup((TEMPLATES / "style.css").read_text(encoding="utf-8")),
        "tool_version": __version__,
    }


KINDS = {
    "result": "Decision report",
    "explain": "Every criterion explained",
    "whatif": "What would change the recommendation",
    "consensus": "Consensus of the team",
    "checklist": "Production-readiness checklist",
    "portfolio": "Portfolio of decisions",
    "adr": "Architecture decision record",
}


def html(
    view: str,
    data: Any,
    *,
    heading: Heading | None = None,
    pack: Pack | None = None,
    **options: Any,
) -> str:
    """The view as one self-contained HTML page (inline CSS and SVG, no script)."""
    from markupsafe import Markup

    env = _environment()
    heading = heading or Heading()
    page = _page(view, heading)
    result = _result_of(view, data)
    chart = Markup(_chart(env, result, pack, heading)) if result and pack else ""
    if view == "result" and pack is not None:
        context = {"page": page, "r": result_context(data, pack), "chart": chart}
        return env.get_template("result.html.j2").render(context)
    body = Markup(_markdown_html(view, data, pack, **options))
    return env.get_template("markdown.html.j2").render(page=page, body=body, chart=chart)


def _result_of(view: str, data: Any) -> Result | None:
    """The result a view's chart shows: the view's own (score), or the one it analyses."""
    from stackpick.engine import Result

    found = data if view == "result" else getattr(data, "result", None)
    return found if isinstance(found, Result) else None


def svg(
    view: str,
    data: Any,
    *,
    heading: Heading | None = None,
    pack: Pack | None = None,
    **options: Any,
) -> str:
    """The chart of a result as a standalone SVG file: scores and per-criterion effects.

    For ``score`` the result itself; for ``explain`` and ``whatif`` the result they analyse.
    """
    result = _result_of(view, data)
    if result is None or pack is None:
        raise ValueError(f"no chart for the {view} view")  # the CLI offers svg only where there is
    chart = _chart(_environment(), result, pack, heading or Heading())
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + chart


def _markdown_html(view: str, data: Any, pack: Pack | None, **options: Any) -> str:
    import io

    from markdown_it import MarkdownIt

    from stackpick.render import render

    buffer = io.StringIO()
    if pack is not None:
        options["pack"] = pack
    render(view, "markdown", data, buffer, **options)
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    rendered: str = parser.render(buffer.getvalue())
    return rendered


# --- the recommendation page ----------------------------------------------------------------

TONES = {"clear": "clear", "lean": "lean"}  # any other confidence (a close call, a tie): close
LABELS = {"clear": "Clear recommendation", "lean": "Leaning one way"}


def result_context(result: Result, pack: Pack) -> dict[str, Any]:
    """What the recommendation page shows, from the JSON view's data."""
    from stackpick.render.common import number
    from stackpick.render.result import (
        constraint_text,
        overrides_text,
        robustness_lines,
        to_data,
    )

    data = to_data(result, pack)
    winner, runner = data["recommendation"], data["runner_up"]
    tone = "close" if data["tie"] else TONES.get(data["confidence"], "close")
    return {
        "name": pack.option_name(winner),
        "runner_up": pack.option_name(runner) if runner else "",
        "tone": tone,
        "confidence_label": "A tie"
        if data["tie"]
        else LABELS.get(data["confidence"], data["confidence"].replace("_", " ").capitalize()),
        "confidence_text": _confidence_text(data, pack),
        "robustness": robustness_lines(result, pack),
        "constraints": [constraint_text(c, pack) for c in result.constraints],
        "scores": [
            {
                "name": pack.option_name(o),
                "score": number(s),
                "note": _score_note(o, data),
            }
            for o, s in sorted(data["scores"].items(), key=lambda kv: -kv[1])
        ],
        "reasons": [_reason(r, winner, pack) for r in data["reasons"]],
        "overrides": _overrides(pack, result, overrides_text),
        "notes": _notes(data, pack),
        "answers": _answers(data, pack),
        "answer_counts": _answer_counts(data),
    }


def _confidence_text(data: Mapping[str, Any], pack: Pack) -> str:
    from stackpick.render.common import number

    name = pack.option_name(data["recommendation"])
    other = pack.option_name(data["runner_up"]) if data["runner_up"] else "the other options"
    margin = number(data["margin"])
    if data["tie"]:
        return f"{name} and {other} score the same; {name} is only listed first."
    level = data["confidence"].replace("_", " ")
    return f"{name} is ahead of {other} by {margin} points out of 100 (indicative; {level})."


def _score_note(option: str, data: Mapping[str, Any]) -> str:
    if option in data["ruled_out"]:
        return "ruled out by a constraint"
    if option == data["recommendation"]:
        return "recommended"
    return "runner-up" if option == data["runner_up"] else ""


def _reason(reason: Mapping[str, Any], winner: str, pack: Pack) -> dict[str, Any]:
    from stackpick.render.common import number

    favours = reason["favours"]
    tone = "even" if favours is None else ("for-winner" if favours == winner else "for-other")
    return {
        "title": reason["title"],
        "criterion": reason["criterion"],
        "weight": number(reason["weight"]),
        "favours": pack.option_name(favours) if favours else "neither",
        "tone": tone,
        "points": ("+" if favours else "") + number(reason["points"]),
        "why": reason["why"],
        "section": reason["section"],
    }


def _overrides(pack: Pack, result: Result, words: Any) -> str:
    from stackpick.engine import weight_overrides

    text: str = words(weight_overrides(pack, result.weights))
    return text


def _notes(data: Mapping[str, Any], pack: Pack) -> list[dict[str, Any]]:
    winner = pack.option_name(data["recommendation"])
    tradeoffs = [
        {"title": "", "text": text, "section": section}
        for text, section in zip(data["tradeoffs"], data["tradeoff_sections"], strict=True)
    ]
    groups = [
        (f"Trade-offs of {winner}", tradeoffs),
        ("Advice", [dict(a) for a in data["advice"]]),
    ]
    return [{"title": title, "entries": items} for title, items in groups if items]


STATUS_TEXT = {
    "given": "given",
    "defaulted": "defaulted: nobody answered, the default stands in",
    "unknown": "unknown: the default stands in",
    "not_asked": "not asked, so not used",
}


def _answers(data: Mapping[str, Any], pack: Pack) -> list[dict[str, str]]:
    from stackpick.answers import answer_text, choice_labels

    rows = []
    for question in pack.questions:
        value = data["answers"].get(question.id)
        status = next(
            (s for s in ("unknown", "defaulted", "not_asked") if question.id in data[s]), "given"
        )
        if value is None and status == "given":
            status = "not_asked"
        shown = value if not isinstance(value, list) else tuple(value)
        rows.append(
            {
                "id": question.id,
                "prompt": question.prompt,
                "answer": answer_text(shown, choice_labels(question)),
                "status": status.replace("_", "-"),
                "status_text": STATUS_TEXT[status],
            }
        )
    return rows


def _answer_counts(data: Mapping[str, Any]) -> str:
    unknown, defaulted = len(data["unknown"]), len(data["defaulted"])
    if not unknown and not defaulted:
        return "Every question asked was answered."
    return (
        f"{unknown} answered as unknown and {defaulted} left to the default;"
        " the recommendation uses the defaults for them."
    )


# --- the chart ------------------------------------------------------------------------------

MARGIN = 24
BARS = 580  # the width of the bar area: the option scores, or both sides of the effects
# Rough widths of a character: 12px monospace for ids, 15px system sans for titles.
ID_PX, TITLE_PX = 7.3, 8.2
LABELS_MIN, LABELS_MAX = 240, 480  # a 64-character id (the longest allowed) still fits whole
WINNER_FILL, OTHER_FILL, PLAIN_FILL = "#1a7f37", "#b42318", "#8c959f"


def _label_width(titles: list[str], ids: list[str]) -> int:
    """The label column: wide enough for every id, and for titles up to where they are cut."""
    wanted = max([len(i) * ID_PX for i in ids] + [min(len(t), 52) * TITLE_PX for t in titles])
    return int(min(max(wanted, LABELS_MIN), LABELS_MAX))


NARROW, WIDE = set("iljtfr.,:;'|!()[] "), set("mwMW@%")


def _em(char: str) -> float:
    """A rough width of a character in ems, in a bold system sans (wide enough for any of them)."""
    if char in NARROW:
        return 0.36
    if char in WIDE or not char.isascii():
        return 1.0
    return 0.72 if char.isupper() or char.isdigit() else 0.62


def _fit(text: str, size: float, room: float) -> str:
    """``text`` cut with an ellipsis where, at ``size`` px, it would run past ``room`` px."""
    used = 0.0
    for i, char in enumerate(text):
        used += _em(char) * size
        if used > room:
            return text[: max(i - 1, 0)] + "\u2026"
    return text


def chart_context(result: Result, pack: Pack, heading: Heading) -> dict[str, Any]:
    """The geometry of the chart: one bar per option, one diverging bar per criterion."""
    from stackpick.render.common import number
    from stackpick.render.result import to_data

    data = to_data(result, pack)
    winner, runner = data["recommendation"], data["runner_up"]
    reasons = data["reasons"]
    names = [pack.option_name(o) for o in data["scores"]]
    labels = _label_width([r["title"] for r in reasons] + names, [r["criterion"] for r in reasons])
    bars_left = MARGIN + labels + 16
    bars_width = BARS
    width = bars_left + bars_width + 110
    scores_top = 70
    scores = []
    ranked = sorted(data["scores"].items(), key=lambda kv: -kv[1])
    for i, (option, share) in enumerate(ranked):
        name = pack.option_name(option)
        scores.append(
            {
                "y": scores_top + 34 * i,
                "label": _fit(name, 16, labels),
                "full": name,
                "width": round(max(share, 0) / 100 * bars_width, 1),
                "value": number(share),
                "note": "(ruled out)" if option in data["ruled_out"] else "",
                "winner": option == winner,
                "fill": WINNER_FILL if option == winner else PLAIN_FILL,
            }
        )
    effects_top = scores_top + 34 * len(ranked) + 70
    largest = max((abs(r["effect"]) for r in reasons), default=0.0) or 1.0
    centre = bars_left + bars_width / 2
    half = bars_width / 2 - 50
    effects = []
    for i, reason in enumerate(reasons):
        effect = reason["effect"]
        size = round(abs(effect) / largest * half, 1)
        y = effects_top + 40 * i
        right = effect >= 0
        effects.append(
            {
                "y": y,
                "label": _fit(reason["title"], 15, labels),
                "id": reason["criterion"],  # ids are at most 64 characters: always whole
                "full": f"{reason['title']} ({reason['criterion']})",
                "x": round(centre if right else centre - size, 1),
                "width": size if abs(effect) >= 0.05 else 0,
                "fill": WINNER_FILL if right else OTHER_FILL,
                "value": ("+" if effect > 0 else "") + number(effect),
                "text_x": round(centre + size + 6 if right else centre - size - 6, 1),
                "anchor": "start" if right else "end",
            }
        )
    name = pack.option_name(winner)
    other = pack.option_name(runner) if runner else "the rest"
    for_project = f" for {heading.project}" if heading.project else ""
    return {
        "title": _fit(f"{name} recommended{for_project}", 20, width - 2 * MARGIN),
        "width": width,
        "height": effects_top + 40 * len(reasons) + 24,
        "margin": MARGIN,
        "bars_left": bars_left,
        "bars_width": bars_width,
        "scores_top": scores_top,
        "scores": scores,
        "effects_top": effects_top,
        "effects_title": _fit(
            f"Effect of each criterion on the lead of {name} (indicative points)",
            15,
            width - 2 * MARGIN,
        ),
        "centre": round(centre, 1),
        "left_label": _fit(f"for {other}", 13, bars_width / 2 - 12),
        "right_label": _fit(f"for {name}", 13, bars_width / 2 - 12),
        "for_fill": WINNER_FILL,
        "against_fill": OTHER_FILL,
        "effects": effects,
    }


def _chart(env: Environment, result: Result, pack: Pack, heading: Heading) -> str:
    rendered: str = env.get_template("chart.svg.j2").render(c=chart_context(result, pack, heading))
    return rendered


EXPORTS = {"svg": svg, "html": html}
