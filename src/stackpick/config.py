"""The project's own settings: ``.stackpick.toml``, or ``[tool.stackpick]`` in ``pyproject.toml``.

A repository that keeps its own pack, weights and answers names them once::

    [tool.stackpick]            # or the same keys at the top of .stackpick.toml
    criteria = "decision/criteria"
    weights = "decision/weights.yaml"     # or a table: weights = { footprint = 3 }
    answers = "decision/answers.yaml"
    format = "markdown"

The file is looked for in the current folder, then in each parent; the nearest one that
holds settings is used (in one folder ``.stackpick.toml`` comes before ``pyproject.toml``,
and a ``pyproject.toml`` without ``[tool.stackpick]`` is passed over). Paths are taken
relative to the file's folder. Options given on the command line win.

This runs on every start, ``score --format json`` included, so it costs a few system
calls when there is nothing to read: ``tomllib`` is imported only for a file that has
settings, and a ``pyproject.toml`` is first scanned for ``[tool.stackpick]`` as bytes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from stackpick.errors import UsageError, nearest

NAMES = (".stackpick.toml", "pyproject.toml")
KEYS = ("criteria", "weights", "answers", "format")
MAX_BYTES = 1 << 20


class ConfigError(UsageError):
    """The settings file cannot be used: not TOML, an unknown key, a value of the wrong kind."""


class Config:
    """The settings in force, and the file they come from (None when there is none).

    A plain class, not a dataclass: making a dataclass costs about a millisecond at
    import, and this module is imported on every start.
    """

    __slots__ = ("path", "values")

    def __init__(self, path: Path | None = None, values: dict[str, Any] | None = None) -> None:
        self.path = path
        self.values: dict[str, Any] = values or {}

    def __repr__(self) -> str:
        return f"Config({self.path!r}, {self.values!r})"

    @property
    def base(self) -> Path:
        """The folder relative paths are taken from."""
        return self.path.parent if self.path is not None else Path()

    def path_of(self, key: str) -> Path | None:
        """The setting ``key`` as a path relative to the file's folder, if set."""
        value = self.values.get(key)
        if not isinstance(value, str):
            return None
        return Path(value) if value == "-" else self.base / value

    def line_of(self, key: str) -> int | None:
        """The line the setting ``key`` is written on, for messages."""
        return _line_of(self.path, key) if self.path is not None else None


_FOUND: dict[str, Config] = {}


def find(start: Path | None = None) -> Config:
    """The settings for the current folder (or ``start``), looked up once per process."""
    try:
        folder = os.path.abspath(start if start is not None else os.curdir)  # noqa: PTH100
    except OSError:  # the current folder was removed: there is no folder to look in
        return Config()
    if folder not in _FOUND:
        _FOUND[folder] = _search(folder)
    return _FOUND[folder]


def _search(folder: str) -> Config:
    while True:
        for name in NAMES:
            candidate = os.path.join(folder, name)  # noqa: PTH118 - plain strings, start-up path
            config = _read(candidate, pyproject=name == "pyproject.toml")
            if config is not None:
                return config
        parent = os.path.dirname(folder)  # noqa: PTH120
        if parent == folder:
            return Config()
        folder = parent


def _read(candidate: str, *, pyproject: bool) -> Config | None:
    """The settings in ``candidate``, or None when it does not exist or holds none."""
    try:
        with open(candidate, "rb") as stream:  # noqa: PTH123
            data = stream.read(MAX_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", source=candidate) from None
    if pyproject and not _may_hold_ours(data):
        return None
    path = Path(candidate)
    if len(data) > MAX_BYTES:
        raise ConfigError("is larger than 1 MiB", source=candidate)
    table: Any = _parse(path, data)
    if pyproject:
        tool = table.get("tool")
        table = tool.get("stackpick") if isinstance(tool, dict) else None
        if table is None:
            return None
        if not isinstance(table, dict):
            raise ConfigError("[tool.stackpick] must be a table", source=candidate)
    return Config(path, _checked(path, table))


def _may_hold_ours(data: bytes) -> bool:
    """Whether a pyproject.toml may hold ``[tool.stackpick]``: a scan of bytes, no TOML parser.

    True for a header ``[tool.stackpick]`` (or a sub-table), a dotted key
    ``tool.stackpick.x = ...``, or a key ``stackpick`` under ``[tool]``; a false alarm
    only costs a parse. No regular expression either: compiling one costs more than this.
    """
    at = data.find(b"stackpick")
    while at != -1:
        begin = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        line = _bare(data[begin : len(data) if end == -1 else end])
        if line.startswith((b"[tool.stackpick]", b"[tool.stackpick.", b"tool.stackpick.")):
            return True
        if line.startswith((b"stackpick=", b"stackpick.")) and _table_at(data, begin) == b"[tool]":
            return True
        at = data.find(b"stackpick", at + 1)
    return False


def _bare(line: bytes) -> bytes:
    """A TOML line without blanks and quotes around names: ``[ "tool" . x ]`` is ``[tool.x]``."""
    return line.translate(None, b" \t\r\"'")


def _table_at(data: bytes, position: int) -> bytes:
    """The header of the table that the line at ``position`` stands in (b"" at the top)."""
    while position > 0:
        begin = data.rfind(b"\n", 0, position - 1) + 1
        line = _bare(data[begin : position - 1])
        if line.startswith(b"["):
            return line.partition(b"#")[0]
        position = begin
    return b""


def _parse(path: Path, data: bytes) -> dict[str, Any]:
    import tomllib

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError("is not UTF-8 text", source=str(path)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        if line is None and "(at end of document)" in message:  # left open: the last line
            message = message.replace(
                " (at end of document)", ", still open at the end of the file"
            )
            line = max(1, len(text.rstrip().splitlines()))
        raise ConfigError(f"is not valid TOML: {message}", source=str(path), line=line) from None


def _checked(path: Path, table: dict[str, Any]) -> dict[str, Any]:
    """The settings, each key known and each value of its kind."""
    for key, value in table.items():  # the line of a key is looked up only for an error
        if key not in KEYS:
            hint = nearest(key, KEYS, aside=True)
            if key == "tool" and path.name != "pyproject.toml":
                hint = f" (in {path.name} the settings stand at the top, without [tool.stackpick])"
            raise ConfigError(
                f"unknown setting '{key}'{hint}; the settings are {', '.join(KEYS)}",
                source=str(path),
                line=_line_of(path, key),
            )
        if key == "weights" and isinstance(value, dict):
            _check_weights(path, value)
        elif not isinstance(value, str) or not value:
            kind = "a file name or a table of criterion = weight" if key == "weights" else "text"
            raise ConfigError(f"{key} must be {kind}", source=str(path), line=_line_of(path, key))
    return dict(table)


def _check_weights(path: Path, weights: dict[str, Any]) -> None:
    for criterion, weight in weights.items():
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            line = _line_of(path, "weights")
            raise ConfigError(f"weights.{criterion} must be a number", source=str(path), line=line)


def _line_of(path: Path, key: str) -> int | None:
    """The first line setting ``key`` (``key =`` or ``key.x =``), for a message."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    pattern = re.compile(rf"""^[ \t]*["']?{re.escape(key)}["']?[ \t]*[.=]""")
    ours = path.name != "pyproject.toml"  # in a pyproject.toml, only under [tool.stackpick]
    for number, line in enumerate(text.splitlines(), start=1):
        bare = _bare(line.encode())
        if bare.startswith(b"["):
            ours = path.name != "pyproject.toml" or bare.startswith(b"[tool.stackpick")
            table = f"[tool.stackpick.{key}" if path.name == "pyproject.toml" else f"[{key}"
            if bare.startswith(table.encode()) and bare[len(table) : len(table) + 1] in b"].":
                return number
        elif ours and pattern.match(line):
            return number
    return None


def weight_pairs(config: Config) -> list[str]:
    """The ``weights`` table as ``CRITERION=NUMBER`` pairs, as ``--weight`` gives them."""
    weights = config.values.get("weights")
    if not isinstance(weights, dict):
        return []
    return [f"{criterion}={weight}" for criterion, weight in weights.items()]
