"""A cache of checked criteria packs, so a command does not check the same pack every run.

Reading and checking a pack (YAML, pydantic validation, cross-checks) costs more at
start-up than scoring; building pydantic's validators for the pack's models costs more
again. A pack that passed every check is stored as plain JSON, under a key made of the
text of its files, the code that reads and checks packs, and the versions of pydantic
and PyYAML; a later run with the same key rebuilds the same models from that JSON
without validating it again (the models are built with ``defer_build``, so their
validators are never made on that path).

An entry is JSON only (nothing from it is ever run) and carries a digest of its content;
rebuilding checks every value's type and every required field, so a damaged entry (cut
short, altered, from another version) counts as a miss and is replaced. The digest
cannot tell a deliberate edit that recomputes it, and the pack's own checks are not run
again: the folder is trusted like stackpick's own files, so keep it private (the default
is in your home folder). A cache that cannot be written is skipped.

The folder is ``$STACKPICK_CACHE_DIR``, else ``$XDG_CACHE_HOME/stackpick``, else
``~/.cache/stackpick``; ``STACKPICK_CACHE_DIR=`` (empty) turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
import types
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from stackpick.models import Pack

FORMAT = 2  # bump when the stored form changes
MAX_ENTRIES = 32
MAX_BYTES = 16 * 1024 * 1024
STALE_SECONDS = 3600  # a temporary file this old was left by a run that was killed
# The code whose checks a cached pack passed, and the code that stores it.
_CODE = ("answers.py", "errors.py", "models.py", "pack.py", "packcache.py", "yamlfile.py")
_ENTRY = re.compile(r"pack-[0-9a-f]{64}\.json")
_TEMPORARY = re.compile(r"\.pack-[0-9a-f]{64}\.json\..+\.tmp")  # files.write_atomic's


def folder() -> Path | None:
    """Where entries live, or None when the cache is off (or there is no home folder)."""
    configured = os.environ.get("STACKPICK_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = Path(os.environ.get("XDG_CACHE_HOME", ""))
    if base.is_absolute():  # the XDG spec: a relative path is to be ignored
        return base / "stackpick"
    try:
        home = Path("~").expanduser()
    except RuntimeError:  # no HOME, and no passwd entry for this user
        return None
    return home / ".cache" / "stackpick" if home.is_absolute() else None


def key(texts: Sequence[tuple[str, str]]) -> str | None:
    """The key of a pack from its files' (name, text), in reading order.

    None when the cache is off, or when stackpick's own pack code cannot be read
    (installed without its sources): nothing would then tell a stale entry from a
    fresh one.
    """
    if folder() is None:
        return None
    import pydantic
    import yaml

    versions = f"stackpick-pack-cache {FORMAT} {pydantic.VERSION} {yaml.__version__}"
    digest = hashlib.sha256(versions.encode())
    here = Path(__file__).parent
    try:
        for name in _CODE:
            _add(digest, name, (here / name).read_bytes())
    except OSError:
        return None
    for name, text in texts:
        _add(digest, Path(name).name, text.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _add(digest: Any, name: str, data: bytes) -> None:
    # Lengths first, so no two lists of (name, content) can hash alike.
    label = name.encode("utf-8", "surrogateescape")
    digest.update(len(label).to_bytes(8, "big") + label + len(data).to_bytes(8, "big") + data)


def get(entry_key: str | None) -> Pack | None:
    """The pack stored under ``entry_key``, or None (no entry, or one that cannot be used)."""
    where = folder()
    if where is None or entry_key is None:
        return None
    from stackpick.errors import StackpickError
    from stackpick.yamlfile import read_text

    path = where / f"pack-{entry_key}.json"
    try:
        _, text = read_text(str(path), limit=MAX_BYTES)
        header, _, body = text.partition("\n")
        stored = json.loads(header)
        if stored != _header(entry_key, body):
            return None
        pack: Pack = rebuild(Pack, json.loads(body, parse_constant=_no_constant))
    except (StackpickError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: the last to be pruned
    return pack


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a checked pack holds")


def put(entry_key: str | None, pack: Pack) -> None:
    """Store a checked pack under ``entry_key``; a cache that cannot be written is skipped."""
    where = folder()
    if where is None or entry_key is None:
        return
    from stackpick.files import write_atomic

    body = json.dumps(dump(pack), ensure_ascii=False, separators=(",", ":"))
    text = json.dumps(_header(entry_key, body)) + "\n" + body
    if len(text.encode()) > MAX_BYTES:
        return  # it could never be read back
    try:
        where.mkdir(parents=True, exist_ok=True)
        write_atomic(where / f"pack-{entry_key}.json", text)
        _prune(where)
    except OSError:
        pass


def _header(entry_key: str, body: str) -> dict[str, Any]:
    digest = hashlib.sha256(body.encode("utf-8", "surrogateescape")).hexdigest()
    return {"format": FORMAT, "key": entry_key, "sha256": digest}


def _prune(where: Path) -> None:
    """Keep the most recently used entries; remove temporary files of runs long gone."""
    entries: list[tuple[float, Path]] = []
    for path in where.iterdir():
        if _ENTRY.fullmatch(path.name):
            entries.append((path.stat().st_mtime, path))
        elif _TEMPORARY.fullmatch(path.name) and path.stat().st_mtime < time.time() - STALE_SECONDS:
            path.unlink(missing_ok=True)
    entries.sort(reverse=True)
    for _, old in entries[MAX_ENTRIES:]:
        old.unlink(missing_ok=True)


def dump(model: BaseModel) -> Any:
    """A model as JSON-ready data: the fields that were set, by field name."""
    return model.model_dump(mode="json", exclude_unset=True)


def rebuild(annotation: Any, data: Any) -> Any:
    """What :func:`dump` gave, as the value of type ``annotation`` again, without validating.

    Types are checked on the way (a string where a number belongs, a missing required
    field, an unknown one): TypeError or KeyError then, never a model that is not whole.
    """
    return _builder(annotation)(data)


Build = Callable[[Any], Any]


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
            return lambda data: tuple(map(item, _of(list, data)))
        items = [_builder(a) for a in args]
        return lambda data: tuple(b(d) for b, d in zip(items, _of(list, data), strict=True))
    if origin is dict:
        value = _builder(args[1])
        return lambda data: {_of(str, k): value(v) for k, v in _of(dict, data).items()}
    if origin is Literal:
        return lambda data: data if data in args else _wrong(annotation, data)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    if annotation is float:
        return lambda data: float(_of(int | float, data))
    if annotation in (str, int, bool):
        return lambda data: _of(annotation, data)
    raise TypeError(f"the pack cache cannot rebuild {annotation!r}")


def _of(kind: Any, data: Any) -> Any:
    """``data`` when it is of ``kind`` (booleans are not numbers here), else TypeError."""
    if not isinstance(data, kind) or (isinstance(data, bool) and kind is not bool):
        _wrong(kind, data)
    return data


def _wrong(kind: Any, data: Any) -> Any:
    raise TypeError(f"expected {kind!r}, found {type(data).__name__}")


def _union(members: list[Any]) -> Build:
    # The member that dumped to this JSON type: lists come from tuples, objects from
    # models or dicts, other values from the first scalar member they fit.
    def origin(member: Any) -> Any:
        return get_origin(member) or member

    listed = [_builder(m) for m in members if origin(m) is tuple]
    mapped = [_builder(m) for m in members if _is_mapping(origin(m))]
    scalars = [
        _builder(m) for m in members if origin(m) is not tuple and not _is_mapping(origin(m))
    ]

    def build(data: Any) -> Any:
        if data is None:
            return None
        tried = listed if isinstance(data, list) else mapped if isinstance(data, dict) else scalars
        for member in tried:
            try:
                return member(data)
            except (TypeError, KeyError, ValueError):
                continue
        return _wrong(members, data)

    return build


def _is_mapping(kind: Any) -> bool:
    return kind is dict or (isinstance(kind, type) and issubclass(kind, BaseModel))


_MODELS: dict[type[BaseModel], Build] = {}


def _model(model: type[BaseModel]) -> Build:
    if model in _MODELS:
        return _MODELS[model]
    fields: dict[str, Build] = {}  # filled below; a model may contain itself (conditions)
    required = frozenset(name for name, f in model.model_fields.items() if f.is_required())

    def build(data: Any) -> Any:
        values = {name: fields[name](value) for name, value in _of(dict, data).items()}
        if not required <= values.keys():
            raise KeyError(f"{model.__name__} without {sorted(required - values.keys())}")
        return model.model_construct(set(values), **values)

    _MODELS[model] = build
    fields.update({name: _builder(f.annotation) for name, f in model.model_fields.items()})
    return build
