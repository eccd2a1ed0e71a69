"""Analyses over the value model, one module per question a reviewer asks.

- :mod:`~stackpick.analysis.explain`: how did every criterion score?
- :mod:`~stackpick.analysis.sensitivity`: how far must a weight move to change it?
- :mod:`~stackpick.analysis.whatif`: which single answer change flips it?
- :mod:`~stackpick.analysis.diff`: what did each changed answer do?
- :mod:`~stackpick.analysis.consensus`: what does the room get, and where does it disagree?

Nothing here reads files or prints; everything reuses the engine's own per-criterion
values (:mod:`stackpick.engine`) and its robustness search (:mod:`stackpick.robustness`).
"""

from __future__ import annotations

from stackpick.analysis.consensus import Combined, Consensus, Dispute, Outcome, Person, consensus
from stackpick.analysis.diff import Diff, Move, diff
from stackpick.analysis.explain import Explanation, Step, explain
from stackpick.analysis.sensitivity import Threshold, WeightFlip, weight_sensitivity
from stackpick.analysis.whatif import WhatIf, given_values, what_if
from stackpick.robustness import Change, alternatives

__all__ = [
    "Change",
    "Combined",
    "Consensus",
    "Diff",
    "Dispute",
    "Explanation",
    "Move",
    "Outcome",
    "Person",
    "Step",
    "Threshold",
    "WeightFlip",
    "WhatIf",
    "alternatives",
    "consensus",
    "diff",
    "explain",
    "given_values",
    "weight_sensitivity",
    "what_if",
]
