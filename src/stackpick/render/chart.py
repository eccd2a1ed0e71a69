"""The chart's geometry: a bar per option's score, a diverging bar per criterion's effect.

``templates/chart.svg.j2`` draws it. SVG text does not wrap, so a label that would run
past its column is cut with an ellipsis, its whole text kept in the tooltip; ids are at
most 64 characters and the label column is made wide enough for them whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stackpick.engine import Result
    from stackpick.models import Pack

MARGIN = 24
BARS = 580  # the width of the bar area: the option scores, or both sides of the effects
# Rough widths of a character: 12px monospace for ids, 15px system sans for titles.
ID_PX, TITLE_PX = 7.3, 8.2
LABELS_MIN, LABELS_MAX = 240, 480  # a 64-character id (the longest allowed) still fits whole
WINNER_FILL, OTHER_FILL, PLAIN_FILL = "#1a7f37", "#b42318", "#8c959f"
# The recommended option's bar and the title take the colour of its confidence, as the
# page's box does; a close call is orange, apart from the red of points against it.
TONE_FILL = {"clear": WINNER_FILL, "lean": "#9a6700", "close_call": "#bc4c00", "close": "#bc4c00"}
NOTE_ROW = 24


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


def _fit_note(note: str, room: float, size: float = 14) -> str:
    """A note cut to ``room``, in its middle: its outcome after the last arrow stays whole."""
    head, arrow, outcome = note.rpartition(" \u2192 ")
    if not arrow:
        return _fit(note, size, room)
    tail = arrow + outcome
    used = sum(_em(c) * size for c in tail)
    return _fit(head, size, max(room - used, room / 2)) + tail


@dataclass(frozen=True)
class Layout:
    """Where things go: the label column, the bar area, and the top of each part."""

    labels: int
    bars_left: int
    scores_top: int = 70
    row: int = 34  # one option's score
    effect_row: int = 40  # one criterion (its title and id under it)

    @property
    def width(self) -> int:
        """The whole chart, with room right of the bars for the figures."""
        return self.bars_left + BARS + 110

    @property
    def centre(self) -> float:
        """The zero line of the effects."""
        return self.bars_left + BARS / 2


def chart_context(
    result: Result, pack: Pack, project: str = "", notes: Sequence[str] = ()
) -> dict[str, Any]:
    """The geometry of the chart: one bar per option, one diverging bar per criterion.

    ``notes`` are lines listed under the bars (what would flip the result, for ``whatif``).
    """
    from stackpick.render.result import to_data

    return standing_chart(to_data(result, pack), pack, project, notes)


def standing_chart(
    data: Mapping[str, Any], pack: Pack, project: str = "", notes: Sequence[str] = ()
) -> dict[str, Any]:
    """The chart of a standing: its scores, and each criterion's effect when it has reasons.

    ``data`` holds ``recommendation``, ``runner_up``, ``scores``, ``confidence``,
    ``margin``, ``tie``, ``ruled_out`` and ``reasons`` (empty for the scores alone), as
    :func:`stackpick.render.result.to_data` gives them.
    """
    reasons = data["reasons"]
    names = [pack.option_name(o) for o in data["scores"]]
    labels = _label_width([r["title"] for r in reasons] + names, [r["criterion"] for r in reasons])
    layout = Layout(labels=labels, bars_left=MARGIN + labels + 16)
    tone = TONE_FILL.get("close" if data["tie"] else data["confidence"], TONE_FILL["close"])
    scores = _score_bars(data, pack, layout, tone)
    effects_top = layout.scores_top + layout.row * len(scores) + (70 if reasons else 0)
    name = pack.option_name(data["recommendation"])
    other = pack.option_name(data["runner_up"]) if data["runner_up"] else "the rest"
    room = layout.width - 2 * MARGIN
    effects_title = f"Effect of each criterion on the lead of {name} (indicative points)"
    notes_top = effects_top + layout.effect_row * len(reasons) + 24
    return {
        "title": _fit(title_of(data, name, other, project), 20, room),
        "title_fill": tone,
        "width": layout.width,
        "height": notes_top + (NOTE_ROW * (len(notes) + 1) + 8 if notes else 0),
        "margin": MARGIN,
        "bars_left": layout.bars_left,
        "bars_width": BARS,
        "scores_top": layout.scores_top,
        "scores": scores,
        "effects_top": effects_top,
        "effects_title": _fit(effects_title, 15, room),
        "centre": round(layout.centre, 1),
        "left_label": _fit(f"for {other}", 13, BARS / 2 - 12),
        "right_label": _fit(f"for {name}", 13, BARS / 2 - 12),
        "for_fill": WINNER_FILL,
        "against_fill": OTHER_FILL,
        "effects": _effect_bars(reasons, layout, effects_top),
        "notes_top": notes_top,
        "notes_title": _fit(f"What would make it another option than {name}", 15, room),
        "notes": [
            {"y": notes_top + NOTE_ROW * (i + 1), "text": _fit_note(n, room), "full": n}
            for i, n in enumerate(notes)
        ],
    }


def title_of(data: Mapping[str, Any], name: str, other: str, project: str = "") -> str:
    """The chart's title, worded by confidence: a close call never reads as a clear win."""
    from stackpick.render.common import number

    for_project = f" for {project}" if project else ""
    margin = number(data["margin"])
    if data["tie"]:
        return f"A tie{for_project}: {name} and {other} score the same (indicative)"
    if data["confidence"] == "clear":
        return f"{name} recommended{for_project}"
    kind = "Leaning" if data["confidence"] == "lean" else "Close call"
    return f"{kind}{for_project}: {name} ahead by {margin} points (indicative)"


def _score_bars(
    data: Mapping[str, Any], pack: Pack, layout: Layout, fill: str
) -> list[dict[str, Any]]:
    """A bar per option, highest score first; the recommended one in its confidence's colour."""
    from stackpick.render.common import number

    winner = data["recommendation"]
    ranked = sorted(data["scores"].items(), key=lambda kv: -kv[1])
    bars = []
    for i, (option, share) in enumerate(ranked):
        name = pack.option_name(option)
        bars.append(
            {
                "y": layout.scores_top + layout.row * i,
                "label": _fit(name, 16, layout.labels),
                "full": name,
                "width": round(max(share, 0) / 100 * BARS, 1),
                "value": number(share),
                "note": "(ruled out)" if option in data["ruled_out"] else "",
                "winner": option == winner,
                "fill": fill if option == winner else PLAIN_FILL,
            }
        )
    return bars


def _effect_bars(reasons: list[dict[str, Any]], layout: Layout, top: int) -> list[dict[str, Any]]:
    """A bar per criterion from the zero line: right for the recommendation, left against it."""
    from stackpick.render.common import number

    largest = max((abs(r["effect"]) for r in reasons), default=0.0) or 1.0
    half = BARS / 2 - 50  # room for the figure at the end of the longest bar
    centre = layout.centre
    bars = []
    for i, reason in enumerate(reasons):
        effect = reason["effect"]
        size = round(abs(effect) / largest * half, 1)
        right = effect >= 0
        bars.append(
            {
                "y": top + layout.effect_row * i,
                "label": _fit(reason["title"], 15, layout.labels),
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
    return bars
