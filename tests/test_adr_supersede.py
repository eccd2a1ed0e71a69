"""Records that replace records: --supersedes links both ways, atomically; a second record warns."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from stackpick.adr import Link, read_record, superseded_text
from stackpick.models import Pack
from support import CLI

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
JVM = str(EXAMPLES / "jvm-enterprise.yaml")  # meta.project: payments-ledger
CLOSE = str(EXAMPLES / "polyglot-close-call.yaml")  # another project
DAY = ("--date", "2026-05-26")
NEW_FOLDER = "note: created the folder adr for the first record\n"


def listing(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir())}


def test_supersedes_links_both_records(cli: CLI, tmp_path: Path) -> None:
    first = cli("adr", "-a", JVM, "-o", "adr", *DAY)
    assert first.code == 0 and first.err == NEW_FOLDER  # said: a typo would start a new series
    old_path = Path(first.out.strip())
    before = (tmp_path / old_path).read_text()
    second = cli("adr", "-a", JVM, "-o", "adr", "--supersedes", "1", "--status", "accepted", *DAY)
    assert second.code == 0 and second.err == "", second.err
    new_path = tmp_path / second.out.strip()
    assert new_path.name == "0002-use-spring-boot-for-payments-ledger.md"
    new, old = new_path.read_text(), (tmp_path / old_path).read_text()
    assert f"Supersedes [ADR-0001]({old_path.name}): Use Spring Boot for payments-ledger." in new
    assert f"Superseded by [ADR-0002]({new_path.name}): Use Spring Boot for payments-ledger." in old
    assert "\nstatus: accepted\n" in new
    assert old.startswith("---\nstatus: superseded by ADR-0002\n")
    # nothing else in the old record changes: it may have been edited by hand since
    removed = [line for line in before.splitlines() if line not in old.splitlines()]
    assert removed == ["status: proposed"]
    assert len(old.splitlines()) == len(before.splitlines()) + 2
    assert not [p for p in (tmp_path / "adr").iterdir() if p.name.startswith(".")]


def test_json_of_a_superseding_record_names_the_old_one(pack: Pack) -> None:
    from stackpick.adr import build_adr
    from stackpick.answers import read_answers
    from stackpick.engine import score
    from stackpick.render.adr import to_data

    answers = read_answers(pack, JVM)
    old = Link(3, "Use FastAPI for payments-ledger", "0003-use-fastapi-for-payments-ledger.md")
    adr = build_adr(
        pack, answers, score(pack, answers), number=4, date="2026-05-26", supersedes=old
    )
    data = json.loads(json.dumps(to_data(adr)))
    assert data["supersedes"] == {
        "number": 3,
        "title": old.title,
        "file_name": old.file_name,
    }


def test_a_second_record_for_the_same_project_warns(cli: CLI) -> None:
    assert cli("adr", "-a", JVM, "-o", "adr", *DAY).err == NEW_FOLDER
    assert cli("adr", "-a", CLOSE, "-o", "adr", *DAY).err == ""  # another project: no warning
    again = cli("adr", "-a", JVM, "-o", "adr", *DAY)
    assert again.code == 0 and again.out.strip().endswith(".md")
    lines = again.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("warning: 0001-use-spring-boot-for-payments-ledger.md already")
    assert "payments-ledger" in lines[0] and "--supersedes 1" in lines[0]


def test_a_superseded_record_no_longer_warns(cli: CLI) -> None:
    cli("adr", "-a", JVM, "-o", "adr", *DAY)
    assert cli("adr", "-a", JVM, "-o", "adr", "--supersedes", "1", *DAY).err == ""
    warned = cli("adr", "-a", JVM, "-o", "adr", *DAY).err
    assert "0002-" in warned and "0001-" not in warned  # only the open record counts


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "adr", "--supersedes", "5"), "there is no record 0005 to supersede"),
        (("--supersedes", "1"), "--supersedes needs --output"),
        (("-o", "adr", "--supersedes", "1", "--number", "1"), "cannot replace itself"),
        (("-o", "adr", "--supersedes", "0"), "--supersedes must be from 1 to 9999"),
    ],
)
def test_a_supersedes_that_cannot_work_changes_nothing(
    cli: CLI, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    cli("adr", "-a", JVM, "-o", "adr", *DAY)
    before = listing(tmp_path / "adr")
    r = cli("adr", "-a", JVM, *args, *DAY)
    assert r.code == 2 and r.out == "" and message in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert listing(tmp_path / "adr") == before


def test_an_already_superseded_record_is_refused(cli: CLI, tmp_path: Path) -> None:
    cli("adr", "-a", JVM, "-o", "adr", *DAY)
    cli("adr", "-a", JVM, "-o", "adr", "--supersedes", "1", *DAY)
    before = listing(tmp_path / "adr")
    r = cli("adr", "-a", JVM, "-o", "adr", "--supersedes", "1", *DAY)
    assert r.code == 2 and "already superseded by ADR-0002" in r.err
    assert listing(tmp_path / "adr") == before


def test_when_the_old_record_cannot_be_rewritten_the_new_one_goes_too(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stackpick import files

    cli("adr", "-a", JVM, "-o", "adr", *DAY)
    before = listing(tmp_path / "adr")
    real = files.write_atomic

    def failing(path: Path, text: str, *, exclusive: bool = False) -> Path:
        if not exclusive:  # the rewrite of the old record (new records are exclusive)
            raise PermissionError(13, "Permission denied")
        return real(path, text, exclusive=exclusive)

    monkeypatch.setattr(files, "write_atomic", failing)
    r = cli("adr", "-a", JVM, "-o", "adr", "--supersedes", "1", *DAY)
    assert r.code == 2 and "cannot mark it superseded: Permission denied" in r.err
    assert listing(tmp_path / "adr") == before  # neither link: the new record was removed


def test_a_read_only_old_record_is_not_replaced_and_the_new_one_goes_too(
    cli: CLI, tmp_path: Path
) -> None:
    """Found in review: the rename replaced a record made read-only, which > would refuse."""
    first = cli("adr", "-a", JVM, "-o", "adr", *DAY)
    (tmp_path / first.out.strip()).chmod(0o444)
    before = listing(tmp_path / "adr")
    r = cli("adr", "-a", JVM, "-o", "adr", "--supersedes", "1", *DAY)
    assert r.code == 2 and r.out == "" and r.err.count("\n") == 1
    assert "cannot mark it superseded: it is read-only" in r.err
    assert listing(tmp_path / "adr") == before


def test_a_claimed_old_record_is_not_changed_twice(cli: CLI, tmp_path: Path) -> None:
    cli("adr", "-a", JVM, "-o", "adr", *DAY)
    (tmp_path / "adr" / ".0001.stackpick-claim").write_text("")
    r = cli("adr", "-a", JVM, "-o", "adr", "--supersedes", "1", *DAY)
    assert r.code == 2 and "being changed by another run" in r.err
    assert len(list((tmp_path / "adr").glob("*.md"))) == 1


def test_superseded_text_keeps_a_hand_written_record(tmp_path: Path) -> None:
    path = tmp_path / "0004-pick-a-queue.md"
    path.write_text("# 0004. Pick a queue\n\nWe chose one.\n")
    record = read_record(path)
    assert record.link.title == "Pick a queue" and record.status == ""
    by = Link(9, "Use Option B for x", "0009-use-option-b-for-x.md")
    text = superseded_text(record, by)
    assert text.startswith("---\nstatus: superseded by ADR-0009\n---\n\n# 0004. Pick a queue\n")
    assert "Superseded by [ADR-0009](0009-use-option-b-for-x.md): Use Option B for x." in text
    assert text.endswith("We chose one.\n")


def test_adr_renders_html(cli: CLI) -> None:
    r = cli("adr", "-a", JVM, "--format", "html", *DAY)
    assert r.code == 0 and r.out.startswith("<!DOCTYPE html>")
    assert "<title>Architecture decision record: payments-ledger, 2026-05-26</title>" in r.out
    assert "Use Spring Boot for payments-ledger" in r.out and "<script" not in r.out


def fields(page: str) -> dict[str, str]:
    """The record's labelled fields on its HTML page, as text."""
    listing = page.split('<dl class="facts record-fields">', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", listing)
    return {label: re.sub(r"<[^>]+>", "", value) for label, value in pairs}


def test_the_page_shows_the_front_matter_as_fields_with_one_date(cli: CLI) -> None:
    page = cli("adr", "-a", JVM, "-f", "html").out
    assert "<hr" not in page and "status: proposed" not in page
    assert fields(page) == {
        "Status": "proposed",
        "Date": "2026-05-26",  # the answers' meta.date, as the page's header shows it
        "Decision-makers": "platform architecture group",
    }
    assert "<span>Date: 2026-05-26</span>" in page
    assert "\ndate: 2026-05-26\n" in cli("adr", "-a", JVM).out  # the Markdown record too
    given = cli("adr", "-a", JVM, "-f", "html", "--date", "2026-06-01").out
    assert fields(given)["Date"] == "2026-06-01" and "<span>Date: 2026-06-01</span>" in given
    today = datetime.date.today().isoformat()
    undated = cli("adr", "-a", CLOSE, "-f", "html").out  # no meta.date: today, in both places
    assert fields(undated)["Date"] == today and f"<span>Date: {today}</span>" in undated


def test_the_page_opens_with_the_coloured_recommendation(cli: CLI) -> None:
    close = cli("adr", "-a", CLOSE, "-f", "html").out
    main = close.split("<main>", 1)[1]
    assert main.lstrip().startswith('<section class="verdict tone-close"')
    assert "Decision: Spring Boot" in main and "ahead of FastAPI by 2.4 points" in main
    clear = cli("adr", "-a", JVM, "-f", "html").out
    assert '<section class="verdict tone-clear"' in clear


def test_output_with_html_writes_the_page_beside_the_record(cli: CLI, tmp_path: Path) -> None:
    first = cli("adr", "-a", JVM, "-o", "adr", "-f", "html", *DAY)
    assert first.code == 0 and first.err == NEW_FOLDER, first.err
    assert first.out.split() == [
        "adr/0001-use-spring-boot-for-payments-ledger.md",
        "adr/0001-use-spring-boot-for-payments-ledger.html",
    ]
    second = cli("adr", "-a", JVM, "-o", "adr", "-f", "html", "--supersedes", "1", *DAY)
    assert second.code == 0 and second.err == "", second.err
    folder = tmp_path / "adr"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "0001-use-spring-boot-for-payments-ledger.html",
        "0001-use-spring-boot-for-payments-ledger.md",
        "0002-use-spring-boot-for-payments-ledger.html",
        "0002-use-spring-boot-for-payments-ledger.md",
    ]
    old_page, new_page = (folder / names[0]).read_text(), (folder / names[2]).read_text()
    assert fields(new_page)["Supersedes"] == "ADR-0001: Use Spring Boot for payments-ledger"
    assert f'<a href="{names[0]}">ADR-0001</a>' in new_page  # page to page
    assert fields(old_page)["Status"] == "superseded by ADR-0002"
    assert f'<a href="{names[2]}">ADR-0002</a>' in old_page
    box = old_page.split('<section class="verdict', 1)[1].split("</section>", 1)[0]
    assert "Superseded:</strong>" in box and "replaces this decision" in box
    assert f"]({names[1]})" in (folder / names[3]).read_text()  # record to record
    assert f"]({names[3]})" in (folder / names[1]).read_text()
    for link in re.findall(r'href="([^"]+)"', old_page + new_page):
        assert (folder / link).is_file()


def test_a_page_without_pages_beside_it_links_the_records(cli: CLI, tmp_path: Path) -> None:
    cli("adr", "-a", JVM, "-o", "adr", *DAY)  # Markdown only
    r = cli("adr", "-a", JVM, "-o", "adr", "-f", "html", "--supersedes", "1", *DAY)
    assert r.code == 0, r.err
    page = (tmp_path / "adr" / "0002-use-spring-boot-for-payments-ledger.html").read_text()
    assert '<a href="0001-use-spring-boot-for-payments-ledger.md">ADR-0001</a>' in page


@pytest.mark.parametrize("name", ["rec.html", "rec.md", "docs/adr/0001.json"])
def test_output_that_names_a_file_is_refused(cli: CLI, tmp_path: Path, name: str) -> None:
    r = cli("adr", "-a", JVM, "-o", name, "-f", "html")
    assert r.code == 2 and r.out == "" and len(r.err.strip().splitlines()) == 1
    assert "--output takes the folder" in r.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("status", ["superseded", "superseded by ADR-0001"])
def test_a_new_record_cannot_start_superseded(cli: CLI, tmp_path: Path, status: str) -> None:
    cli("adr", "-a", JVM, "-o", "adr", *DAY)
    r = cli("adr", "-a", JVM, "-o", "adr", "--supersedes", "1", "--status", status, *DAY)
    assert r.code == 2 and r.out == ""
    assert len(r.err.strip().splitlines()) == 1 and "--status" in r.err, r.err
    assert sorted(p.name for p in (tmp_path / "adr").iterdir()) == [
        "0001-use-spring-boot-for-payments-ledger.md"
    ]


def test_superseding_another_projects_record_warns(cli: CLI, tmp_path: Path) -> None:
    cli("adr", "-a", JVM, "-o", "adr", *DAY)
    r = cli("adr", "-a", CLOSE, "-o", "adr", "--supersedes", "1", *DAY)
    assert r.code == 0, r.err
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and "payments-ledger" in lines[0], r.err
    assert "risk-scoring-api" in lines[0] and "warning:" in lines[0]
    assert "0001-use-spring-boot-for-payments-ledger.md" in lines[0]
