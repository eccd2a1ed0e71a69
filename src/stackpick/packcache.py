"""A cache of checked criteria packs, so a command does not check the same pack every run.

Reading and checking a pack (YAML, pydantic validation, cross-checks) costs more at
start-up than scoring; building pydantic's validators for the pack's models costs more
again. A pack that passed every check is stored as plain JSON, under a key made of the
exact bytes of its files and of the code that reads and checks packs; a later run with
the same key rebuilds the same models from that JSON without validating it again (the
models are built with ``defer_build``, so their validators are never made on that path).

Any change to a pack file, to stackpick's pack code or to pydantic gives a new key.
An entry that cannot be read or rebuilt counts as a miss; a cache that cannot be
written is skipped. JSON only: nothing from the cache is ever run.

The folder is ``$STACKPICK_CACHE_DIR``, else ``$XDG_CACHE_HOME/stackpick``, else
``~/.cache/stackpick``; ``STACKPICK_CACHE_DIR=`` (empty) turns the cache off.
"""

from __future__ import annotations

import json
import os
import types
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from stackpick.models import Pack

FORMAT = 1  # bump when the stored form changes
MAX_ENTRIES = 32
MAX_BYTES = 16 * 1024 * 1024
_CODE = ("models.py", "pack.py", "yamlfile.py")  # the code whose checks a cached pack passed


def folder() -> Path | None:
    """Where entries live, or None when the cache is off."""
    configured = os.environ.get("STACKPICK_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path("~/.cache").expanduser()) / "stackpick"


def key(texts: Sequence[tuple[str, str]]) -> str | None:
    """The key of a pack from its files' (name, text), in reading order.

    None when stackpick's own pack code cannot be read (installed without its sources):
    nothing then tells a stale entry from a fresh one, so the cache is not used.
    """
    import hashlib

    import pydantic

    digest = hashlib.sha256(f"stackpick-pack-cache {FORMAT} {pydantic.VERSION}".encode())
    here = Path(__file__).parent
    try:
        for name in _CODE:
            digest.update((here / name).read_bytes())
    except OSError:
        return None
    for name, text in texts:
        for part in (Path(name).name, text):
            data = part.encode("utf-8", "surrogateescape")
            digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def get(entry_key: str | None) -> Pack | None:
    """The pack stored under ``entry_key``, or None (no entry, or one that cannot be used)."""
    where = folder()
    if where is None or entry_key is None:
        return None
    from stackpick.errors import StackpickError
    from stackpick.yamlfile import read_text

    try:
        _, text = read_text(str(where / f"pack-{entry_key}.json"), limit=MAX_BYTES)
        stored = json.loads(text)
        if stored.get("format") != FORMAT or stored.get("key") != entry_key:
            return None
        pack: Pack = rebuild(Pack, stored["pack"])
    except (StackpickError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    return pack


def put(entry_key: str | None, pack: Pack) -> None:
    """Store a checked pack under ``entry_key``; a cache that cannot be written is skipped."""
    where = folder()
    if where is None or entry_key is None:
        return
    from stackpick.files import write_atomic

    stored = {"format": FORMAT, "key": entry_key, "pack": dump(pack)}
    try:
        where.mkdir(parents=True, exist_ok=True)
        write_atomic(where / f"pack-{entry_key}.json", json.dumps(stored))
        _prune(where)
    except OSError:
        pass


def _prune(where: Path) -> None:
    entries = sorted(where.glob("pack-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        old.unlink(missing_ok=True)


def dump(model: BaseModel) -> Any:
    """A model as JSON-ready data: the fields that were set, by field name."""
    return model.model_dump(mode="json", exclude_unset=True)


def rebuild(annotation: Any, data: Any) -> Any:
    """What :func:`dump` gave, as the value of type ``annotation`` again, without validating."""
    return _builder(annotation)(data)


Build = Callable[[Any], Any]


def _keep(data: Any) -> Any:
    return data


def _builder(annotation: Any) -> Build:
    """A function turning dumped data back into a value of ``annotation``, made once per type."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _builder(args[0])
    if origin in (Union, types.UnionType):
        return _union([m for m in args if m is not type(None)])
    if origin is tuple:
        if Ellipsis in args:
            item = _builder(args[0])
            return lambda data: tuple(map(item, data))
        items = [_builder(a) for a in args]
        return lambda data: tuple(build(d) for build, d in zip(items, data, strict=True))
    if origin is dict:
        value = _builder(args[1])
        return lambda data: {k: value(v) for k, v in data.items()}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    return _keep


def _union(members: list[Any]) -> Build:
    # The member that dumped to this JSON type: lists come from tuples, objects from
    # models or dicts; anything else is a scalar, kept as it is.
    def origin(member: Any) -> Any:
        return get_origin(member) or member

    listed = next((_builder(m) for m in members if origin(m) is tuple), _keep)
    mapped = next((_builder(m) for m in members if _is_mapping(origin(m))), _keep)

    def build(data: Any) -> Any:
        if isinstance(data, list):
            return listed(data)
        if isinstance(data, dict):
            return mapped(data)
        return data

    return build


def _is_mapping(kind: Any) -> bool:
    return kind is dict or (isinstance(kind, type) and issubclass(kind, BaseModel))


_MODELS: dict[type[BaseModel], Build] = {}


def _model(model: type[BaseModel]) -> Build:
    if model in _MODELS:
        return _MODELS[model]
    fields: dict[str, Build] = {}  # filled below; a model may contain itself (conditions)

    def build(data: Any) -> Any:
        values = {name: fields[name](value) for name, value in data.items()}
        return model.model_construct(set(values), **values)

    _MODELS[model] = build
    fields.update({name: _builder(f.annotation) for name, f in model.model_fields.items()})
    return build
