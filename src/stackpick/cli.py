"""The entry point: a command line in, an exit code out; the one place errors become codes.

The command lines that scripts repeat are read by :mod:`stackpick.fastpath` without
importing typer; every other line (help, mistakes, the less-used commands) goes to the
typer app in :mod:`stackpick.app`.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stackpick import __version__
from stackpick.errors import INTERNAL_ERROR, INTERRUPTED, IO_ERROR, interrupt_code, warn

if TYPE_CHECKING:
    from typer import TyperException

USAGE = 2  # the exit code of a command-line mistake (CONTRACT.md), as typer gives it
# young objects are collected every 50,000 allocations, not 700, while a run lasts (main)
GC_THRESHOLD = (50_000, 10, 10)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if sys.stderr is None:  # started with stderr closed: errors must not land on stdout
        sys.stderr = Path(os.devnull).open("w")  # noqa: SIM115 - open for the whole run
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        warn("error: standard output is closed; redirect it instead")
        return 2
    _tolerant_stdout()
    switch = os.environ.get("STACKPICK_DEBUG", "").strip().lower()
    debug = "--debug" in args or switch not in ("", "0", "false", "no", "off")
    args = [a for a in args if a != "--debug"]
    from stackpick import errors

    errors.DEBUG = debug
    reader = sys.modules.get("stackpick.yamlfile")
    if reader is not None:  # a run in a process that ran others (tests): its own inputs only
        reader.READ.clear()
    if "--version" in args:  # CONTRACT.md: --version works everywhere, after a command too
        try:
            print(f"stackpick {__version__}")
        except OSError as exc:
            return _unwritable(exc)
        return _flushed(0)
    # Our models need no pydantic plugins; looking for them scans the entry points of
    # every installed distribution (~10 ms a run). typer does the same for its own.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from stackpick.fastpath import match

    command = match(args)
    from stackpick import signals

    restore = signals.take()
    try:
        code = command() if command is not None else _run_typer(args)
    except KeyboardInterrupt as exc:  # Ctrl-C as typer ends it (130); SIGTERM, SIGHUP 128+N
        return interrupt_code(exc) or INTERRUPTED
    except EOFError:  # as typer does: end the line, exit 130
        warn("")
        return INTERRUPTED
    except BrokenPipeError:
        return _closed_pipe()
    except Exception as exc:
        return interrupt_code(exc) or _report(exc, debug)
    finally:
        restore()
    return _flushed(code)


def _flushed(code: int) -> int:
    """``code``, once stdout is flushed: a closed pipe or a full disk shows here, not at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return _closed_pipe()
    except OSError as exc:
        return code if code > INTERRUPTED else _unwritable(exc)  # a hung-up terminal, say
    return code


def _run_typer(args: list[str]) -> int:
    import typer

    from stackpick.app import app

    command = typer.main.get_command(app)
    stdout = sys.stdout
    try:
        code = command.main(args=args, prog_name="stackpick", standalone_mode=False)
        if code == INTERRUPTED:  # typer turns every KeyboardInterrupt into exit 130
            from stackpick import signals

            signum = signals.received()  # a SIGTERM or SIGHUP was one: 128+N, as for the rest
            return INTERRUPTED if signum is None else 128 + signum
        return code if isinstance(code, int) else 0
    except SystemExit:
        # typer turns a closed stdout into exit 1 (our "gate failed"), after wrapping
        # sys.stdout to keep its flush at exit quiet
        if sys.stdout is not stdout:
            sys.stdout = stdout
            return _closed_pipe()
        raise
    except typer.TyperException as exc:  # the base of every parser error typer raises
        return _usage_error(exc)
    except typer.Abort as exc:  # click's Ctrl-C; a signal is its cause
        return interrupt_code(exc) or INTERRUPTED


def _usage_error(exc: TyperException) -> int:
    """A command-line mistake as one line on stderr, pointing at the command's --help."""
    code = int(getattr(exc, "exit_code", USAGE))
    ctx = getattr(exc, "ctx", None)  # the command the mistake was made on, when known
    no_arguments = ctx is not None and exc.format_message() == ctx.get_help()
    show = getattr(exc, "show", None)
    if show is not None and (no_arguments or code != USAGE):
        with contextlib.suppress(OSError):
            show()  # the help itself (no arguments given), or the parser's own file errors
        return code
    message = exc.format_message().replace("Value error, ", "").rstrip(".")
    where = f"; see '{ctx.command_path} --help'" if ctx is not None else ""
    warn(f"error: {message}{where}")
    return code


def _tolerant_stdout() -> None:
    # A stdout that is not UTF-8 (a Windows code page, PYTHONIOENCODING=ascii) cannot take
    # the bars or every character of file text: print '?' for those rather than fail.
    encoding = (sys.stdout.encoding or "").lower().replace("-", "").replace("_", "")
    if encoding != "utf8" and isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")


def _report(exc: Exception, debug: bool) -> int:
    from stackpick.errors import StackpickError

    if debug:
        import traceback

        with contextlib.suppress(OSError):
            traceback.print_exception(exc)
    if isinstance(exc, StackpickError):
        warn(f"error: {exc}")
        return exc.exit_code
    if isinstance(exc, OSError) and exc.errno == errno.EPIPE:  # outside BrokenPipeError
        return _closed_pipe()
    if isinstance(exc, OSError) and exc.filename is None and exc.errno in _STREAM_ERRORS:
        return _unwritable(exc)  # a stream, not a file: every file error names its file
    warn(
        f"internal error ({type(exc).__name__}): this is a bug in stackpick; "
        "run again with --debug for details and report it"
    )
    return INTERNAL_ERROR


# What writing to a full disk, a quota, a hung-up terminal or a closed stream gives.
_STREAM_ERRORS = {errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EBADF, errno.EROFS}


def _unwritable(exc: OSError) -> int:
    """Standard output could not be written: say so (if standard error can), exit 74."""
    _silence_stdout()
    warn(f"error: cannot write the output: {exc.strerror or exc}")
    return IO_ERROR


def _closed_pipe() -> int:
    # The reader went away (`| head -1`): stop quietly.
    _silence_stdout()
    return 141


def _silence_stdout() -> None:
    # What is still buffered goes nowhere, so Python does not fail again flushing at exit.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def main() -> None:
    """Console-script entry point."""
    # A run is short, and nearly everything it makes (modules, pydantic's machinery, the
    # pack) lives until exit: collect young objects less often while it runs, and let
    # the interpreter's last collection skip them (gc.freeze). Output is still flushed
    # and atexit handlers still run. Together about 20 ms a start (benchmarks/startup.py).
    gc.set_threshold(*GC_THRESHOLD)
    code = run()
    gc.freeze()
    sys.exit(code)
