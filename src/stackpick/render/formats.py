"""Output formats of the commands that offer more (or fewer) than the shared :class:`Format`."""

from __future__ import annotations

from enum import StrEnum


class ReportFormat(StrEnum):
    """``score``, ``explain`` and ``whatif``: the shared formats, an HTML page and the SVG chart."""

    table = "table"
    markdown = "markdown"
    json = "json"
    svg = "svg"
    html = "html"


class PageFormat(StrEnum):
    """``consensus`` and ``checklist``: the shared formats and an HTML page."""

    table = "table"
    markdown = "markdown"
    json = "json"
    html = "html"


class PortfolioFormat(StrEnum):
    """``portfolio``: the shared formats plus csv and an HTML page."""

    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"
    html = "html"


class RecordFormat(StrEnum):
    """``adr``: the MADR Markdown record, the same record as JSON, or as an HTML page."""

    markdown = "markdown"
    json = "json"
    html = "html"
