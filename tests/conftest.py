"""Shared fixtures: the shipped pack, and the real CLI run as a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from stackpick import load_pack
from stackpick.models import Pack

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def pytest_configure(config: pytest.Config) -> None:
    # One pack cache for the whole run, in a temporary folder: most commands then take
    # the cached path (as they do for a user), and the user's own cache is left alone.
    os.environ["STACKPICK_CACHE_DIR"] = tempfile.mkdtemp(prefix="stackpick-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.pop("STACKPICK_CACHE_DIR", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack()


@dataclass
class Run:
    code: int
    out: str
    err: str


def _entry_point() -> list[str]:
    script = Path(sys.executable).with_name("stackpick")
    if script.exists():
        return [str(script)]
    found = shutil.which("stackpick")
    return [found] if found else [sys.executable, "-m", "stackpick"]


@pytest.fixture(scope="session")
def entry_point() -> list[str]:
    """The installed `stackpick` command, as a subprocess's first words."""
    return _entry_point()


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., Run]:
    """Run the installed `stackpick` command in a temp folder; returns code, stdout, stderr."""

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
            [*_entry_point(), *args],
            input=data,
            capture_output=True,
            cwd=cwd or tmp_path,
            env=environment,
            timeout=60,
        )
        return Run(proc.returncode, proc.stdout.decode(), proc.stderr.decode())

    return run


@pytest.fixture
def cli_inproc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Run]:
    """The same command line run in this process (``stackpick.cli.run``), without start-up cost.

    For the many small variants of a case; keep one test per case on the real entry point (`cli`).
    """
    import io

    from stackpick.cli import run as cli_run

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("STACKPICK_DEBUG", raising=False)

    def run(*args: str, stdin: str | bytes | None = None) -> Run:
        if stdin is not None:
            data = stdin.encode() if isinstance(stdin, str) else stdin
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        capsys.readouterr()
        code = cli_run(list(args))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run
