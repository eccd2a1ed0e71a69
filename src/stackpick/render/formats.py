"""Output formats of the commands that offer more (or fewer) than the shared :class:`Format`."""

from __future__ import annotations

from enum import StrEnum


class ReportFormat(StrEnum):
    """``score``: the shared formats plus svg and html reports (rich's export of the table)."""

    table = "table"
    markdown = "markdown"
    json = "json"
    svg = "svg"
    html = "html"


class PortfolioFormat(StrEnum):
    """``portfolio``: the shared formats plus csv."""

    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"


class RecordFormat(StrEnum):
    """``adr``: the MADR Markdown record, or the same record as JSON."""

    markdown = "markdown"
    json = "json"
