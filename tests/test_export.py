"""SVG and HTML reports: rich's export of the table view, light background, valid markup."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from stackpick.answers import read_answers
from stackpick.engine import score
from stackpick.models import Pack
from stackpick.render import Context
from stackpick.render.export import html, light_theme, svg

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
JVM = str(EXAMPLES / "jvm-enterprise.yaml")
SVG_NS = "{http://www.w3.org/2000/svg}"


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.fixture(scope="module")
def result(pack: Pack) -> Any:
    return score(pack, read_answers(pack, JVM))


def test_svg_parses_and_is_light(pack: Pack, result: Any) -> None:
    text = svg("result", result, "stackpick: <&> {x}", Context(pack=pack))
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg"
    assert "Generated with Rich" in text  # rich's own export, not hand-drawn
    backgrounds = [r.get("fill") for r in root.iter(f"{SVG_NS}rect") if r.get("fill")]
    assert backgrounds and luminance(str(backgrounds[0])) > 0.9
    words = "".join(t.text or "" for t in root.iter(f"{SVG_NS}text")).replace("\xa0", " ")
    assert "Recommendation: " in words and "Spring Boot" in words
    assert "stackpick: <&> {x}" in words  # the title, escaped and parsed back


def test_text_colours_are_readable_on_white(pack: Pack, result: Any) -> None:
    text = svg("result", result, "t", Context(pack=pack))
    colours = set(re.findall(r"fill: (#[0-9a-f]{6})", text))
    assert colours
    assert all(luminance(c) < 0.6 for c in colours), colours
    theme = light_theme()
    assert luminance(theme.background_color.hex) == 1.0


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_parses_and_is_light(pack: Pack, result: Any) -> None:
    page = html("result", result, "stackpick: {x} & <y>", Context(pack=pack))
    collector = _Collector()
    collector.feed(page)
    assert {"html", "head", "title", "body", "pre", "span"} <= set(collector.tags)
    assert "Recommendation: " in "".join(collector.text)
    ET.fromstring(page)  # the page is also well-formed XML
    background = re.search(r"background-color: (#[0-9a-f]{6})", page)
    assert background and luminance(background.group(1)) > 0.9
    assert "<title>stackpick: {x} &amp; &lt;y&gt;</title>" in page


def test_cli_writes_svg_atomically(cli: Any, tmp_path: Path) -> None:
    r = cli("score", "--answers", JVM, "--format", "svg", "--output", "decision.svg")
    assert r.code == 0 and r.out == "" and r.err == ""
    ET.parse(tmp_path / "decision.svg")
    assert [p.name for p in tmp_path.iterdir()] == ["decision.svg"]  # no temp file left


def test_cli_html_to_stdout_and_gate(cli: Any) -> None:
    r = cli("score", "--answers", JVM, "--format", "html", "--expect", "fastapi")
    assert r.code == 1  # the --expect gate still applies
    assert r.out.startswith("<!DOCTYPE html>") and "gate failed" in r.err
    ET.fromstring(r.out)


def test_cli_svg_without_output_goes_to_stdout(cli: Any) -> None:
    r = cli("score", "--answers", JVM, "--format", "svg")
    assert r.code == 0
    ET.fromstring(r.out)


def test_cli_output_for_the_plain_formats(cli: Any, tmp_path: Path) -> None:
    r = cli("score", "--answers", JVM, "--format", "json", "--output", "d.json")
    assert r.code == 0 and r.out == ""
    assert '"recommendation": "spring_boot"' in (tmp_path / "d.json").read_text()


def test_cli_unwritable_output(cli: Any) -> None:
    r = cli("score", "--answers", JVM, "--format", "svg", "--output", "no/dir/d.svg")
    assert r.code == 2 and r.out == ""
    assert "no/dir/d.svg: cannot write" in r.err


def test_cli_rejects_unknown_format(cli: Any) -> None:
    r = cli("score", "--answers", JVM, "--format", "png")
    assert r.code == 2 and r.out == ""
