"""Error types. The core raises them; only the CLI turns them into exit codes."""

from __future__ import annotations

import contextlib
import re
import reprlib
import sys

# What text from a file must not bring to a screen: C0 and C1 control characters (but tab
# and newline) and DEL, which terminals obey; and the invisible format characters that
# reorder or hide text (bidi embeddings, overrides, isolates and marks, zero-width spaces
# and joiners, word joiners, line and paragraph separators, the byte-order mark).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
_CONTROL = re.compile(f"[{_UNSAFE}]")
_CONTROL_OR_BREAK = re.compile(f"[\t\n{_UNSAFE}]")
_NAMED = {"\n": "\\n", "\t": "\\t"}


def printable(text: str, *, one_line: bool = False) -> str:
    r"""Text from a file made safe to show: each unsafe character as an escape (``\u202e``).

    The one helper for every view, format and prompt. With ``one_line``, newlines and
    tabs are escaped too (a file name must not start a second, forged line or row).
    """
    return (_CONTROL_OR_BREAK if one_line else _CONTROL).sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def json_safe(text: str) -> str:
    """JSON text with each unsafe character as JSON's own escape: the same data, safe to show.

    Outside its strings JSON holds only ASCII punctuation, so this changes no value.
    """
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 40, 40


def shorten(value: object, limit: int = 40) -> str:
    """A short, printable rendering of an input value for an error message."""
    if value is None or isinstance(value, bool):
        text = {None: "null", True: "true", False: "false"}[value]  # as written in YAML
    else:
        # reprlib caps the work: a deeply shared structure never becomes a huge string
        try:
            text = value if isinstance(value, str) else _REPR.repr(value)
        except ValueError:  # an int over Python's 4,300-digit limit for str()
            text = f"(a {type(value).__name__} too large to show)"
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return printable(text, one_line=True)  # one value, one line of the message


# Set by the CLI for each run: --debug (or STACKPICK_DEBUG) also shows debug notes.
DEBUG = False
INTERRUPTED = 130  # Ctrl-C, as typer and the shells report it
IO_ERROR = 74  # EX_IOERR of sysexits.h: the output (or the terminal) could not be written
INTERNAL_ERROR = 70  # EX_SOFTWARE of sysexits.h: a bug in stackpick


def warn(message: str) -> None:
    """A line on standard error; a standard error that cannot be written is no reason to fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # full, hung up, closed, None
        print(message, file=sys.stderr, flush=True)


def debug_note(message: str) -> None:
    """A note on standard error under ``--debug``; nothing otherwise."""
    if DEBUG:
        warn(f"debug: {message}")


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, so that it stops as Ctrl-C stops it."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"signal {signum}")
        self.exit_code = 128 + signum  # as a shell reports a process the signal ended


def interrupt_code(exc: BaseException) -> int | None:
    """The exit code of the interrupt behind ``exc`` (Ctrl-C 130, a signal 128+N), or None.

    An error raised while an interrupt was being handled (a hung-up terminal that
    cannot be written, say) carries the interrupt as its context.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, Interrupted):
            return current.exit_code
        if isinstance(current, KeyboardInterrupt):
            return INTERRUPTED
        if current.__cause__ is not None or current.__suppress_context__:
            current = current.__cause__  # `raise ... from None` hides what it was raised in
        else:
            current = current.__context__
    return None


class StackpickError(Exception):
    """Base of every error the tool reports to a person."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.source:
            # a newline in a file name must not start a second, forged message line
            where = printable(self.source, one_line=True)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return printable(where + self.message)


class InputError(StackpickError):
    """A file could not be read or parsed as the YAML we accept."""


class OutputError(StackpickError):
    """A file could not be written for a reason of the device, not the path (a full disk)."""

    exit_code = IO_ERROR


class AnswersError(StackpickError):
    """An answers file does not fit the criteria pack."""


MAX_PROBLEMS_SHOWN = 20  # an answers file's problems listed; the rest are counted


class Several(StackpickError):
    """Several problems of one file, reported at once, each with its own line.

    It reads as the first problem (``message``, ``source``, ``line``) to code that
    wants one; shown, it lists them all under :meth:`heading`.
    """

    most: int | None = None  # how many are listed (the rest counted); None: all of them

    def __init__(self, problems: list[StackpickError], *, what: str) -> None:
        self.problems = problems
        self.what = what  # the kind of file, for the heading: "figures file", say
        first = problems[0]
        super().__init__(first.message, source=first.source, line=first.line)

    def heading(self) -> str:
        """The line above the problems ('' for none)."""
        return f"{len(self.problems)} problems in the {self.what}:"

    def __str__(self) -> str:
        shown = self.problems[: self.most]
        lines = [StackpickError.__str__(p) for p in shown]
        left = len(self.problems) - len(shown)
        if left:
            lines.append(f"... and {left:,} more; fix these, then run again")
        heading = self.heading()
        return "\n".join([heading, *lines] if heading else lines)


class AnswersProblems(Several, AnswersError):
    """Several problems in one answers file: the heading names the file.

    A screenful of them is listed, the rest counted: a file of 50,000 unknown keys
    would otherwise print 50,000 lines. A pack's problems are all listed (its author
    fixes them all).
    """

    most = MAX_PROBLEMS_SHOWN

    def __init__(self, problems: list[StackpickError]) -> None:
        super().__init__(problems, what="answers file")

    def heading(self) -> str:
        """'answers.yaml: 3 problems in the answers file:'."""
        where = f"{printable(self.source, one_line=True)}: " if self.source else ""
        return where + super().heading()


class PackError(Several):
    """A criteria pack is invalid; carries every problem found (a heading when more than one)."""

    def __init__(self, problems: list[StackpickError], *, what: str = "criteria pack") -> None:
        super().__init__(problems, what=what)

    def heading(self) -> str:
        """The count of problems, when there is more than one."""
        return super().heading() if len(self.problems) > 1 else ""


class UsageError(StackpickError):
    """A command-line option is wrong (an unknown criterion in --weight, say)."""


class SettingError(UsageError):
    """A setting the core was given is wrong (``rps``, ``workload``, ``weight``, ...).

    The core does not know where a setting came from, so it names the setting; the
    command layer names the option that gave it instead (:meth:`named`). The message
    reads after the name (``rps must be a number above 0``), or holds ``{setting}``
    where the name goes.
    """

    def __init__(
        self, setting: str, message: str, *, source: str | None = None, line: int | None = None
    ) -> None:
        self.setting = setting
        self.template = message
        super().__init__(_name_in(message, setting), source=source, line=line)

    def named(self, name: str) -> UsageError:
        """The same error, naming ``name`` (an option such as ``--rps``) for the setting."""
        return UsageError(_name_in(self.template, name), source=self.source, line=self.line)


def _name_in(template: str, name: str) -> str:
    if "{setting}" in template:
        return template.replace("{setting}", name)
    return f"{name} {template}"


class NotInteractiveError(StackpickError):
    """``ask`` needs a terminal and has none."""


def nearest(word: str, known: list[str] | tuple[str, ...], *, aside: bool = False) -> str:
    """A suggestion of the closest known word, or an empty string.

    "; did you mean 'X'?" by default; " (did you mean 'X'?)" with ``aside``.
    """
    import difflib

    match = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if not match:
        return ""
    return f" (did you mean '{match[0]}'?)" if aside else f"; did you mean '{match[0]}'?"
