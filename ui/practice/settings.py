"""The Practice page's settings, declared once (pure: no Streamlit, so tests can use it).

``q`` is the question's seed; ``kind`` is fixed by the visitor or ``any`` (the seed picks);
``level`` is the difficulty of numeric questions. The three of them are the question: the same
link gives the same question in any session.
"""

from __future__ import annotations

from backprop_core.practice import ANY, KINDS, LEVELS, SEED_MAX
from backprop_core.settings import Choice, Int, Schema

from .sentences import KIND_NAMES, LEVEL_NAMES

PRACTICE = Schema(
    page="practice",
    fields=(
        Int(
            "q",
            1,
            lo=0,
            hi=SEED_MAX,
            clamp=False,
            label="Question number",
            help="The seed the question is generated from: the same number, kind and level give "
            "the same question to everyone.",
        ),
        Choice(
            "kind",
            ANY,
            choices=(ANY, *KINDS),
            names=KIND_NAMES,
            label="Kind of question",
            help="Fix one kind to drill it, or let the question number pick one.",
        ),
        Choice(
            "level",
            "1",
            choices=tuple(str(k) for k in LEVELS),
            names=LEVEL_NAMES,
            label="Difficulty",
            help="Numeric questions only: one hidden layer, then two (δ goes back twice), then "
            "two samples in the batch (gradients add up over the samples).",
        ),
    ),
)
