"""Practice: interview drills generated from a seed and graded from the engine's own numbers.

make_question(seed, kind, level)  → NumericQuestion (a tiny net, a target, the answer, the
                                     classic slips, the worked solution) or ConceptQuestion
                                     (options, the answer its live experiment picks, numbers)
parse_number(text)                → float | None, never evaluated
grade(given, expected, slips)     → Verdict (within REL_TOL? which slips match?)
numpy_script(problem)             → a plain NumPy script of the same step
"""

from .concepts import CONCEPTS, ConceptQuestion
from .grading import REL_TOL, Slip, Verdict, close, grade
from .numeric import NUMERIC_KINDS, NumericQuestion, Target, value_of
from .parse import parse_number
from .questions import (
    ANY,
    CONCEPT_KINDS,
    KINDS,
    SEED_MAX,
    Question,
    kind_for,
    make_question,
    next_seed,
)
from .script import numpy_script
from .solution import Factor, Solution, Step
from .tiny import LEVELS, TinyProblem

__all__ = [
    "ANY",
    "CONCEPTS",
    "CONCEPT_KINDS",
    "KINDS",
    "LEVELS",
    "NUMERIC_KINDS",
    "REL_TOL",
    "SEED_MAX",
    "ConceptQuestion",
    "Factor",
    "NumericQuestion",
    "Question",
    "Slip",
    "Solution",
    "Step",
    "Target",
    "TinyProblem",
    "Verdict",
    "close",
    "grade",
    "kind_for",
    "make_question",
    "next_seed",
    "numpy_script",
    "parse_number",
    "value_of",
]
