"""The decision report as a person sees it: rendered by headless Chromium, on screen and on paper.

Needs Debian's ``chromium`` (``.ci/run`` installs it). Without it these tests skip,
unless ``STACKPICK_BROWSER_TESTS=required`` (set by CI), when they fail instead.
Set ``STACKPICK_SCREENSHOTS=DIR`` to keep the screenshots and PDFs for a look.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stackpick.answers import read_answers
from stackpick.engine import score
from stackpick.models import Pack
from stackpick.render import Context
from stackpick.render.export import Heading, heading_for, html

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
WIDTHS = (1200, 390)  # a laptop window and a phone
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def _browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    message = "headless Chromium is not installed (apt-get install chromium)"
    if os.environ.get("STACKPICK_BROWSER_TESTS") == "required":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> str:
    return _browser()


def run_browser(browser: str, *args: str) -> str:
    with tempfile.TemporaryDirectory(prefix="stackpick-chromium-") as profile:
        done = subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def pages(pack: Pack, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three reports on disk: a clear win, a close call, and text that tries to break out."""
    folder = tmp_path_factory.mktemp("pages")
    made = {}
    for name, example in (("clear", "jvm-enterprise"), ("close", "polyglot-close-call")):
        answers = read_answers(pack, str(EXAMPLES / f"{example}.yaml"))
        heading = heading_for(pack, answers.meta)
        made[name] = html("result", score(pack, answers), Context(pack=pack), heading=heading)
    answers = read_answers(pack, str(EXAMPLES / "minimal.yaml"))
    long_word = "<script>alert(1)</script>\u202e" + "w" * 300
    heading = Heading(project=long_word, date="2026-01-02", pack_name=long_word, source=long_word)
    made["hostile"] = html("result", score(pack, answers), Context(pack=pack), heading=heading)
    paths = {}
    for name, text in made.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def keep() -> Iterator[Path | None]:
    where = os.environ.get("STACKPICK_SCREENSHOTS")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
    yield Path(where) if where else None


# A test-only harness: the shipped page has no script; this one measures the pages in frames.
MEASURE = """
function measure(frame) {
  const doc = frame.contentDocument, win = frame.contentWindow;
  const width = doc.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = win.getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  const over = [];
  for (const el of doc.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > width + 1 || r.left < -1) && !scrolls(el))
      over.push(el.tagName + '.' + (el.getAttribute('class') || '') + ' ' + Math.round(r.right));
  }
  return {name: frame.dataset.name, width: width, scroll: doc.documentElement.scrollWidth,
          text: doc.body.innerText.length, over: over.slice(0, 10)};
}
window.addEventListener('load', () => {
  const found = Array.from(document.querySelectorAll('iframe')).map(measure);
  document.getElementById('out').textContent = JSON.stringify(found);
});
"""


def measured(browser: str, frames: list[tuple[str, Path, int]], script: str) -> list[Any]:
    """Each page in an iframe (name, file, width), measured by ``script``: what it reports.

    The pages themselves run no script; only this test harness around them does.
    """
    tags = "".join(
        f'<iframe data-name="{name}" src="{path.name}" style="width:{width}px;height:900px;'
        'border:0;display:block"></iframe>'
        for name, path, width in frames
    )
    harness = frames[0][1].with_name(f"harness-{abs(hash(script))}.html")
    harness.write_text(
        f'<!DOCTYPE html><html><body>{tags}<pre id="out"></pre>'
        f"<script>{script}</script></body></html>",
        encoding="utf-8",
    )
    dom = run_browser(
        browser,
        "--allow-file-access-from-files",
        "--window-size=1300,900",
        "--dump-dom",
        harness.as_uri(),
    )
    found: list[Any] = json.loads(dom.split('<pre id="out">', 1)[1].split("</pre>", 1)[0])
    return found


def test_no_element_overflows_at_laptop_or_phone_width(
    browser: str, pages: dict[str, Path]
) -> None:
    frames = [(f"{name}@{w}", path, w) for name, path in pages.items() for w in WIDTHS]
    found = measured(browser, frames, MEASURE)
    assert len(found) == len(pages) * len(WIDTHS)
    for frame in found:
        width = int(frame["name"].rpartition("@")[2])
        assert frame["width"] == width, frame
        assert frame["text"] > 1000, frame  # not blank
        assert frame["over"] == [] and frame["scroll"] <= frame["width"], frame


def _screenshot(browser: str, page: Path, width: int, out: Path) -> Any:
    from PIL import Image

    run_browser(browser, f"--window-size={width},1400", f"--screenshot={out}", page.as_uri())
    return Image.open(out).convert("RGB")


@pytest.mark.parametrize(("name", "width"), [("clear", 1200), ("close", 390)])
def test_screenshot_is_not_blank(
    browser: str, pages: dict[str, Path], keep: Path | None, tmp_path: Path, name: str, width: int
) -> None:
    out = (keep or tmp_path) / f"{name}-{width}.png"
    image = _screenshot(browser, pages[name], width, out)
    assert image.size == (width, 1400)
    colours = image.getcolors(maxcolors=1 << 24) or []
    inked = sum(n for n, rgb in colours if sum(rgb) < 600) / (width * 1400)
    assert inked > 0.02  # text, bars and the verdict box, not an empty page
    assert len(colours) > 50
    # the verdict box is tinted by confidence: green for a clear win, red for a close call
    top = image.crop((0, 0, width, 400)).getcolors(maxcolors=1 << 24) or []
    tints = {rgb for _, rgb in top if rgb in {(218, 251, 225), (255, 235, 233)}}
    assert tints == ({(218, 251, 225)} if name == "clear" else {(255, 235, 233)})


@pytest.mark.parametrize(("paper", "points"), [("Letter", 612), ("A4", 595)])
def test_pdf_has_the_recommendation_on_page_one_and_nothing_cut(
    browser: str, pages: dict[str, Path], keep: Path | None, tmp_path: Path, paper: str, points: int
) -> None:
    from pypdf import PdfReader

    page = tmp_path / f"print-{paper}.html"
    text = pages["clear"].read_text(encoding="utf-8")
    page.write_text(text.replace("</style>", f"@page {{ size: {paper}; }}\n</style>", 1))
    pdf = (keep or tmp_path) / f"clear-{paper}.pdf"
    run_browser(browser, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 2
    first = reader.pages[0]
    assert round(float(first.mediabox.width)) == points
    assert "Recommendation: Spring Boot" in first.extract_text()
    lefts: list[float] = []
    for sheet in reader.pages:

        def seen(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
            if text.strip():
                lefts.append(float(tm[4]) * float(cm[0]) + float(cm[4]))

        sheet.extract_text(visitor_text=seen)
    assert lefts and max(lefts) < points - 20  # every line starts inside the sheet
    whole = " ".join(p.extract_text() for p in reader.pages)
    assert "Long-running stateful service" in whole and "Source: article:" in whole.replace(
        "\n", " "
    )


CHART = """
window.addEventListener('load', () => {
  const found = Array.from(document.querySelectorAll('iframe')).map((frame) => {
    const doc = frame.contentDocument;
    const shown = Array.from(doc.querySelectorAll('figure svg'))
      .filter((svg) => svg.getBoundingClientRect().width > 0);
    const figure = doc.querySelector('figure');
    return {
      name: frame.dataset.name,
      charts: shown.map((svg) => ({
        narrow: svg.closest('.chart-narrow') !== null,
        width: svg.getBoundingClientRect().width,
        drawn: svg.viewBox.baseVal.width,
      })),
      scrolls: figure.scrollWidth > figure.clientWidth,
      page: doc.documentElement.clientWidth,
    };
  });
  document.getElementById('out').textContent = JSON.stringify(found);
});
"""


def test_the_chart_has_a_narrow_layout_on_a_phone(browser: str, pages: dict[str, Path]) -> None:
    frames = [(str(w), pages["close"], w) for w in WIDTHS]
    found = {f["name"]: f for f in measured(browser, frames, CHART)}
    phone, laptop = found["390"], found["1200"]
    assert [c["narrow"] for c in phone["charts"]] == [True], phone
    assert [c["narrow"] for c in laptop["charts"]] == [False], laptop
    for frame in (phone, laptop):
        chart = frame["charts"][0]
        assert not frame["scrolls"] and chart["width"] <= frame["page"], frame
    # drawn near its own size on a phone: its 12px figures stay readable
    assert phone["charts"][0]["width"] / phone["charts"][0]["drawn"] > 0.95, phone


EMPTY_CELLS = """
window.addEventListener('load', () => {
  const found = Array.from(document.querySelectorAll('iframe')).map((frame) => {
    const win = frame.contentWindow;
    const cells = Array.from(frame.contentDocument.querySelectorAll('td:empty'));
    return {name: frame.dataset.name, cells: cells.map((td) => ({
      label: td.getAttribute('data-label'),
      before: win.getComputedStyle(td, '::before').content,
      after: win.getComputedStyle(td, '::after').content}))};
  });
  document.getElementById('out').textContent = JSON.stringify(found);
});
"""


def test_an_empty_cell_shows_a_dash_on_a_laptop_and_on_a_phone(
    browser: str, pack: Pack, tmp_path: Path
) -> None:
    # the portfolio's "Fragile" cell is empty for a robust file; a phone's card names the
    # column before the cell, and the dash must still follow it ("Fragile: –")
    from stackpick.portfolio import score_files

    portfolio = score_files(pack, [str(EXAMPLES)])
    page = tmp_path / "portfolio.html"
    page.write_text(html("portfolio", portfolio, Context(pack=pack)), encoding="utf-8")
    found = {
        f["name"]: f["cells"]
        for f in measured(browser, [(str(w), page, w) for w in WIDTHS], EMPTY_CELLS)
    }
    assert set(found) == {str(w) for w in WIDTHS}
    assert any(c["label"] == "Fragile" for c in found["390"])
    for cells in found.values():
        assert cells and all(c["after"] == '"\u2013"' for c in cells), cells
    assert all(c["before"] == '"Fragile: "' for c in found["390"] if c["label"] == "Fragile")
