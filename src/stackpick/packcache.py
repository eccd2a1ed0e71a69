"""A cache of checked criteria packs, so a command does not check the same pack every run.

Reading and checking a pack (YAML, pydantic validation, cross-checks) costs more at
start-up than scoring; building pydantic's validators for the pack's models costs more
again. A pack that passed every check is stored as plain JSON, under a key made of the
text of its files, the code that reads and checks packs, and the versions of pydantic
and PyYAML; a later run with the same key rebuilds the same models from that JSON
without validating it again (the models are built with ``defer_build``, so their
validators are never made on that path).

An entry is JSON only (nothing from it is ever run). It is signed with a key of the
user's own (HMAC-SHA256, the key kept in the folder, readable by the user alone), and
rebuilding checks every value's type, every required field and that every number is
finite; then the pack's cheap checks (:func:`stackpick.pack.cross_check`, which holds
the bounds on a pack) run again. A damaged, planted or altered entry, one from another
version, or one that fails a check is a miss and is written again.

The folder, its key and each entry must belong to the user and be writable by nobody
else (as ssh and git's safe.directory ask); otherwise the cache is not used at all (a
note under ``--debug``). A cache that cannot be written is skipped.

The folder is ``$STACKPICK_CACHE_DIR``, else ``$XDG_CACHE_HOME/stackpick``, else
``~/.cache/stackpick``; ``STACKPICK_CACHE_DIR=`` (empty) turns the cache off, and so
does a relative path there (it would make a cache in whatever folder a command runs
from).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import math
import os
import re
import stat
import sys
import time
import types
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from stackpick.models import Pack

FORMAT = 3  # bump when the stored form changes
MAX_ENTRIES = 32
MAX_BYTES = 16 * 1024 * 1024
STALE_SECONDS = 3600  # a temporary file this old was left by a run that was killed
# The code whose checks a cached pack passed, and the code that stores it.
_ENTRY = re.compile(r"pack-[0-9a-f]{64}\.json")
_TEMPORARY = re.compile(r"\.pack-[0-9a-f]{64}\.json\..+\.tmp")  # files.write_atomic's
SECRET = "signing-key"  # the user's own key for the entries' signatures
_SECRET_BYTES = 32


def folder() -> Path | None:
    """Where entries live, or None when the cache is off (or there is no home folder)."""
    configured = os.environ.get("STACKPICK_CACHE_DIR")
    if configured is not None:
        if configured.strip() and not Path(configured).is_absolute():
            note(f"STACKPICK_CACHE_DIR={configured} is not an absolute path; no cache")
            return None
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

    versions = f"stackpick-pack-cache {FORMAT} {pydantic.VERSION}"
    digest = hashlib.sha256(versions.encode())
    try:
        _add(digest, "yaml", _yaml_stamp())
        for name, stamp in _code_stamps():
            _add(digest, name, stamp)
    except OSError:
        return None
    for name, text in texts:
        _add(digest, Path(name).name, text.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _yaml_stamp() -> bytes:
    """PyYAML's own stamp (its ``__init__.py``'s size and change time): any upgrade changes it.

    Read from its file, found as ``import yaml`` would find it, without importing it:
    a start that reads the pack from the cache and a plain answers file needs no YAML.
    """
    for entry in sys.path:
        try:
            found = os.stat(os.path.join(entry or ".", "yaml", "__init__.py"))  # noqa: PTH116,PTH118
        except (OSError, ValueError):
            continue
        return f"{found.st_size} {found.st_mtime_ns}".encode()
    raise OSError("PyYAML is not installed")


def _code_stamps() -> list[tuple[str, bytes]]:
    """Every module of the package with its size and change time, in a fixed order.

    All of them, not a hand-kept list: any edit to stackpick's code makes every entry
    stale. Stamps, not contents: a stat per file costs far less than reading them all.
    """
    stamps: list[tuple[str, bytes]] = []
    _stamp_folder(os.path.dirname(__file__), "", stamps)  # noqa: PTH120 - on every start
    if not stamps:
        raise OSError("stackpick's sources are not installed")
    return stamps


def _stamp_folder(folder: str, prefix: str, stamps: list[tuple[str, bytes]]) -> None:
    """Add the stamps of ``folder``'s modules, then of its sub-folders', names sorted."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name.endswith(".py") and entry.is_file():
            info = entry.stat()
            stamps.append((prefix + entry.name, f"{info.st_size} {info.st_mtime_ns}".encode()))
    for entry in entries:
        if entry.is_dir() and not entry.name.startswith(("_", ".")):
            _stamp_folder(entry.path, f"{prefix}{entry.name}/", stamps)


def _add(digest: Any, name: str, data: bytes) -> None:
    # Lengths first, so no two lists of (name, content) can hash alike.
    label = name.encode("utf-8", "surrogateescape")
    digest.update(len(label).to_bytes(8, "big") + label + len(data).to_bytes(8, "big") + data)


def get(entry_key: str | None) -> Pack | None:
    """The pack stored under ``entry_key``, or None (no entry, or one that cannot be used)."""
    where = folder()
    if where is None or entry_key is None or not trusted(where):
        return None
    path = where / f"pack-{entry_key}.json"
    secret = _secret(where)
    text = _read_private(path, MAX_BYTES)
    if secret is None or text is None:
        return None
    try:
        header, _, body = text.partition("\n")
        if not _sealed_alike(json.loads(header), _header(entry_key, body, secret)):
            return None
        pack: Pack = rebuild(Pack, json.loads(body, parse_constant=_no_constant))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    if not _sound(pack):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: the last to be pruned
    return pack


def _sealed_alike(stored: Any, expected: dict[str, Any]) -> bool:
    if not isinstance(stored, dict) or stored.keys() != expected.keys():
        return False
    signature = stored.get("hmac")
    same = {k: v for k, v in stored.items() if k != "hmac"}
    return (
        isinstance(signature, str)
        and same == {k: v for k, v in expected.items() if k != "hmac"}
        and hmac.compare_digest(signature, expected["hmac"])
    )


def _sound(pack: Pack) -> bool:
    """Whether a rebuilt pack passes the pack's cheap checks again (its bounds among them)."""
    from stackpick.pack import cross_check

    try:
        return not cross_check(pack)
    except Exception:  # a check tripping over a value no checked pack holds: a miss
        return False


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a checked pack holds")


def put(entry_key: str | None, pack: Pack) -> None:
    """Store a checked pack under ``entry_key``; a cache that cannot be written is skipped."""
    where = folder()
    if where is None or entry_key is None:
        return
    from stackpick.files import write_atomic

    body = json.dumps(dump(pack), ensure_ascii=False, separators=(",", ":"))
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not trusted(where):
            return
        secret = _secret(where) or _new_secret(where)
        if secret is None:
            return
        text = json.dumps(_header(entry_key, body, secret)) + "\n" + body
        if len(text.encode()) > MAX_BYTES:
            return  # it could never be read back
        write_atomic(where / f"pack-{entry_key}.json", text, mode=0o600)
        _prune(where)
    except OSError:
        pass


def _header(entry_key: str, body: str, secret: bytes) -> dict[str, Any]:
    data = body.encode("utf-8", "surrogateescape")
    signature = hmac.new(secret, data, hashlib.sha256).hexdigest()
    return {"format": FORMAT, "key": entry_key, "hmac": signature}


def trusted(where: Path) -> bool:
    """Whether ``where`` is a folder of this user's that nobody else can write into."""
    try:
        info = where.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if not _private(info, 0o022):
        note(f"{where} is not a folder only you can write; the pack cache is not used")
        return False
    return True


def _private(info: os.stat_result, forbidden: int) -> bool:
    """Owned by this user, with none of the ``forbidden`` permission bits."""
    uid = getattr(os, "getuid", None)
    if uid is None:  # no POSIX owners (Windows): the folder's ACLs are the user's business
        return True
    return info.st_uid == uid() and not info.st_mode & forbidden


def _read_private(path: Path, limit: int, forbidden: int = 0o022) -> str | None:
    """A regular file of this user's without the ``forbidden`` permissions, as text; else None.

    By default: one that nobody else can write.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        if not _private(info, forbidden):
            note(f"{path} is open to other users; it is not used")
            return None
        return os.read(handle, limit + 1).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    finally:
        os.close(handle)


def _secret(where: Path) -> bytes | None:
    """The user's signing key, if there is one that nobody else can read or write."""
    text = _read_private(where / SECRET, 2 * _SECRET_BYTES, forbidden=0o077)
    if text is None or not re.fullmatch(f"[0-9a-f]{{{2 * _SECRET_BYTES}}}", text):
        return None
    return bytes.fromhex(text)


def _new_secret(where: Path) -> bytes | None:
    """Make the signing key (readable by the user alone); the one made first when runs race."""
    from stackpick.files import write_atomic

    with contextlib.suppress(FileExistsError):
        write_atomic(where / SECRET, os.urandom(_SECRET_BYTES).hex(), exclusive=True, mode=0o600)
    return _secret(where)


def note(message: str) -> None:
    """Say under ``--debug`` why the cache is not used; otherwise nothing."""
    from stackpick.errors import debug_note

    debug_note(f"pack cache: {message}")


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
        return _finite
    if annotation in (str, int, bool):
        return lambda data: _of(annotation, data)
    raise TypeError(f"the pack cache cannot rebuild {annotation!r}")


def _finite(data: Any) -> float:
    number = float(_of(int | float, data))
    if not math.isfinite(number):  # 1e999 in JSON reads as infinity
        raise ValueError("a checked pack holds finite numbers only")
    return number


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


def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    """Each optional field's default; TypeError for a model this cache cannot build directly.

    The defaults are shared by every model built, so they must be immutable values.
    """
    if model.__private_attributes__ or model.__pydantic_post_init__ is not None:
        raise TypeError(
            f"the pack cache cannot rebuild {model.__name__}: private attributes or post-init"
        )
    found: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            raise TypeError(f"the pack cache cannot rebuild {model.__name__}.{name}")
        if not info.is_required():
            if not isinstance(info.default, str | int | float | bool | tuple | None):
                raise TypeError(f"the pack cache cannot share {model.__name__}.{name}'s default")
            found[name] = info.default
    return found


def _is_mapping(kind: Any) -> bool:
    return kind is dict or (isinstance(kind, type) and issubclass(kind, BaseModel))


_MODELS: dict[type[BaseModel], Build] = {}


def _model(model: type[BaseModel]) -> Build:
    if model in _MODELS:
        return _MODELS[model]
    fields: dict[str, Build] = {}  # filled below; a model may contain itself (conditions)
    required = frozenset(name for name, f in model.model_fields.items() if f.is_required())
    defaults = _defaults(model)
    names = tuple(model.model_fields)

    def build(data: Any) -> Any:
        values = {name: fields[name](value) for name, value in _of(dict, data).items()}
        if not required <= values.keys():
            raise KeyError(f"{model.__name__} without {sorted(required - values.keys())}")
        # What model_construct does for these models (by field name, no extras, no private
        # attributes, post-init or default factories: _defaults refuses those), without its
        # per-field work.
        whole = {name: values[name] if name in values else defaults[name] for name in names}
        made = model.__new__(model)
        object.__setattr__(made, "__dict__", whole)
        object.__setattr__(made, "__pydantic_fields_set__", set(values))
        object.__setattr__(made, "__pydantic_extra__", None)
        object.__setattr__(made, "__pydantic_private__", None)
        return made

    _MODELS[model] = build
    fields.update({name: _builder(f.annotation) for name, f in model.model_fields.items()})
    return build
