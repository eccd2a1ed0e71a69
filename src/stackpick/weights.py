"""An organisation's own weights for a pack's criteria: read, checked and applied here.

Weights come from a file (a mapping of criterion id to weight, flat or under
``weights:``) and from ``CRITERION=NUMBER`` pairs; the pairs win over the file. Errors
name the setting ``weight`` (:class:`~stackpick.errors.SettingError`); the command
line names its own option instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from stackpick.errors import SettingError, UsageError, nearest, shorten

if TYPE_CHECKING:
    from stackpick.models import Pack


def problem(pack: Pack, criterion: object, weight: object) -> str | None:
    """Why ``criterion: weight`` cannot override the pack, or None when it can."""
    from stackpick.models import weight_problem

    known = list(pack.weights)
    if criterion not in known:
        hint = nearest(criterion, known) if isinstance(criterion, str) else ""
        return (
            f"unknown criterion '{shorten(criterion)}'{hint}; `stackpick criteria show` lists them"
        )
    return weight_problem(weight)


# A weight on the command line as a weights file takes one: plain ASCII decimal notation
# (float() alone also takes 1_0 and '١٠', which a file refuses); inf and nan are numbers
# here, refused after as weights are, with the reason why
_NUMBER = re.compile(
    r"[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?|inf|infinity|nan)",
    re.ASCII | re.IGNORECASE,
)


_YAML11_EXPONENT = re.compile(r"[-+]?[0-9]*\.[0-9]*[eE][-+][0-9]+", re.ASCII)  # 1.0e+3 is a number


def parse_pair(pack: Pack, pair: str) -> tuple[str, float]:
    """``CRITERION=NUMBER`` as a checked (criterion, weight)."""
    name, sep, number = pair.partition("=")
    try:
        if not sep or not _NUMBER.fullmatch(number.strip()):
            raise ValueError  # as a weights file reads it: no 1_0, no other scripts' digits
        value = float(number)
    except ValueError:
        raise SettingError("weight", f"takes CRITERION=NUMBER, not '{pair}'") from None
    found = problem(pack, name.strip(), value) or _file_refuses(number.strip())
    if found:
        raise SettingError("weight", f"{shorten(pair)}: {found}")
    return name.strip(), value + 0.0  # + 0.0: -0 is 0


def _file_refuses(text: str) -> str | None:
    """Why a weights file would refuse the number ``text``, which YAML 1.1 misreads; or None.

    The same number is taken on the command line as in a file, so that one can be
    copied into the other: no 1e3 (text to YAML 1.1), no 010 (octal to it).
    """
    from stackpick.yamlfile import OCTAL, integer_problem, number_as_text

    hint = "" if _YAML11_EXPONENT.fullmatch(text) else number_as_text(text)
    if hint:
        return "a weights file would read it as text" + hint
    if re.fullmatch(r"[-+]?[0-9]+", text, re.ASCII) and (surprise := integer_problem(text)):
        reading = "octal" if surprise == OCTAL else "text"  # the two forms digits alone take
        return f"a weights file would read it as {reading}; write {int(text)}"
    return None


def read_file(pack: Pack, path: str) -> dict[str, float]:
    """A weights file, checked: each problem at its line; nothing in it silently ignored.

    Criterion id -> weight, flat or under ``weights:`` (beside it only ``meta:``).
    """
    from stackpick.yamlfile import load_file, number_as_text, section

    document = load_file(path)
    data, base = section(document, "weights", pack.weights, "criterion id to weight", UsageError)
    for key, value in data.items():
        found = problem(pack, key, value)
        if found:
            line = document.line((*base, key))
            hint = number_as_text(value)
            raise UsageError(f"{shorten(key)}: {found}{hint}", source=path, line=line)
    return {k: float(v) + 0.0 for k, v in data.items()}  # + 0.0: -0 is 0


def read(pack: Pack, pairs: Sequence[str] = (), path: str | None = None) -> dict[str, float]:
    """The file at ``path`` (if any), then each pair: one checked mapping of overrides."""
    overrides = read_file(pack, path) if path is not None else {}
    overrides.update(parse_pair(pack, pair) for pair in pairs)
    if overrides and not any({**pack.weights, **overrides}.values()):
        raise UsageError("every weight would be 0, so nothing is scored; keep one above 0")
    return overrides


def effective(pack: Pack, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The pack's weights with ``overrides`` applied (checked)."""
    weights = dict(pack.weights)
    for criterion, weight in (overrides or {}).items():
        found = problem(pack, criterion, weight)
        if found:
            where = "" if criterion not in weights else f"weight of '{criterion}': "
            raise UsageError(f"{where}{found}")
        weights[criterion] = float(weight) + 0.0  # + 0.0: -0 is 0
    return weights
