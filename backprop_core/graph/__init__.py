"""A scalar expression as a graph of operations: safe parse, forward, backward one node at a time.

Pure Python (no Streamlit): ``parse`` turns visitor text into a :class:`Graph` through a
whitelist of ``ast`` nodes, ``analyse`` runs forward, backward and central differences, and the
page only looks positions up in the :class:`Outcome`.
"""

from .ops import FUNCTIONS, OPS, DomainError, GraphError, Op
from .parse import MAX_LEN, MAX_NODES, Graph, Node, parse, parse_values
from .trace import (
    FORWARD,
    SEED,
    Contribution,
    Outcome,
    Step,
    analyse,
    backward,
    central_differences,
    forward,
    try_analyse,
)

__all__ = [
    "FORWARD",
    "FUNCTIONS",
    "MAX_LEN",
    "MAX_NODES",
    "OPS",
    "SEED",
    "Contribution",
    "DomainError",
    "Graph",
    "GraphError",
    "Node",
    "Op",
    "Outcome",
    "Step",
    "analyse",
    "backward",
    "central_differences",
    "forward",
    "parse",
    "parse_values",
    "try_analyse",
]
