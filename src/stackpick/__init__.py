"""stackpick: an explained backend-framework recommendation from a team's answers.

Library use::

    from stackpick import load_pack, read_answers, score

    pack = load_pack()                      # the shipped criteria pack
    result = score(pack, {"team_size": 40, "jvm_estate": "primary"})
    print(result.recommendation, result.scores, result.confidence)

Names are imported on first use, so ``import stackpick`` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Answers",
    "AnswersError",
    "Pack",
    "PackError",
    "Result",
    "StackpickError",
    "__version__",
    "check_answers",
    "load_pack",
    "read_answers",
    "score",
]

_LAZY = {
    "Answers": "stackpick.answers",
    "check_answers": "stackpick.answers",
    "read_answers": "stackpick.answers",
    "AnswersError": "stackpick.errors",
    "PackError": "stackpick.errors",
    "StackpickError": "stackpick.errors",
    "Pack": "stackpick.models",
    "load_pack": "stackpick.pack",
    "Result": "stackpick.engine",
    "score": "stackpick.engine",
}

if TYPE_CHECKING:
    from stackpick.answers import Answers, check_answers, read_answers
    from stackpick.engine import Result, score
    from stackpick.errors import AnswersError, PackError, StackpickError
    from stackpick.models import Pack
    from stackpick.pack import load_pack


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'stackpick' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
