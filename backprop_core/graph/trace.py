"""Forward in topological order, backward one node at a time, and the check by finite differences.

A *position* on the timeline says how far the computation has gone:

- ``0``: nothing computed yet;
- ``1``: forward done — every value filled, children before parents;
- ``2``: the output's gradient seeded, ∂out/∂out = 1;
- ``2 + k``: ``k`` operation nodes have passed their gradient back, in reverse topological
  order. Each of those steps adds ``grad(node) · ∂node/∂child`` to every child's gradient —
  *adds*, because a child with two parents receives from both.

:func:`analyse` runs everything once; the page then only looks positions up.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..gradcheck import rel_error
from .ops import MAX_MAGNITUDE, OPS, DomainError, GraphError, apply, local_derivatives
from .parse import CONST, DEFAULT_VALUE, Graph, parse, parse_values

FORWARD, SEED = 1, 2  # positions: values filled; output gradient seeded


@dataclass(frozen=True)
class Contribution:
    """One edge's share in a backward step: ``grad(child) += upstream · local``."""

    child: int
    slot: int  # which input of the node the child is
    upstream: float  # grad(node) when it passes its gradient back
    local: float  # ∂node/∂child
    before: float  # grad(child) before this addition
    after: float  # grad(child) after it

    @property
    def amount(self) -> float:
        return self.upstream * self.local


@dataclass(frozen=True)
class Step:
    """A backward step: ``node`` passes its gradient to its children (none for the seed).
    ``grads`` holds every node's gradient after the step, indexed by node id."""

    node: int
    contributions: tuple[Contribution, ...]
    grads: tuple[float, ...]


@dataclass(frozen=True)
class Outcome:
    """Everything the page shows for one expression and its values. Per-node tuples are
    indexed by node id; ``numeric`` (central differences) is None for operation nodes and for a
    leaf whose nudged value leaves the domain; ``missing`` names variables without a value
    (they get :data:`~.parse.DEFAULT_VALUE`)."""

    graph: Graph
    values: tuple[float, ...]
    steps: tuple[Step, ...]  # steps[0] is the seed, then one per operation node
    numeric: tuple[float | None, ...]
    inputs: dict[str, float]
    missing: tuple[str, ...]

    @property
    def grads(self) -> tuple[float, ...]:
        return self.steps[-1].grads

    @property
    def last(self) -> int:
        """The final position: every operation node has passed its gradient back."""
        return SEED + len(self.steps) - 1

    @property
    def output(self) -> float:
        return self.values[self.graph.root]

    def clamp(self, position: int) -> int:
        return max(0, min(int(position), self.last))

    def grads_at(self, position: int) -> tuple[float, ...] | None:
        """Every node's gradient at ``position``; None before the seed."""
        p = self.clamp(position)
        return self.steps[p - SEED].grads if p >= SEED else None

    def step_at(self, position: int) -> Step | None:
        """The step that ``position`` has just done; None at 0 and 1."""
        p = self.clamp(position)
        return self.steps[p - SEED] if p >= SEED else None

    def rel_errors(self) -> tuple[float | None, ...]:
        """|analytic − numeric| / (|analytic| + |numeric|) per leaf, None where there is none."""
        return tuple(
            None if fd is None else rel_error(g, fd, floor=1e-8)
            for g, fd in zip(self.grads, self.numeric)
        )

    def contributions_to(self, node_id: int) -> list[tuple[int, Contribution]]:
        """(position, contribution) for every addition into ``node_id``'s gradient, in order."""
        return [
            (SEED + i, c)
            for i, step in enumerate(self.steps)
            for c in step.contributions
            if c.child == node_id
        ]


def forward(graph: Graph, inputs: dict[str, float]) -> tuple[float, ...]:
    """Every node's value, computed in topological order. Raises :class:`DomainError`."""
    values: list[float] = []
    for n in graph.nodes:
        if n.op == CONST:
            assert n.value is not None
            values.append(n.value)
        elif n.is_leaf:
            values.append(inputs[n.name])
        else:
            try:
                values.append(apply(OPS[n.op], tuple(values[c] for c in n.children), n.param))
            except DomainError as e:
                raise _at(e, n.column) from None
    return tuple(values)


def _at(e: DomainError, column: int) -> DomainError:
    """The op's message as a sentence that says where in the expression it happened."""
    return DomainError(f"{e.message[0].upper()}{e.message[1:]}, at column {column}.", column)


def backward(graph: Graph, values: tuple[float, ...]) -> tuple[Step, ...]:
    """The seed, then one :class:`Step` per operation node in reverse topological order.
    Raises :class:`DomainError` where a slope is infinite or a gradient overflows."""
    grads = [0.0] * len(graph.nodes)
    grads[graph.root] = 1.0
    steps = [Step(graph.root, (), tuple(grads))]
    for n in reversed(graph.nodes):
        if n.is_leaf:
            continue
        try:
            ders = local_derivatives(
                OPS[n.op], tuple(values[c] for c in n.children), values[n.id], n.param
            )
        except DomainError as e:
            raise _at(e, n.column) from None
        contributions = []
        for slot, (child, local) in enumerate(zip(n.children, ders)):
            before = grads[child]
            grads[child] = before + grads[n.id] * local
            if abs(grads[child]) > MAX_MAGNITUDE:
                raise DomainError(f"The gradient overflows at column {n.column}.", n.column)
            after = grads[child]
            contributions.append(Contribution(child, slot, grads[n.id], local, before, after))
        steps.append(Step(n.id, tuple(contributions), tuple(grads)))
    return tuple(steps)


def central_differences(
    graph: Graph, inputs: dict[str, float], h: float = 1e-6
) -> tuple[float | None, ...]:
    """(f(leaf + ε) − f(leaf − ε)) / 2ε for every leaf, ε = h·max(1, |leaf|); None for operation
    nodes, and for a leaf whose nudge leaves the domain (e.g. sqrt at 0)."""
    values = forward(graph, inputs)
    out: list[float | None] = []
    for n in graph.nodes:
        if not n.is_leaf:
            out.append(None)
            continue
        eps = h * max(1.0, abs(values[n.id]))
        try:
            up = _nudged(graph, inputs, n.id, values[n.id] + eps)
            down = _nudged(graph, inputs, n.id, values[n.id] - eps)
        except DomainError:
            out.append(None)
            continue
        out.append((up - down) / (2.0 * eps))
    return tuple(out)


def _nudged(graph: Graph, inputs: dict[str, float], leaf: int, value: float) -> float:
    """The output with one leaf (a variable or a typed number) set to ``value``."""
    node = graph.nodes[leaf]
    if node.op == CONST:
        nodes = list(graph.nodes)
        nodes[leaf] = replace(node, value=value)
        return forward(Graph(graph.expr, tuple(nodes)), inputs)[-1]
    return forward(graph, {**inputs, node.name: value})[-1]


def analyse(expr: str, values_text: str) -> Outcome:
    """Parse, forward, backward and check ``expr`` at ``values_text``. Raises
    :class:`~.ops.GraphError` (a message for people) for anything that cannot be computed."""
    graph = parse(expr)
    typed = parse_values(values_text)
    missing = tuple(v for v in graph.variables if v not in typed)
    inputs = {v: typed.get(v, DEFAULT_VALUE) for v in graph.variables}
    values = forward(graph, inputs)
    steps = backward(graph, values)
    return Outcome(graph, values, steps, central_differences(graph, inputs), inputs, missing)


def try_analyse(expr: str, values_text: str) -> tuple[Outcome | None, str | None]:
    """:func:`analyse` that never raises: (outcome, None) or (None, message)."""
    try:
        return analyse(expr, values_text), None
    except GraphError as e:
        return None, e.message
