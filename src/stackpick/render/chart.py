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
    full_title = title_of(data, name, other, project)
    notes_title = f"What would make it another option than {name}"
    return {
        "id": "chart-title",
        "full_title": full_title,
        "full_effects_title": effects_title,
        "full_notes_title": notes_title,
        "title": _fit(full_title, 20, room),
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
        "notes_title": _fit(notes_title, 15, room),
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
    others = [o for o in data["scores"] if o != data["recommendation"]]
    if others and set(others) <= set(data["ruled_out"]):  # a lead over a 0 says nothing
        return f"{kind}{for_project}: {name}, as {other} is ruled out (indicative)"
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
                "title": reason["title"],
                "size": abs(effect),
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


# --- the narrow chart, for a phone: each label on its own line above its bar ---------------

NARROW_WIDTH, NARROW_MARGIN = 360, 12
BOLD = 0.88  # bold text runs wider than the estimate of _em: wrap it sooner


def _wrap(text: str, size: float, room: float, most: int = 3) -> list[str]:
    """``text`` in lines that fit ``room`` px at ``size`` px; the last one cut if there are more."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        tried = f"{line} {word}" if line else word
        if line and sum(_em(c) * size for c in tried) > room:
            lines.append(line)
            line = word
        else:
            line = tried
    lines.append(line)
    if len(lines) > most:
        lines = lines[: most - 1] + [" ".join(lines[most - 1 :])]
    return [_fit(one, size, room) for one in lines]


def narrow_chart(wide: Mapping[str, Any]) -> dict[str, Any]:
    """The wide chart's content laid out for a phone: labels stacked above the bars.

    Made from :func:`standing_chart`'s context (``wide``), so both say the same: the
    same title, scores, effects and notes, the same colours and figures.
    """
    room = NARROW_WIDTH - 2 * NARROW_MARGIN
    notes = [n["full"] for n in wide["notes"]]
    y = 22
    title: list[dict[str, Any]] = [
        {"y": y + 20 * i, "text": t}
        for i, t in enumerate(_wrap(wide["full_title"], 15, room * BOLD))
    ]
    y = title[-1]["y"] + 26
    scores_title = y
    bars_room = room - 64  # the figure and a note beside the longest bar
    scores = []
    for bar in wide["scores"]:
        share = bar["width"] / BARS
        scores.append(
            {
                **bar,
                "label": _fit(bar["full"], 13, room),
                "y": y + 18,
                "width": round(share * bars_room, 1),
                "text_x": round(NARROW_MARGIN + share * bars_room + 6, 1),
            }
        )
        y += 40
    effects: list[dict[str, Any]] = []
    effects_title: list[dict[str, Any]] = []
    legend_y = y
    centre, half = NARROW_WIDTH / 2, room / 2 - 36
    largest = max((abs(e["size"]) for e in wide["effects"]), default=0.0) or 1.0
    if wide["effects"]:
        y += 12
        effects_title = [
            {"y": y + 14 + 17 * i, "text": t}
            for i, t in enumerate(_wrap(wide["full_effects_title"], 13, room * BOLD, 2))
        ]
        legend_y = effects_title[-1]["y"] + 18
        y = legend_y + 8
        for effect in wide["effects"]:
            size = round(effect["size"] / largest * half, 1)
            right = effect["anchor"] == "start"
            effects.append(
                {
                    **effect,
                    "label": _fit(effect["title"], 13, room),
                    "y": y + 14,
                    "bar_y": y + 20,
                    "x": round(centre if right else centre - size, 1),
                    "width": size if effect["width"] else 0,
                    "text_x": round(centre + size + 4 if right else centre - size - 4, 1),
                }
            )
            y += 44
    lines = []
    if notes:
        y += 22
        notes_title = {"y": y, "text": _fit(wide["full_notes_title"], 13, room)}
        for note in notes:
            for part in _wrap(note, 12, room, 4):
                y += 16
                lines.append({"y": y, "text": part})
            y += 4
    else:
        notes_title = {"y": y, "text": ""}
    return {
        **wide,
        "id": "chart-title-narrow",
        "width": NARROW_WIDTH,
        "height": y + 14,
        "margin": NARROW_MARGIN,
        "title_lines": title,
        "scores_title": scores_title,
        "scores": scores,
        "effects_title_lines": effects_title,
        "legend_y": legend_y,
        "centre": centre,
        "effects": effects,
        "notes_title": notes_title,
        "note_lines": lines,
    }
