"""Shared fixtures: the shipped pack, and the real CLI run in this process or as a subprocess."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from stackpick import load_pack
from stackpick.models import Pack
from support import Run, entry_point


def pytest_configure(config: pytest.Config) -> None:
    # One pack cache for the whole run, in a temporary folder: most commands then take
    # the cached path (as they do for a user), and the user's own cache is left alone.
    os.environ["STACKPICK_CACHE_DIR"] = tempfile.mkdtemp(prefix="stackpick-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.pop("STACKPICK_CACHE_DIR", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack()


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Run]:
    """Run a command line through the real entry function, ``stackpick.cli.run``, in this process.

    In a temp folder, 80 columns, no colour, standard input empty unless ``stdin`` is
    given (text, bytes, or a stream to stand in for ``sys.stdin``); ``cwd`` and ``env``
    hold for that one call. Returns code, stdout, stderr.
    """
    from stackpick.cli import run as cli_run

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("STACKPICK_DEBUG", raising=False)

    def run(
        *args: str,
        stdin: str | bytes | object | None = None,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> Run:
        stream = stdin
        if stdin is None or isinstance(stdin, str | bytes):
            data = stdin.encode() if isinstance(stdin, str) else stdin or b""
            stream = io.TextIOWrapper(io.BytesIO(data))
        with monkeypatch.context() as call:
            call.setattr(sys, "stdin", stream)
            if cwd is not None:
                call.chdir(cwd)
            for name, value in (env or {}).items():
                call.setenv(name, value)
            capsys.readouterr()
            try:
                code = cli_run(list(args))
            except SystemExit as exit:  # shell completion ends the process itself
                code = exit.code if isinstance(exit.code, int) else 1
            out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


@pytest.fixture
def cli_process(tmp_path: Path) -> Callable[..., Run]:
    """Run the installed `stackpick` command as a subprocess in a temp folder.

    For what only a real process shows (start-up, imports, streams, signals, exit):
    one smoke test per command; the rest use `cli`, in this process.
    """

    def run(
        *args: str,
        stdin: str | bytes | None = None,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> Run:
        environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
        environment.pop("STACKPICK_DEBUG", None)  # unless the test sets it in env
        environment.update(env or {})
        data = stdin.encode() if isinstance(stdin, str) else stdin
        proc = subprocess.run(
            [*entry_point(), *args],
            input=data,
            capture_output=True,
            cwd=cwd or tmp_path,
            env=environment,
            timeout=60,
        )
        return Run(proc.returncode, proc.stdout.decode(), proc.stderr.decode())

    return run
