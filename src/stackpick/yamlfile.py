"""Read untrusted YAML: bounded, safe, with the line of every value.

The one place that parses YAML. Files are read with a size bound (regular files
and standard input only) and decoded as strict UTF-8. The plainest files (``key: value``
lines, see :mod:`stackpick.plainyaml`) are then read line by line, to the result the
rest of this module would give; any other text is composed into a node graph by
PyYAML's safe machinery (LibYAML's when present) and then turned into plain
Python values by our own walker, which is where the surprises are refused:
aliases (the billion-laughs bomb), object-constructing tags, duplicate and
non-string keys, YAML 1.1 booleans (``yes``/``no``/``on``/``off`` stay strings),
overlong integers, ``.nan``/``.inf`` and deep nesting.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import stat
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stackpick.errors import InputError, StackpickError, nearest, shorten
from stackpick.plainyaml import read as read_plain

if TYPE_CHECKING:  # PyYAML is imported when a file needs it: a plain one does not
    import yaml

_Loader: Any = None  # the loader class to compose with; None: LibYAML's when present

MAX_BYTES = 1024 * 1024
# Every regular file read in this process, by (device, inode), with the name it was read
# by: an output must never replace one (commands.output), whatever link leads to it.
READ: dict[tuple[int, int], str] = {}


def forget_read(path: str) -> None:
    """Forget that ``path`` was read: it was looked at and set aside, so it is no input."""
    for key in [k for k, name in READ.items() if name == path]:
        del READ[key]


MAX_DEPTH = 64
MAX_SCALAR_CHARS = 40  # for numbers: Python's int() refuses 4,300+ digits with ValueError

Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_TRUE_FALSE = {"true": True, "false": False}


@dataclass(frozen=True)
class Document:
    """Plain data read from one YAML file, with the line of each key and item."""

    source: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    # Read with ``every``: the problems of single values (a YAML 1.1 number, a duplicate
    # key), each value left as written (or the duplicate dropped), and where they were.
    problems: tuple[InputError, ...] = ()
    reported: frozenset[Path_] = frozenset()

    def line(self, path: Path_) -> int | None:
        """The line of the value at ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def section(
    document: Document,
    name: str,
    inside: Collection[str],
    holds: str,
    error: type[StackpickError] = InputError,
) -> tuple[dict[str, Any], Path_]:
    """The mapping a file holds: flat, or under ``name:`` with only a ``meta:`` mapping beside.

    The one reader of "a mapping, flat or under its optional top-level key" (answers,
    weights, status and figures files). ``inside`` are the keys the mapping may hold,
    ``holds`` says what it maps ("criterion id to weight"), for the messages. Nothing is
    silently ignored: any other key beside ``name:`` is an error naming it and its line;
    one that belongs inside (in ``inside``) says so.

    Raises:
        error: the file or its ``name:`` holds no mapping, or a key stands beside ``name:``.
    """
    data = document.data
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise error(f"holds {kind}; expected a mapping of {holds}", source=document.source, line=1)
    if name not in data or (name in inside and not isinstance(data[name], dict)):
        return data, ()  # flat (perhaps with an entry called ``name``)
    for key, value in data.items():
        problem = _beside_problem(key, value, name, inside, holds)
        if problem:
            raise error(problem, source=document.source, line=document.line((key,)))
    return data[name], (name,)


def _beside_problem(
    key: str, value: object, name: str, inside: Collection[str], holds: str
) -> str | None:
    """What is wrong with top-level ``key`` of a file holding ``name:``, or None."""
    if key == name:
        return None if isinstance(value, dict) else f"'{name}:' must hold a mapping of {holds}"
    if key in inside:
        return f"'{shorten(key)}' is outside '{name}:'; indent it under '{name}:'"
    if key == "meta":
        return None if isinstance(value, dict) else "'meta:' must hold a mapping (who, when, why)"
    hint = nearest(key, [name, "meta", *inside], aside=True)
    return (
        f"unknown top-level key '{shorten(key)}'{hint}; beside '{name}:' only a"
        " 'meta:' mapping may stand"
    )


def read_text(path: str, *, limit: int = MAX_BYTES) -> tuple[str, str]:
    """Read a regular file (or ``-`` for stdin) as UTF-8 text; returns (display name, text)."""
    if path == "-":
        return "<stdin>", _decode("<stdin>", _read_stdin(limit), limit)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; we refuse it just below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InputError("no such file", source=path) from None
    except IsADirectoryError:
        raise InputError("is a folder; expected a YAML file", source=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=path) from None
    except ValueError:  # a NUL byte in the path
        raise InputError("is not a usable file name", source=path) from None
    try:
        raw = _read_regular(fd, path, limit)
    finally:
        os.close(fd)
    return path, _decode(path, raw, limit)


def _read_stdin(limit: int) -> bytes:
    """At most ``limit + 1`` bytes of standard input, which may be a pipe, a file or a terminal."""
    if sys.stdin is None:
        raise InputError("standard input is closed; give a file instead", source="<stdin>")
    try:
        info: os.stat_result | None = os.fstat(sys.stdin.fileno())
    except (OSError, ValueError):  # no file descriptor (replaced in-process): read it as it is
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError("standard input is a folder; give an answers file", source="<stdin>")
    if info is not None and stat.S_ISREG(info.st_mode):  # `< answers.yaml`: an input too
        READ[info.st_dev, info.st_ino] = "<stdin>"
    try:
        return bytes(sys.stdin.buffer.read(limit + 1))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"cannot read standard input: {reason}", source="<stdin>") from None


def _read_regular(fd: int, path: str, limit: int) -> bytes:
    """Read an open file, refusing anything but a regular file of at most ``limit`` bytes."""
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder; expected a YAML file", source=path)
    if not stat.S_ISREG(info.st_mode):
        # FIFOs block, devices like /dev/zero never end: only regular files are read.
        raise InputError("is not a regular file; expected a YAML file", source=path)
    if info.st_size > limit:
        raise InputError(f"is larger than the {limit // 1024} KiB allowed", source=path)
    READ[info.st_dev, info.st_ino] = path
    try:
        # Ask for the size fstat gave (not the whole limit, which would allocate 1 MiB
        # per small file), and read on, still bounded, if the file grew meanwhile.
        want = info.st_size + 1
        raw = os.read(fd, want)
        while len(raw) < limit + 1 and (chunk := os.read(fd, limit + 1 - len(raw))):
            raw += chunk
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=path) from None
    return raw


def _decode(source: str, raw: bytes, limit: int) -> str:
    if len(raw) > limit:
        raise InputError(f"is larger than the {limit // 1024} KiB allowed", source=source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            source=source,
            line=line,
        ) from None


class EmptyDocumentError(InputError):
    """A file that holds no YAML document at all (nothing, or only comments)."""


def load_file(path: str, *, limit: int = MAX_BYTES, every: bool = False) -> Document:
    """Read and parse one YAML file (or ``-``) into a :class:`Document`."""
    source, text = read_text(path, limit=limit)
    return parse(text, source, every=every)


def parse(text: str, source: str, *, every: bool = False) -> Document:
    """Parse YAML text into plain data, refusing everything unsafe or surprising.

    The first problem is raised; with ``every``, a problem confined to one value (a
    YAML 1.1 number, a duplicate key) is kept in ``Document.problems`` instead and the
    reading goes on, so that a caller can report every problem of a file at once.
    """
    plain = read_plain(text)
    if plain is not None:  # the common plain file: the same result, without LibYAML
        return Document(source, *plain)
    return parse_yaml(text, source, every=every)


def parse_yaml(text: str, source: str, *, every: bool = False) -> Document:
    """:func:`parse` by LibYAML and the walker alone, for any text (the plain ones too)."""
    node = _compose(text, source)
    if node is None:
        raise EmptyDocumentError("is empty; expected a YAML mapping", source=source)
    walker = _Walker(source, every=every)
    data = walker.value(node, (), 0)
    reported = frozenset(walker.reported)
    return Document(source, data, walker.lines, tuple(walker.problems), reported)


def _compose(text: str, source: str) -> yaml.Node | None:
    import yaml

    reader: Any = _Loader or getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # LibYAML's if built
    try:
        loader = reader(text)  # the pure-Python reader checks every character here already
    except yaml.YAMLError as exc:
        raise _reader_error(exc, text, source) from None
    try:
        node: yaml.Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "not valid YAML"
        if "expected a single document" in str(exc.context):
            problem = "holds several YAML documents; only one is allowed"
        elif _at_end(text, exc.problem_mark) and exc.context_mark is not None:
            # the file ended inside something opened earlier: say where that begins
            what = str(exc.context).removeprefix("while parsing ").removeprefix("while scanning ")
            what = _OPENED.get(what, what)
            problem = f"{problem}: {what} starts here and is never closed"
            mark = exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(
            f"YAML error: {problem}", source=source, line=line, column=column
        ) from None
    except yaml.YAMLError as exc:  # ReaderError: a character YAML does not allow
        raise _reader_error(exc, text, source) from None
    except RecursionError:
        raise InputError(
            f"is nested too deeply (at most {MAX_DEPTH} levels)", source=source
        ) from None
    finally:
        loader.dispose()
    return node


# what LibYAML calls what was left open, in the words of an answers file
_OPENED = {
    "a flow sequence": "the list ([...])",
    "a flow mapping": "the mapping ({...})",
    "a quoted scalar": "the quoted text",
}


def _at_end(text: str, mark: Any) -> bool:
    """Whether ``mark`` is past everything but blank space: the file ended there."""
    return mark is not None and not text[mark.index :].strip()


def _reader_error(exc: yaml.YAMLError, text: str, source: str) -> InputError:
    position = getattr(exc, "position", 0)
    line = text[:position].count("\n") + 1
    return InputError(f"YAML error: {_reader_problem(exc)}", source=source, line=line)


def _reader_problem(exc: yaml.YAMLError) -> str:
    character = getattr(exc, "character", None)
    if isinstance(character, str):  # the pure-Python reader gives the character,
        character = ord(character)
    if isinstance(character, int):  # LibYAML its code point
        return f"character U+{character:04X} is not allowed"
    return "unreadable characters"


# An integer is written in plain decimal, in files and in the interview alike: YAML 1.1
# also reads 0x10, 0b101, 1_000, 010 (octal) and 1:30 (base 60) as integers.
DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)", re.ASCII)
_EXPONENT = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+", re.ASCII)


def _yaml11_number(text: str) -> str | None:
    """Why YAML 1.1 would read ``text`` as a number nobody meant, or None."""
    if ":" in text:
        return "is a base-60 number in YAML 1.1"
    return integer_problem(text)


def integer_problem(text: str) -> str | None:
    """Why ``text``, which YAML 1.1 reads as an integer, is not one written in plain decimal."""
    if DECIMAL.fullmatch(text):
        return None
    digits = text.lstrip("+-").lower()
    if "_" in digits:
        return "has digit separators, which YAML 1.1 drops"
    if digits.startswith("0x"):
        return "is a hexadecimal number in YAML 1.1"
    if digits.startswith("0b"):
        return "is a binary number in YAML 1.1"
    if re.fullmatch(r"0[0-7]+", digits, re.ASCII):
        return OCTAL
    if re.fullmatch(r"0[0-9]+", digits, re.ASCII):  # 08: no octal, so YAML 1.1 reads it as text
        return LEADING_ZERO
    return None


OCTAL = "is an octal number in YAML 1.1"
LEADING_ZERO = "has a leading zero, so YAML 1.1 reads it as text"


def number_as_text(value: object, *, whole: bool = False) -> str:
    """A hint when ``value`` is text YAML 1.1 did not read as a number (1e3), else ''.

    With ``whole`` (a whole number is wanted), only a plain whole number is offered.
    """
    if isinstance(value, str) and _EXPONENT.fullmatch(value.strip()):
        text = value.strip()
        plain = _plain(float(text))
        if whole:
            if not plain or "." in plain:
                return ""
            return f" ('{text}' is text to YAML 1.1: write {plain})"
        return (
            f" ('{text}' is text to YAML 1.1, which needs a dot and a sign in an"
            f" exponent: write {plain + ' or ' if plain else ''}{_yaml11_exponent(text)})"
        )
    return ""


def _plain(number: float) -> str:
    """``number`` in plain decimal notation (1000, 0.2), or '' where that is not exact."""
    text = f"{number:f}".rstrip("0").rstrip(".")
    return text if math.isfinite(number) and text and float(text) == number else ""


def _yaml11_exponent(text: str) -> str:
    """An exponent number as YAML 1.1 reads it: 1e3 as 1.0e+3, 2E-1 as 2.0E-1."""
    mantissa, mark, exponent = text.partition("e") if "e" in text else text.partition("E")
    if "." not in mantissa:
        mantissa += ".0"
    sign = mantissa[:1] if mantissa[:1] in "+-" else ""
    if mantissa[len(sign) : len(sign) + 1] == ".":  # YAML 1.1 wants a digit before the dot
        mantissa = f"{sign}0{mantissa[len(sign) :]}"
    if exponent[:1] not in "+-":
        exponent = "+" + exponent
    return mantissa + mark + exponent


def _float_surprise(text: str) -> str | None:
    if ":" in text:
        return "is a base-60 number in YAML 1.1"
    if "_" in text:
        return "has digit separators, which YAML 1.1 drops"
    return None


def _refused_tag(tag: str) -> str:
    shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    return (
        f"the tag '{shorten(shown, 60)}' is not accepted; only plain text, numbers,"
        " true/false, lists and mappings are"
    )


class _Walker:
    """Turns a node graph into plain values, recording lines and refusing the unsafe."""

    def __init__(self, source: str, *, every: bool = False) -> None:
        import yaml  # a plain file never gets here: PyYAML is loaded for the others only

        self.yaml = yaml
        self.source = source
        self.lines: dict[Path_, int] = {}
        self.seen: set[int] = set()
        self.every = every
        self.problems: list[InputError] = []
        self.reported: set[Path_] = set()

    def fail(self, message: str, node: yaml.Node) -> InputError:
        return InputError(message, source=self.source, line=node.start_mark.line + 1)

    def soft(self, message: str, node: yaml.Node, path: Path_) -> None:
        """A problem of one value: raised, or (reading ``every``) kept, and the reading goes on."""
        error = self.fail(message, node)
        if not self.every:
            raise error
        self.problems.append(error)
        self.reported.add(path)

    def value(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(f"is nested too deeply (at most {MAX_DEPTH} levels)", node)
        if id(node) in self.seen:
            # an alias is the anchored node itself: name the line that uses it, not the anchor's
            line = self.lines.get(path, node.start_mark.line + 1)
            message = "YAML anchors and aliases (&, *) are not accepted"
            raise InputError(message, source=self.source, line=line)
        self.seen.add(id(node))
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, self.yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, self.yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                raise self.fail(_refused_tag(node.tag), node)
            items = []
            for index, item in enumerate(node.value):
                seen = id(item) in self.seen
                self.lines[(*path, index)] = self.lines[path] if seen else item.start_mark.line + 1
                items.append(self.value(item, (*path, index), depth + 1))
            return items
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        if node.tag != _TAG + "map":
            raise self.fail(_refused_tag(node.tag), node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise self.fail("YAML merge keys (<<) are not accepted", key_node)
            key = self.key(key_node, path, depth)
            if not isinstance(key, str):
                raise self.fail(f"keys must be text, not {type(key).__name__}", key_node)
            line = key_node.start_mark.line + 1
            if key in result:
                first = self.lines[(*path, key)]
                message = f"duplicate key '{shorten(key)}' (lines {first} and {line})"
                self.soft(f"{message}; each key may appear once", key_node, (*path, key))
                continue  # the first one stands, so that the rest can still be checked
            self.lines[(*path, key)] = line
            result[key] = self.value(value_node, (*path, key), depth + 1)
        self.lines.pop((*path, "<key>"), None)
        return result

    def key(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        """A mapping key: plain text takes a short path (every file has many keys)."""
        if type(node) is self.yaml.ScalarNode and node.tag == _STR and id(node) not in self.seen:
            self.seen.add(id(node))
            return node.value
        return self.value(node, (*path, "<key>"), depth + 1)

    def scalar(self, node: yaml.Node, path: Path_ = ()) -> Any:
        tag, text = node.tag, node.value
        if tag not in _PLAIN_TAGS:
            raise self.fail(_refused_tag(tag), node)
        kind = tag[len(_TAG) :]
        if kind == "bool":
            # YAML 1.1 reads yes/no/on/off as booleans; here only true/false are.
            return _TRUE_FALSE.get(text.lower(), text)
        if kind == "null":
            return None
        if kind in ("int", "float") and isinstance(node, self.yaml.ScalarNode):
            number, problem = self.number(node, kind)
            if problem is None:
                return number
            # read for every problem, a value's message names its key, as an answers check does
            key = next((str(k) for k in reversed(path) if isinstance(k, str)), None)
            named = f"{key}: {problem}" if self.every and key and key != "<key>" else problem
            self.soft(named, node, path)
            return text  # reported already; the value stays as written
        return text  # str, and timestamps kept as written

    def number(self, node: yaml.ScalarNode, kind: str) -> tuple[int | float | None, str | None]:
        """The number, or why it is refused (too long, a YAML 1.1 form, not finite)."""
        text: str = node.value
        if len(text) > MAX_SCALAR_CHARS:
            return None, f"the number is too long (over {MAX_SCALAR_CHARS} characters)"
        surprise = _yaml11_number(text) if kind == "int" else _float_surprise(text)
        constructor = self.yaml.constructor.SafeConstructor()
        if surprise:
            read = (
                constructor.construct_yaml_int
                if kind == "int"
                else constructor.construct_yaml_float
            )
            with contextlib.suppress(ValueError, OverflowError):  # said in its own terms
                surprise += f" ({text} reads as {read(node)})"
            return None, f"'{text}' {surprise}; write the number in plain decimal"
        try:
            if kind == "int":
                return int(constructor.construct_yaml_int(node)), None
            number = float(constructor.construct_yaml_float(node))
        except (ValueError, IndexError):  # IndexError: an explicit `!!int` with no digits
            return None, "is not a number YAML can read"
        if not math.isfinite(number):
            return None, "only finite numbers are accepted, not .nan or .inf"
        return number, None
