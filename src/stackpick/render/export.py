"""Reports to share: a self-contained HTML page and an SVG chart, made with Jinja2 templates.

Every page has one shape (``templates/base.html.j2``): a title with the project and
date, the view's body, and a footer naming the criteria pack, its version and its
source. The recommendation page (``result``) is built from the same data as the JSON
view (:func:`stackpick.render.result.to_data`, by :mod:`stackpick.render.report`); the
other views put their Markdown, turned into HTML by markdown-it-py with raw HTML off,
inside the same page, below the chart (:mod:`stackpick.render.chart`) of the result
they analyse, if any. What a view's page adds to that (its title, its own verdict box,
another body) is its :class:`Kind` in :data:`KINDS`: a new view is one line there.

Autoescaping is on, and every value passes :func:`stackpick.errors.printable` on its
way out, so markup in answers or packs shows as text and bidi controls as escapes.
Jinja2 is imported only here, and only when a page is made.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from stackpick.answers import meta_text

if TYPE_CHECKING:
    from jinja2 import Environment

    from stackpick.engine import Result
    from stackpick.models import Pack
    from stackpick.render import Context

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
    date = meta.get("date")
    return Heading(
        project=meta_text(meta, "project"),
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
    kind = KINDS[view].title if view in KINDS else view
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


class Kind(NamedTuple):
    """What a view's page holds besides its Markdown: one per view, so a new view is a line.

    ``parts``: the page's own box and chart in place of the analysed result's (its
    verdict and chart are the default); ``body``: its Markdown, when that is not the
    view's own Markdown rendering; ``notes``: lines under its chart's bars.
    """

    title: str
    boxed: bool = False  # it opens with the verdict box, so its Markdown's headline goes
    parts: Callable[[Environment, Any, Pack, Heading], dict[str, Any]] | None = None
    body: Callable[[Any], str] | None = None
    notes: Callable[[Any, Pack], tuple[str, ...]] | None = None


def html(view: str, data: Any, context: Context, heading: Heading | None = None) -> str:
    """The view as one self-contained HTML page (inline CSS and SVG, no script)."""
    from markupsafe import Markup

    env = _environment()
    pack = context.pack
    heading = heading or Heading()
    kind = KINDS.get(view, Kind(view))
    page = _page(view, heading)
    result = _result_of(view, data)
    chart = Markup(_chart(env, result, pack, heading, page=True)) if result and pack else ""
    if view == "result" and pack is not None:
        from stackpick.render.report import result_context

        values = {"page": page, "r": result_context(data, pack), "chart": chart}
        return env.get_template("result.html.j2").render(values)
    parts: dict[str, Any] = {"chart": chart, "verdict": None, "record": None, "room": False}
    if result is not None and pack is not None:  # explain, whatif: the result they analyse
        from stackpick.render.common import ruled_out_words
        from stackpick.render.report import verdict

        parts["verdict"] = verdict(
            pack,
            result.recommendation,
            result.runner_up,
            result.confidence,
            result.margin,
            result.tie,
            ruled_out=ruled_out_words(result, pack),
        )
    if kind.parts is not None and pack is not None:
        parts.update(kind.parts(env, data, pack, heading))
    body = Markup(_markdown_html(view, data, context))
    return env.get_template("markdown.html.j2").render(page=page, body=body, **parts)


def _room(env: Environment, report: Any, pack: Pack, heading: Heading) -> dict[str, Any]:
    """A consensus page's box and chart: the room's combined result, on its mean scores."""
    from markupsafe import Markup

    from stackpick.render.chart import standing_chart
    from stackpick.render.consensus import ruled_for_everyone
    from stackpick.render.report import verdict

    combined = report.combined
    winner = combined.recommendation
    others = [o for o in sorted(combined.scores, key=lambda o: -combined.scores[o]) if o != winner]
    runner = others[0] if others else None
    data = {
        "recommendation": winner,
        "runner_up": runner,
        "scores": combined.scores,
        "confidence": combined.confidence,
        "margin": combined.margin,
        "tie": combined.tie,
        # the room's rivals, when each is ruled out for everyone (their mean is 0)
        "ruled_out": others if ruled_for_everyone(report, pack) else [],
        "reasons": [],
    }
    box = verdict(
        pack,
        winner,
        runner,
        combined.confidence,
        combined.margin,
        combined.tie,
        "the room's mean",
        ruled_out=ruled_for_everyone(report, pack),
    )
    chart = _both(env, standing_chart(data, pack, heading.project))
    box = {**box, "lead": "Room's recommendation"}
    return {"verdict": box, "chart": Markup(chart), "room": True}


def _result_of(view: str, data: Any) -> Result | None:
    """The result a view's chart shows: the view's own (score), or the one it analyses."""
    from stackpick.engine import Result

    found = data if view == "result" else getattr(data, "result", None)
    return found if isinstance(found, Result) else None


def svg(view: str, data: Any, context: Context, heading: Heading | None = None) -> str:
    """The chart of a result as a standalone SVG file: scores and per-criterion effects.

    For ``score`` the result itself; for ``explain`` the result it explains; for
    ``whatif`` that result with what would flip it listed under the bars.
    """
    result, pack = _result_of(view, data), context.pack
    if result is None or pack is None:
        raise ValueError(f"no chart for the {view} view")  # the CLI offers svg only where there is
    notes = KINDS[view].notes if view in KINDS else None
    lines = notes(data, pack) if notes is not None else ()
    chart = _chart(_environment(), result, pack, heading or Heading(), lines)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + chart


def flip_lines(report: Any, pack: Pack) -> tuple[str, ...]:
    """What would flip a what-if's result, a line each, in the pack's words."""
    from stackpick.adr import flips_of

    flips = flips_of(pack, report)
    if not flips:
        return ("No single changed answer or weight changes the recommendation.",)
    lines = []
    for flip in flips:
        becomes = pack.option_name(flip.recommendation) if flip.recommendation else ""
        if flip.confidence:
            becomes += f" ({flip.confidence})"
        lines.append(f"{flip.subject.rstrip('?')}: {flip.change} \u2192 {becomes}")
    return tuple(lines)


def _markdown_html(view: str, data: Any, context: Context) -> str:
    import io

    from markdown_it import MarkdownIt

    from stackpick.render import render

    kind = KINDS.get(view, Kind(view))
    if kind.body is not None:
        text = kind.body(data)
    else:
        buffer = io.StringIO()
        render(view, "markdown", data, buffer, context)
        text = buffer.getvalue()
    if kind.boxed and text.startswith("## "):
        text = text.partition("\n")[2]  # its headline: the verdict box above says it already
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    tokens = _as_cards(parser.parse(text))
    rendered: str = parser.renderer.render(tokens, parser.options, {})
    return rendered


def _as_cards(tokens: list[Any]) -> list[Any]:
    """Each table as the score page's: a card per row on a phone, each cell named by its column.

    The stylesheet does the rest (``table.stack``, ``td[data-label]``); on a wide screen
    the table is a table. Header text is plain text here: markdown-it escapes attributes.
    """
    headers: list[str] = []
    column = 0
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            token.attrSet("class", "stack")
            headers = []
        elif token.type == "th_open":
            headers.append(tokens[index + 1].content.replace("\\", ""))
        elif token.type == "tr_open":
            column = 0
        elif token.type == "td_open":
            if column < len(headers):
                token.attrSet("data-label", headers[column])
            column += 1
    return tokens


def _chart(
    env: Environment,
    result: Result,
    pack: Pack,
    heading: Heading,
    notes: Sequence[str] = (),
    *,
    page: bool = False,
) -> str:
    """The chart as an SVG file has it; on a ``page``, with its narrow layout beside it."""
    from stackpick.render.chart import chart_context

    context = chart_context(result, pack, heading.project, notes)
    if page:
        return _both(env, context)
    rendered: str = env.get_template("chart.svg.j2").render(c=context)
    return rendered


def _both(env: Environment, context: Mapping[str, Any]) -> str:
    """The wide chart and the narrow one; the stylesheet shows one, by the screen's width."""
    from stackpick.render.chart import narrow_chart

    wide = env.get_template("chart.svg.j2").render(c=context)
    narrow = env.get_template("chart-narrow.svg.j2").render(c=narrow_chart(context))
    return f'<div class="chart-wide">\n{wide}</div>\n<div class="chart-narrow">\n{narrow}</div>\n'


def _record_parts(env: Environment, record: Any, pack: Pack, heading: Heading) -> dict[str, Any]:
    from stackpick.render.adr import page_context

    found = page_context(record, pack)
    return {"verdict": found["verdict"], "record": found}


def _record_body(record: Any) -> str:
    from stackpick.render.adr import body

    return body(record)  # its front matter and heading are the page's own fields


KINDS = {
    "result": Kind("Decision report"),  # a page of its own: templates/result.html.j2
    "explain": Kind("Every criterion explained", boxed=True),
    "whatif": Kind("What would change the recommendation", boxed=True, notes=flip_lines),
    "consensus": Kind("Consensus of the team", boxed=True, parts=_room),
    "checklist": Kind("Production-readiness checklist"),
    "portfolio": Kind("Portfolio of decisions"),
    "adr": Kind("Architecture decision record", parts=_record_parts, body=_record_body),
}


EXPORTS = {"svg": svg, "html": html}
