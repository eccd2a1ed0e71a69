"""SIGTERM and SIGHUP end a run as Ctrl-C does: raised where the program is, or noted.

Python's default for both is to die at once, leaving temporary files and losing the
answers of an interview. :func:`take` makes each raise
:class:`~stackpick.errors.Interrupted` instead, so every ``finally`` runs. While a
prompt is on screen the signal goes to the prompt's event loop instead (:func:`route_to`):
raised from a signal handler, an exception can land in code that only reports it (a
finaliser), and the prompt would then wait on. While the answers of an interrupted
interview are being saved (:func:`hold`), a signal is only noted.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

from stackpick.errors import Interrupted

_NAMES = ("SIGTERM", "SIGHUP")
_taken: list[int] = []  # the signals this run handles (not those it found ignored)
_received: list[int] = []
_holding = [False]


def take() -> Callable[[], None]:
    """Handle SIGTERM and SIGHUP for this run; returns what puts the old handlers back.

    A signal that is ignored (as ``nohup`` asks) stays ignored; after the first signal,
    later ones are ignored too while the program cleans up.
    """
    wanted = [getattr(signal, name) for name in _NAMES if hasattr(signal, name)]
    _taken[:] = [s for s in wanted if signal.getsignal(s) is signal.SIG_DFL]
    _received.clear()
    _holding[0] = False
    try:
        before = {s: signal.signal(s, _interrupt) for s in _taken}
    except ValueError:  # not the main thread: signals are not ours to take
        _taken.clear()
        return lambda: None

    def restore() -> None:
        for number, handler in before.items():
            signal.signal(number, handler)
        _taken.clear()
        _holding[0] = False

    return restore


def _interrupt(signum: int, frame: object) -> None:
    if _note(signum) and not _holding[0]:
        raise Interrupted(signum)


def _note(signum: int) -> bool:
    """Note ``signum``; whether it is the first (later ones only wait for the clean-up)."""
    _received.append(signum)
    for other in _taken:
        signal.signal(other, signal.SIG_IGN)
    return len(_received) == 1


def route_to(application: Any) -> None:
    """While ``application`` (a prompt) runs, a signal makes it exit with Interrupted.

    Call it inside the application's event loop (a ``pre_run`` callable). The loop
    gives the signal back to the default when it closes: :func:`take_back` after.
    """
    import asyncio

    def stop(signum: int) -> None:
        if _note(signum) and not application.future.done():
            application.exit(exception=Interrupted(signum), style="class:aborting")

    loop = asyncio.get_running_loop()
    for number in _taken:
        if not _received:
            loop.add_signal_handler(number, stop, number)


def take_back() -> None:
    """This run's handler again for the signals a prompt's event loop had (see route_to)."""
    for number in _taken:
        signal.signal(number, signal.SIG_IGN if _received else _interrupt)


def hold() -> None:
    """From now on a signal is noted, not raised, so that what is being saved is saved."""
    _holding[0] = True


def received() -> int | None:
    """The first signal this run received, if any."""
    return _received[0] if _received else None
