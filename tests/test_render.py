"""The render registry: each view declares the data it renders and its formats, held to both."""

from __future__ import annotations

import io
import pkgutil

import pytest

import stackpick.render as render_package
from stackpick.models import Pack
from stackpick.render import Context, Format, render, view
from stackpick.render.formats import PortfolioFormat, RecordFormat

NOT_VIEWS = {"common", "export", "formats", "report", "chart"}  # helpers, not views
VIEWS = sorted(
    m.name for m in pkgutil.iter_modules(render_package.__path__) if m.name not in NOT_VIEWS
)
# what each command offers on --format, beyond svg and html (render/export.py records the table)
OFFERED: dict[str, set[str]] = {
    "portfolio": {str(f) for f in PortfolioFormat},
    "adr": {str(f) for f in RecordFormat},
}


def test_every_view_module_registers_a_view() -> None:
    assert {"result", "explain", "whatif", "diff", "consensus", "pack", "portfolio"} <= set(VIEWS)
    for name in VIEWS:
        registered = view(name)
        assert isinstance(registered.data, type), name
        for fmt, renderer in registered.formats.items():
            assert callable(renderer), (name, fmt)


@pytest.mark.parametrize("name", VIEWS)
def test_each_view_renders_every_format_its_command_offers(name: str) -> None:
    # html and svg pages are made by render/export.py from these views' data
    offered = OFFERED.get(name, {str(f) for f in Format}) - {"html", "svg"}
    assert offered <= set(view(name).formats), name


def test_data_of_another_type_is_refused_by_name(pack: Pack) -> None:
    with pytest.raises(TypeError, match="view 'result' renders Result, not Pack"):
        render("result", "json", pack, io.StringIO(), Context())


def test_a_format_a_view_lacks_is_refused_with_the_ones_it_has(pack: Pack) -> None:
    with pytest.raises(ValueError, match=r"has no format 'csv' \(it has json, markdown, table\)"):
        render("pack", "csv", pack, io.StringIO())


def test_a_view_that_names_options_needs_its_pack() -> None:
    with pytest.raises(TypeError, match="renders with its pack"):
        Context().needs_pack()


def test_the_pack_view_renders_through_the_registry(pack: Pack) -> None:
    out = io.StringIO()
    render("pack", "json", pack, out)
    assert out.getvalue().startswith("{")
