"""Every kind of question, and the one way to make a question from a seed.

``make_question(seed, kind, level)`` is a pure function: the same seed, kind and level give the
same question in any session, which is what makes a Practice link reproducible. With
``kind="any"`` the seed also picks the kind. :func:`next_seed` walks to the next question the
same way for everyone, so a class following one link gets the same sequence.
"""

from __future__ import annotations

import zlib

import numpy as np

from .concepts import CONCEPTS, ConceptQuestion
from .numeric import NUMERIC_KINDS, NumericQuestion, numeric_question
from .tiny import LEVELS

ANY = "any"
CONCEPT_KINDS: tuple[str, ...] = tuple(CONCEPTS)
KINDS: tuple[str, ...] = NUMERIC_KINDS + CONCEPT_KINDS
SEED_MAX = 2**31 - 1

Question = NumericQuestion | ConceptQuestion


def kind_for(seed: int, kind: str = ANY) -> str:
    """``kind`` itself, or for ``"any"`` the kind the seed picks."""
    if kind != ANY:
        return kind
    return KINDS[int(np.random.default_rng([int(seed), 0]).integers(len(KINDS)))]


def make_question(seed: int, kind: str = ANY, level: int = 1) -> Question:
    """The question for ``seed`` (0 … SEED_MAX), ``kind`` (one of KINDS or "any") and difficulty
    ``level`` (1 … 3, numeric kinds only)."""
    kind = kind_for(seed, kind)
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(map(str, LEVELS))}, got {level}")
    numeric = kind in NUMERIC_KINDS
    # crc32 of the name, not its position: adding a kind must not change the existing questions
    rng = np.random.default_rng([int(seed), zlib.crc32(kind.encode()), level if numeric else 0])
    return numeric_question(rng, kind, level) if numeric else CONCEPTS[kind](rng)


def next_seed(seed: int) -> int:
    """The seed of the question after ``seed``."""
    return int(np.random.default_rng([int(seed), 1]).integers(0, SEED_MAX + 1))
