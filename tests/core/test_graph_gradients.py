"""Gradients of hypothesis-generated expressions against independent oracles.

The expressions are built here as trees the test evaluates itself (with ``math``, or with torch),
rendered to text and handed to the parser, so neither oracle shares any code with the engine:
central differences of the test's own evaluator, and (where torch is installed) torch autograd.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from backprop_core.graph import FUNCTIONS, GraphError, analyse

NAMES = ("a", "b", "c")  # few names, so hypothesis often uses one twice


@dataclass(frozen=True)
class Tree:
    """``op`` is a name (leaf), a number (constant) or an operation over ``args``."""

    op: str
    args: tuple[Tree, ...] = ()
    number: float = 0.0

    def text(self) -> str:
        a = [t.text() for t in self.args]
        match self.op:
            case "name":
                return NAMES[int(self.number)]
            case "num":
                return repr(self.number)
            case "+" | "-" | "*":
                return f"({a[0]} {self.op} {a[1]})"
            case "/":  # a denominator that stays ≥ 1
                return f"({a[0]} / ({a[1]} * {a[1]} + 1))"
            case "sq" | "cube":
                return f"({a[0]})**{2 if self.op == 'sq' else 3}"
            case "neg":
                return f"-({a[0]})"
            case "log" | "sqrt":  # arguments kept ≥ 1
                return f"{self.op}({a[0]} * {a[0]} + 1)"
            case _:
                return f"{self.op}({a[0]})"

    def value(self, env: dict, lib) -> object:
        """Evaluate with ``lib`` supplying exp, log, tanh, ... (math-like or torch)."""
        v = [t.value(env, lib) for t in self.args]
        match self.op:
            case "name":
                return env[NAMES[int(self.number)]]
            case "num":
                return self.number
            case "+":
                return v[0] + v[1]
            case "-":
                return v[0] - v[1]
            case "*":
                return v[0] * v[1]
            case "/":
                return v[0] / (v[1] * v[1] + 1)
            case "sq":
                return v[0] ** 2
            case "cube":
                return v[0] ** 3
            case "neg":
                return -v[0]
            case "log" | "sqrt":
                return getattr(lib, self.op)(v[0] * v[0] + 1)
            case _:
                return getattr(lib, self.op)(v[0])

    def kink_inputs(self, env: dict) -> list[float]:
        """The inputs of every relu and abs, where the slope jumps at 0."""
        own = [self.args[0].value(env, MathLib)] if self.op in ("relu", "abs") else []
        return own + [x for t in self.args for x in t.kink_inputs(env)]


class MathLib:
    exp, log, tanh, sin, cos, sqrt = math.exp, math.log, math.tanh, math.sin, math.cos, math.sqrt
    abs = staticmethod(abs)

    @staticmethod
    def sigmoid(x: float) -> float:
        return 1.0 / (1.0 + math.exp(-x))

    @staticmethod
    def relu(x: float) -> float:
        return max(0.0, x)


UNARY = ("exp", "tanh", "sigmoid", "relu", "sin", "cos", "abs", "log", "sqrt", "sq", "cube", "neg")
leaves = st.one_of(
    st.integers(0, len(NAMES) - 1).map(lambda i: Tree("name", number=i)),
    st.floats(-2, 2, allow_nan=False).map(lambda x: Tree("num", number=round(x, 3))),
)
trees = st.recursive(
    leaves,
    lambda kids: st.one_of(
        st.tuples(st.sampled_from(("+", "-", "*", "/")), kids, kids).map(
            lambda t: Tree(t[0], (t[1], t[2]))
        ),
        st.tuples(st.sampled_from(UNARY), kids).map(lambda t: Tree(t[0], (t[1],))),
    ),
    max_leaves=6,
)
points = st.fixed_dictionaries({n: st.floats(-2, 2, allow_nan=False) for n in NAMES})


def computable(tree: Tree, env: dict[str, float]):
    """The engine's outcome, skipping cases the oracles cannot judge: a domain error or an
    overflow, a huge output, or a relu / abs sitting on its corner."""
    values = ", ".join(f"{k}={v!r}" for k, v in env.items())
    try:
        out = analyse(tree.text(), values)
    except GraphError:
        assume(False)
    assume(abs(out.output) < 1e4)
    assume(all(abs(x) > 1e-3 for x in tree.kink_inputs(env)))
    return out


def central(tree: Tree, env: dict[str, float], name: str, h: float = 1e-6) -> float:
    up = tree.value({**env, name: env[name] + h}, MathLib)
    down = tree.value({**env, name: env[name] - h}, MathLib)
    return (up - down) / (2 * h)


@given(trees, points)
def test_every_leaf_gradient_matches_central_differences(tree: Tree, env: dict[str, float]):
    out = computable(tree, env)
    assert out.output == pytest.approx(tree.value(env, MathLib), rel=1e-12, abs=1e-12)
    by_name = {n.name: n.id for n in out.graph.nodes if n.op == "leaf"}
    for name, node in by_name.items():
        expected = central(tree, env, name)
        grad = out.grads[node]
        assert grad == pytest.approx(expected, rel=1e-5, abs=1e-7 * (1 + abs(out.output)))
        # the engine's own finite-difference column (shown in the table) agrees as well
        assert out.numeric[node] == pytest.approx(expected, rel=1e-4, abs=1e-6)
    # names the tree does not use are simply absent: the graph has exactly the used ones
    assert set(by_name) <= set(NAMES)


@given(trees, points)
def test_every_leaf_gradient_matches_torch_autograd(tree: Tree, env: dict[str, float]):
    torch = pytest.importorskip("torch")
    out = computable(tree, env)
    lib = SimpleNamespace(
        **{f: _on_tensors(torch, getattr(torch, f)) for f in FUNCTIONS},
    )
    xs = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in env.items()}
    y = tree.value(xs, lib)
    if not torch.is_tensor(y):  # an expression of numbers only
        y = torch.tensor(float(y), dtype=torch.float64)
    if y.requires_grad:
        y.backward()
    assert out.output == pytest.approx(float(y.detach()), rel=1e-12, abs=1e-12)
    for n in out.graph.nodes:
        if n.op == "leaf":
            g = xs[n.name].grad
            expected = 0.0 if g is None else float(g)
            assert out.grads[n.id] == pytest.approx(expected, rel=1e-9, abs=1e-12)


def _on_tensors(torch, f):
    """``f`` applied to a float64 tensor even when a subtree is a plain number."""
    return lambda x: f(torch.as_tensor(x, dtype=torch.float64))
