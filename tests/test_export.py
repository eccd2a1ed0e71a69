"""The decision report (HTML) and its chart (SVG): made from templates, self-contained, escaped."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from stackpick.answers import read_answers
from stackpick.engine import score
from stackpick.models import Pack
from stackpick.pack import default_pack_path, load_pack
from stackpick.render import Context
from stackpick.render.export import Heading, heading_for, html, svg
from support import CLI

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
JVM = str(EXAMPLES / "jvm-enterprise.yaml")
CLOSE = str(EXAMPLES / "polyglot-close-call.yaml")
SVG_NS = "{http://www.w3.org/2000/svg}"


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def page_for(pack: Pack, path: str) -> str:
    answers = read_answers(pack, path)
    return html(
        "result", score(pack, answers), Context(pack=pack), heading=heading_for(pack, answers.meta)
    )


class Page(HTMLParser):
    """Tags, text and attributes of a page, and whether the tags nest properly."""

    VOID = {"meta", "br", "col", "hr", "img", "input", "link"}

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.words: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.open: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (tag, self.open[-5:])
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.words.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.words))


@pytest.fixture(scope="module")
def jvm_page(pack: Pack) -> str:
    return page_for(pack, JVM)


def test_page_holds_what_a_review_board_reads(jvm_page: str) -> None:
    page = Page(jvm_page)
    assert not page.open  # every tag closed
    ET.fromstring(jvm_page)  # and well-formed XML too
    text = page.text
    assert "Decision report: payments-ledger" in text
    assert "Date: 2026-05-26" in text
    assert "Recommendation: Spring Boot" in text and "Clear recommendation" in text
    assert "What it hinges on" in text and "Open questions" in text
    assert "Article section" in text and "Enterprise readiness" in text  # sections spelled out
    assert "Trade-offs of Spring Boot" in text and "Advice" in text
    assert "The answers" in text and "defaulted" in text
    assert "stackpick-default" in text and "2.2.0" in text and "Source: article:" in text
    assert text.count("indicative") >= 3
    assert "enterprise_integrations" in text  # ids keep their underscores
    assert {"svg", "table", "style"} <= set(page.tags)


def test_page_is_self_contained_and_has_no_script(jvm_page: str) -> None:
    page = Page(jvm_page)
    assert "script" not in page.tags
    assert not [a for a, _ in page.attrs if a in ("src", "href") or a.startswith("on")]
    assert "url(" not in jvm_page and "@import" not in jvm_page
    # the SVG namespace of the chart, wide and narrow, is the only address in the page
    assert set(re.findall(r"https?://[^\s\"'<]+", jvm_page)) == {"http://www.w3.org/2000/svg"}


def test_a_close_call_looks_like_one(pack: Pack, jvm_page: str) -> None:
    close = page_for(pack, CLOSE)
    assert 'class="verdict tone-close"' in close and "Close call" in close
    assert "Treat this as an open decision" in close
    assert 'class="verdict tone-clear"' in jvm_page and "open decision" not in jvm_page


def test_only_the_recommendation_is_coloured_as_a_win(jvm_page: str) -> None:
    # the CSS gives the clear tone green and the close tone red: distinct at a glance
    assert re.search(r"--clear: #1a7f37", jvm_page) and re.search(r"--close: #b42318", jvm_page)


def test_page_has_a_print_layout_and_a_phone_layout(jvm_page: str) -> None:
    assert "@media print" in jvm_page and "@page" in jvm_page
    assert "max-width: 40rem" in jvm_page and 'name="viewport"' in jvm_page
    assert "overflow-wrap: anywhere" in jvm_page


def test_svg_is_the_chart_well_formed_and_light(pack: Pack) -> None:
    answers = read_answers(pack, JVM)
    text = svg(
        "result", score(pack, answers), Context(pack=pack), heading=heading_for(pack, answers.meta)
    )
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg"
    assert "Rich" not in text and "@import" not in text and "url(" not in text
    assert "system-ui" in root.get("font-family", "")
    words = [t.text or "" for t in root.iter(f"{SVG_NS}text")]
    assert "Spring Boot recommended for payments-ledger" in words
    assert "enterprise_integrations" in words and "platform_fit" in words  # ids verbatim
    assert any("indicative" in w for w in words)
    fills = [r.get("fill") for r in root.iter(f"{SVG_NS}rect")]
    assert fills[0] == "#ffffff"
    colours = {f for f in fills[1:] if f and f != "#f6f8fa"}
    assert colours and all(luminance(c) < 0.6 for c in colours)
    assert int(root.get("width", "0")) >= 900  # readable when a slide scales it


def test_other_views_share_the_page_shape(pack: Pack) -> None:
    from stackpick.analysis import explain

    answers = read_answers(pack, JVM)
    text = html(
        "explain",
        explain(pack, answers, {}),
        Context(pack=pack),
        heading=heading_for(pack, answers.meta),
    )
    page = Page(text)
    assert not page.open and "script" not in page.tags
    assert "Every criterion explained: payments-ledger" in page.text
    assert "stackpick-default" in page.text and "indicative" in page.text
    assert "svg" in page.tags and "enterprise_integrations" in page.text  # the result's chart


def test_a_page_without_project_says_what_it_is(pack: Pack) -> None:
    result = score(pack, read_answers(pack, str(EXAMPLES / "minimal.yaml")))
    text = html("result", result, Context(pack=pack), heading=Heading(date="2026-01-02"))
    assert "<title>Decision report, 2026-01-02</title>" in text


# --- bad input: markup, bidi controls, very long words -----------------------------------------

SCRIPT = "<script>alert(1)</script>"
LONG = "x" * 300


@pytest.fixture(scope="module")
def marked_up(tmp_path_factory: pytest.TempPathFactory) -> tuple[Pack, Any]:
    """A pack whose titles and reasons carry markup, a bidi override and a 300-character word."""
    root = tmp_path_factory.mktemp("markup") / "pack"
    shutil.copytree(default_pack_path(), root)
    path = root / "criteria.yaml"
    data = yaml.safe_load(path.read_text())
    criterion = data["criteria"][0]
    criterion["title"] = f"{SCRIPT} \u202etitle {LONG}"
    for rule in criterion.get("rules", []):
        rule["why"] = f"{SCRIPT} because {LONG}"
    path.write_text(yaml.dump(data, allow_unicode=True, sort_keys=False))
    info = yaml.safe_load((root / "pack.yaml").read_text())
    info["options"][0]["name"] = f"<b>{LONG}</b>"
    (root / "pack.yaml").write_text(yaml.dump(info, allow_unicode=True, sort_keys=False))
    pack = load_pack(root, cache=False)
    answers = read_answers(pack, JVM)
    return pack, score(pack, answers)


@pytest.mark.parametrize("make", [html, svg], ids=["html", "svg"])
def test_markup_and_bidi_from_files_are_shown_as_text(marked_up: Any, make: Any) -> None:
    pack, result = marked_up
    heading = Heading(project=f"{SCRIPT}\u202e{LONG}", date="2026-01-02", pack_name="p<i>")
    text = make("result", result, Context(pack=pack), heading=heading)
    assert "<script" not in text and "<b>" not in text and "<i>" not in text
    assert "&lt;script&gt;" in text
    assert "\u202e" not in text and "\\u202e" in text  # shown as an escape, never obeyed
    ET.fromstring(text.removeprefix('<?xml version="1.0" encoding="UTF-8"?>\n'))
    if make is html:
        assert LONG in text  # whole in the page: it wraps (overflow-wrap) instead of being cut


# --- the command line: --format, or the --output file's extension ------------------------------

MINIMAL = str(EXAMPLES / "minimal.yaml")
LINES = {
    "score": ("score", "-a", JVM),
    "explain": ("explain", "-a", JVM),
    "whatif": ("whatif", "-a", CLOSE),
    "consensus": ("consensus", JVM, MINIMAL),
    "checklist": ("checklist", "-a", JVM),
    "portfolio": ("portfolio", str(EXAMPLES)),
}
STARTS = {
    "html": "<!DOCTYPE html>",
    "md": "#",
    "json": "{",
    "svg": "<?xml",
    "txt": "",
    "csv": "file,",
}


@pytest.mark.parametrize("command", sorted(LINES))
@pytest.mark.parametrize("ext", ["html", "md", "json", "txt"])
def test_output_extension_picks_the_format(
    cli: CLI, tmp_path: Path, command: str, ext: str
) -> None:
    r = cli(*LINES[command], "--output", f"out.{ext}")
    assert r.code == 0 and r.out == "", r.err
    text = (tmp_path / f"out.{ext}").read_text(encoding="utf-8")
    assert text.startswith("[" if (command, ext) == ("portfolio", "json") else STARTS[ext])
    if ext == "txt":
        assert not text.startswith(("<", "{", "#"))
    if ext == "html":
        assert Page(text).open == [] and "<script" not in text


@pytest.mark.parametrize(
    ("line", "ext"),
    [
        (LINES["score"], "svg"),
        (LINES["explain"], "svg"),
        (LINES["whatif"], "svg"),
        (LINES["portfolio"], "csv"),
    ],
)
def test_the_extra_formats_by_extension(cli: CLI, tmp_path: Path, line: Any, ext: str) -> None:
    r = cli(*line, "-o", f"out.{ext}")
    assert r.code == 0, r.err
    assert (tmp_path / f"out.{ext}").read_text(encoding="utf-8").startswith(STARTS[ext])


@pytest.mark.parametrize("command", sorted(LINES))
def test_an_extension_that_names_no_format_is_refused(
    cli: CLI, tmp_path: Path, command: str
) -> None:
    r = cli(*LINES[command], "--output", "report.docx")
    assert r.code == 2 and r.out == ""
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and "'.docx' names no format" in lines[0]
    assert ".html" in lines[0] and "--format (table, markdown, json" in lines[0]
    assert "Traceback" not in r.err
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


def test_a_format_the_command_lacks_is_named_by_its_extension(cli: CLI, tmp_path: Path) -> None:
    r = cli("checklist", "-a", JVM, "-o", "chart.svg")
    assert r.code == 2 and "'.svg' names no format" in r.err and "svg" not in r.err.split("(")[1]
    assert list(tmp_path.iterdir()) == []


def test_format_given_wins_over_the_extension(cli: CLI, tmp_path: Path) -> None:
    r = cli("score", "-a", JVM, "--format", "json", "--output", "result.log")
    assert r.code == 0
    assert (tmp_path / "result.log").read_text().startswith("{")


def test_cli_writes_svg_atomically(cli: CLI, tmp_path: Path) -> None:
    r = cli("score", "--answers", JVM, "--format", "svg", "--output", "decision.svg")
    assert r.code == 0 and r.out == "" and r.err == ""
    ET.parse(tmp_path / "decision.svg")
    assert [p.name for p in tmp_path.iterdir()] == ["decision.svg"]  # no temp file left


def test_cli_html_to_stdout_and_gate(cli: CLI) -> None:
    r = cli("score", "--answers", JVM, "--format", "html", "--expect", "fastapi")
    assert r.code == 1  # the --expect gate still applies
    assert r.out.startswith("<!DOCTYPE html>") and "gate failed" in r.err
    ET.fromstring(r.out)


def test_cli_unwritable_output(cli: CLI) -> None:
    r = cli("score", "--answers", JVM, "--output", "no/dir/d.svg")
    assert r.code == 2 and r.out == ""
    assert "no/dir/d.svg: cannot write" in r.err


def test_cli_rejects_unknown_format(cli: CLI) -> None:
    r = cli("score", "--answers", JVM, "--format", "png")
    assert r.code == 2 and r.out == ""


# --- each view's chart is of that view, worded and coloured by confidence ----------------------


def svg_words(text: str) -> list[str]:
    root = ET.fromstring(text)
    return [t.text or "" for t in root.iter(f"{SVG_NS}text")]


def svg_title(text: str) -> ET.Element:
    root = ET.fromstring(text)
    return next(t for t in root.iter(f"{SVG_NS}text") if t.get("font-size") == "20")


def test_a_close_call_chart_says_so_in_its_title_and_colour(cli: CLI) -> None:
    close = cli("score", "-a", CLOSE, "-f", "svg").out
    title = svg_title(close)
    expected = "Close call for risk-scoring-api: Spring Boot ahead by 2.4 points (indicative)"
    assert title.text == expected
    clear = svg_title(cli("score", "-a", JVM, "-f", "svg").out)
    assert clear.text == "Spring Boot recommended for payments-ledger"
    assert title.get("fill") != clear.get("fill") == "#1a7f37"
    bars = [r.get("fill") for r in ET.fromstring(close).iter(f"{SVG_NS}rect")]
    assert title.get("fill") in bars and "#1a7f37" not in bars[:4]  # the winner's bar: no green


def test_whatif_chart_lists_what_flips_the_result(cli: CLI) -> None:
    whatif = cli("whatif", "-a", CLOSE, "-f", "svg").out
    assert whatif != cli("score", "-a", CLOSE, "-f", "svg").out
    words = svg_words(whatif)
    assert "What would make it another option than Spring Boot" in words
    flips = [w for w in words if w.endswith("\u2192 FastAPI")]
    assert len(flips) >= 9  # every answer change of the what-if table, then the weights
    assert any(w.startswith("How many engineers will build and run this service") for w in flips)
    assert any(w.startswith("Weight of Team size and growth") for w in flips)
    steady = svg_words(cli("whatif", "-a", JVM, "-f", "svg").out)
    assert "No single changed answer or weight changes the recommendation." in steady


def test_consensus_page_shows_the_rooms_result_in_the_box_with_a_chart(cli: CLI) -> None:
    page = cli("consensus", JVM, MINIMAL, CLOSE, "-f", "html").out
    main = page.split("<main>", 1)[1]
    assert main.lstrip().startswith('<section class="verdict tone-')
    box = main.split("</section>", 1)[0]
    assert "Room&#39;s recommendation: Spring Boot" in box
    data = json.loads(cli("consensus", JVM, MINIMAL, CLOSE, "-f", "json").out)
    tone = {"clear": "clear", "lean": "lean"}.get(data["confidence"], "close")
    assert f'class="verdict tone-{tone}"' in box
    assert f"by {data['margin']:.1f} points" in box
    chart = main.split("<svg", 1)[1].split("</svg>", 1)[0]
    for mean in data["scores"].values():
        assert f">{mean:.1f}<" in chart  # the room's mean scores, as the JSON gives them


@pytest.mark.parametrize("command", sorted(LINES))
def test_a_format_the_extension_contradicts_still_wins_with_a_warning(
    cli: CLI, tmp_path: Path, command: str
) -> None:
    r = cli(*LINES[command], "--format", "json", "--output", "x.html")
    assert r.code in (0, 2) and r.out == ""
    warning = [line for line in r.err.splitlines() if line.startswith("warning:")]
    assert warning == [
        "warning: x.html is named like html (.html) but gets json: --format wins over the extension"
    ]
    assert (tmp_path / "x.html").read_text().startswith(("{", "["))
    agreed = cli(*LINES[command], "--format", "html", "--output", "y.html")
    assert "warning" not in agreed.err
    plain = cli(*LINES[command], "--format", "json", "--output", "result.log")
    assert "warning" not in plain.err  # an extension that names no format: nothing to say


def test_every_page_says_its_figures_are_indicative_where_they_are(cli: CLI) -> None:
    whatif = cli("whatif", "-a", CLOSE, "-f", "html").out
    assert "<th>Scores (indicative)</th>" in whatif
    consensus = cli("consensus", JVM, MINIMAL, "-f", "html").out
    assert "<th>Scores (indicative)</th>" in consensus
    portfolio = cli("portfolio", str(EXAMPLES), "-f", "html").out
    assert "Each option's column is its score, 0 to 100 (indicative)." in portfolio.replace(
        "&#39;", "'"
    )
    record = cli("adr", "-a", CLOSE).out
    assert "(Spring Boot 54.1, FastAPI 51.7 of 100, indicative)" in record


def test_pages_name_questions_and_answers_as_the_answers_table_does(cli: CLI) -> None:
    page = cli("score", "-a", MINIMAL, "-f", "html").out
    hinges = page.split("<h2>What it hinges on</h2>", 1)[1].split("</dl>", 1)[0]
    assert "team_language = " not in hinges and "greenfield = " not in hinges
    assert (
        "\u201cWhich language does the team already run in production?\u201d"
        " Java (or another JVM language) gives Spring Boot"
    ) in hinges
    assert "A broad mature ecosystem" in hinges  # open questions: a choice by its label
    room = cli("consensus", JVM, MINIMAL, "-f", "html").out
    assert "JMS messaging, SOAP web services, Mainframes (jvm-enterprise); none (minimal)" in room
    assert "[]" not in room and "[jms" not in room


def test_consensus_keeps_question_ids_whole(cli: CLI) -> None:
    page = cli("consensus", JVM, MINIMAL, CLOSE, "-f", "html").out
    assert '<td data-label="Question"><code>team_size</code> (fact)</td>' in page
    assert '<td data-label="Question"><code>enterprise_integrations</code> (fact)</td>' in page
    rule = re.search(r"table:not\(\.cards\) td code \{([^}]*)\}", page)
    assert rule and "word-break: keep-all" in rule.group(1)
    assert "overflow-wrap: normal" in rule.group(1)


def test_a_page_carries_the_chart_in_both_layouts_and_a_file_in_one(cli: CLI) -> None:
    page = cli("score", "-a", CLOSE, "-f", "html").out
    assert page.count('id="chart-title"') == 1 and page.count('id="chart-title-narrow"') == 1
    narrow = page.split('<div class="chart-narrow">', 1)[1].split("</svg>", 1)[0]
    assert 'viewBox="0 0 360 ' in narrow and ">54.1<" in narrow and ">-10.4<" in narrow
    assert "Close call for risk-scoring-api:" in narrow
    ET.fromstring(narrow + "</svg>")
    alone = cli("score", "-a", CLOSE, "-f", "svg").out
    assert "chart-narrow" not in alone and alone.count("<svg") == 1


@pytest.mark.parametrize(
    ("command", "name", "warned"),
    [
        ("template", "answers.json", True),
        ("template", "answers.yaml", False),
        ("schema", "answers.schema.html", True),
        ("schema", "answers.schema.json", False),
    ],
)
def test_a_fixed_format_written_under_another_extension_warns(
    cli: CLI, tmp_path: Path, command: str, name: str, warned: bool
) -> None:
    r = cli(command, "--output", name)
    assert r.code == 0 and (tmp_path / name).is_file()
    assert ("warning:" in r.err) is warned and len(r.err.splitlines()) == int(warned)


@pytest.mark.parametrize("command", ["explain", "whatif"])
def test_explain_and_whatif_pages_open_with_the_coloured_verdict(cli: CLI, command: str) -> None:
    close = str(EXAMPLES / "polyglot-close-call.yaml")
    run = cli(command, "--answers", close, "--format", "html")
    assert run.code == 0, run.err
    assert '<section class="verdict tone-close"' in run.out
    assert "Treat this as an open decision" in run.out
    assert "room's mean" not in run.out  # that caption is the consensus page's


def test_a_boxed_page_says_its_headline_once(cli: CLI) -> None:
    minimal, jvm = str(EXAMPLES / "minimal.yaml"), str(EXAMPLES / "jvm-enterprise.yaml")
    for line in (
        ("explain", "-a", minimal),
        ("whatif", "-a", minimal),
        ("consensus", minimal, jvm),
    ):
        page = cli(*line, "--format", "html").out
        assert page.count('<section class="verdict') == 1, line
        assert "(lean, ahead by" not in page and "(clear, ahead by" not in page, line


def test_the_tables_of_pages_made_from_markdown_stack_on_a_phone(cli: CLI) -> None:
    page = cli("portfolio", str(EXAMPLES), "--format", "html").out
    assert page.count('<table class="stack">') == 1
    cells = page.count("<td")
    assert cells > 6 and page.count('<td data-label="') + page.count("<td style=") >= cells
    assert 'data-label="Recommendation"' in page
    css = (Path(__file__).resolve().parent.parent / "src/stackpick/templates/style.css").read_text()
    assert ":is(table.cards, table.stack) thead { display: none; }" in css
