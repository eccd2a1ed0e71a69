"""The entry point: a command line in, an exit code out; the one place errors become codes.

The command lines that scripts repeat are read by :mod:`stackpick.fastpath` without
importing typer; every other line (help, mistakes, the less-used commands) goes to the
typer app in :mod:`stackpick.app`.
"""

from __future__ import annotations

import gc
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stackpick import __version__

if TYPE_CHECKING:
    from typer import _click


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if sys.stderr is None:  # started with stderr closed: errors must not land on stdout
        sys.stderr = Path(os.devnull).open("w")  # noqa: SIM115 - open for the whole run
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        print("error: standard output is closed; redirect it instead", file=sys.stderr)
        return 2
    _tolerant_stdout()
    switch = os.environ.get("STACKPICK_DEBUG", "").strip().lower()
    debug = "--debug" in args or switch not in ("", "0", "false", "no", "off")
    args = [a for a in args if a != "--debug"]
    from stackpick import errors

    errors.DEBUG = debug
    if "--version" in args:  # CONTRACT.md: --version works everywhere, after a command too
        print(f"stackpick {__version__}")
        return 0
    # Our models need no pydantic plugins; looking for them scans the entry points of
    # every installed distribution (~10 ms a run). typer does the same for its own.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from stackpick.fastpath import match

    command = match(args)
    try:
        code = command() if command is not None else _run_typer(args)
        sys.stdout.flush()  # a closed pipe shows here, not as a complaint at exit
        return code
    except KeyboardInterrupt:  # as typer does: exit 130
        return 130
    except EOFError:  # as typer does: end the line, exit 130
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _closed_pipe()
    except Exception as exc:
        return _report(exc, debug)


def _run_typer(args: list[str]) -> int:
    import typer
    from typer import _click

    from stackpick.app import app

    command = typer.main.get_command(app)
    try:
        code = command.main(args=args, prog_name="stackpick", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except SystemExit:
        # typer turns a closed stdout into exit 1 (our "gate failed") after wrapping it
        if isinstance(sys.stdout, _click.utils.PacifyFlushWrapper):
            return _closed_pipe()
        raise
    except _click.exceptions.ClickException as exc:
        return _usage_error(exc)
    except typer.Abort:
        return 130


def _usage_error(exc: _click.exceptions.ClickException) -> int:
    """A command-line mistake as one line on stderr, pointing at the command's --help."""
    from typer import _click

    if isinstance(exc, _click.exceptions.NoArgsIsHelpError) or not isinstance(
        exc, _click.exceptions.UsageError
    ):
        exc.show()  # the help itself, or click's own file errors
        return exc.exit_code
    message = exc.format_message().replace("Value error, ", "").rstrip(".")
    where = f"; see '{exc.ctx.command_path} --help'" if exc.ctx is not None else ""
    print(f"error: {message}{where}", file=sys.stderr)
    return exc.exit_code


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

        traceback.print_exception(exc)
    if isinstance(exc, StackpickError):
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    if isinstance(exc, OSError) and exc.errno == 32:  # EPIPE outside BrokenPipeError
        return _closed_pipe()
    print(
        f"internal error ({type(exc).__name__}): this is a bug in stackpick; "
        "run again with --debug for details and report it",
        file=sys.stderr,
    )
    return 70


def _closed_pipe() -> int:
    # The reader went away (`| head -1`): stop quietly, and keep Python from
    # complaining again when it flushes stdout at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141


def main() -> None:
    """Console-script entry point."""
    # A run is short, and nearly everything it makes (modules, pydantic's machinery, the
    # pack) lives until exit: collect young objects less often while it runs, and let
    # the interpreter's last collection skip them (gc.freeze). Output is still flushed
    # and atexit handlers still run. Together about 20 ms a start (benchmarks/startup.py).
    gc.set_threshold(50_000, 10, 10)
    code = run()
    gc.freeze()
    sys.exit(code)
