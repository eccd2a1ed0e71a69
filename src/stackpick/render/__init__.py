"""Renderers: one module per view, each registering its formats in a typed :class:`View`.

A view module (``result``, ``pack``, ...) ends with ``VIEW = View(DataType, {...})``:
the type of data it renders and a :class:`Renderer` per format, each called with the
data, a text stream and one :class:`Context`. :func:`render` imports only the view
asked for, and only the table functions import rich, inside the function, so JSON
output never pays for it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, Protocol, TextIO, TypeVar

if TYPE_CHECKING:
    from stackpick.engine import Result
    from stackpick.models import Pack

T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)


class Format(StrEnum):
    """Output formats every command offers."""

    table = "table"
    markdown = "markdown"
    json = "json"


class Context:
    """What a renderer may need besides its data: the pack, a result beside it, options.

    A plain class, not a dataclass: it is on the path of every start (``score --format
    json`` included), and making a dataclass costs more than the rest of this module.
    """

    __slots__ = ("pack", "result", "show_coverage")

    def __init__(
        self,
        pack: Pack | None = None,
        result: Result | None = None,  # capacity: the recommendation its figures are read against
        show_coverage: bool = False,  # cases: list what the pack's cases leave untested
    ) -> None:
        self.pack = pack
        self.result = result
        self.show_coverage = show_coverage

    def needs_pack(self) -> Pack:
        """The pack; a view that names options or criteria cannot render without it."""
        if self.pack is None:
            raise TypeError("this view renders with its pack: Context(pack=...)")
        return self.pack


class Renderer(Protocol[T_contra]):
    """One format of one view: writes ``data`` to ``out``."""

    def __call__(self, data: T_contra, out: TextIO, context: Context, /) -> None:
        """Write ``data`` in this format to ``out``."""


class View(Generic[T]):
    """A view: the type of data it renders, and its renderer for each format."""

    __slots__ = ("data", "formats")

    def __init__(self, data: type[T], formats: Mapping[str, Renderer[T]]) -> None:
        self.data = data
        self.formats = formats


def view(name: str) -> View[Any]:
    """The :class:`View` registered by module ``stackpick.render.<name>``."""
    module = importlib.import_module(f"stackpick.render.{name}")
    registered: View[Any] = module.VIEW
    return registered


def render(name: str, fmt: str, data: object, out: TextIO, context: Context | None = None) -> None:
    """Render ``data`` as view ``name`` in format ``fmt`` to ``out``."""
    registered = view(name)
    if not isinstance(data, registered.data):
        kind = registered.data.__name__
        raise TypeError(f"view {name!r} renders {kind}, not {type(data).__name__}")
    try:
        renderer = registered.formats[fmt]
    except KeyError:
        known = ", ".join(registered.formats)
        raise ValueError(f"view {name!r} has no format {fmt!r} (it has {known})") from None
    renderer(data, out, context or Context())
