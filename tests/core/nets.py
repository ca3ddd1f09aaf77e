"""Hypothesis strategies and helpers shared by the core tests: random networks and batches."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from backprop_core import HIDDEN_ACTIVATIONS, INITIALISERS, Network

# Every valid (output activation, loss) pairing: mse after each elementwise output, and the two
# fused pairs. The test below (test_pairings_cover_every_valid_choice) keeps this list honest.
PAIRINGS: tuple[tuple[str, str], ...] = (
    *(("mse", out) for out in HIDDEN_ACTIVATIONS),
    ("bce", "sigmoid"),
    ("cross_entropy", "softmax"),
)
KINKED = {"relu", "leaky_relu"}  # f' jumps at 0; elu's f'' jumps there too


@dataclass(frozen=True)
class Case:
    """A network plus a batch that is safe for central differences."""

    net: Network
    X: np.ndarray
    Y: np.ndarray

    def __repr__(self) -> str:  # what hypothesis prints for a failing example
        n = self.net
        return (
            f"Case(sizes={n.sizes}, hidden={n.hidden.name}, out={n.output_act.name}, "
            f"loss={n.loss_fn.name}, init={n.init_name}, seed={n.seed}, batch={len(self.X)})"
        )


def targets(loss: str, rng: np.random.Generator, batch: int, n_out: int, soft: bool) -> np.ndarray:
    if loss == "mse":
        return rng.normal(size=(batch, n_out))
    if loss == "bce":
        return rng.uniform(size=(batch, n_out)) if soft else rng.integers(0, 2, (batch, n_out))
    if soft:  # cross_entropy with a probability distribution per row
        p = rng.uniform(0.05, 1.0, size=(batch, n_out))
        return p / p.sum(axis=1, keepdims=True)
    return np.eye(n_out)[rng.integers(0, n_out, batch)]


def min_abs_z(net: Network, X: np.ndarray) -> float:
    return min(float(np.min(np.abs(z))) for z in net.forward(X).pre_activations)


@st.composite
def cases(
    draw: st.DrawFn,
    max_depth: int = 4,
    max_width: int = 5,
    max_batch: int = 6,
    hidden: str | None = None,
    pairing: tuple[str, str] | None = None,
) -> Case:
    """A random network (1..max_depth weight layers, widths 1..max_width, any hidden activation,
    any valid output/loss pairing, any initialiser) and a batch (1..max_batch rows).

    Central differences are only an oracle where the loss is smooth. ReLU and leaky ReLU have
    a kink at z = 0 (and ELU's second derivative jumps there): if some pre-activation sits
    within ~h·|input| of 0, the two probes fall on different sides and the difference quotient
    mixes both slopes. So for those activations we reject examples where any |z| < 1e-4 — far
    wider than the 1e-6 probes can move any z — rather than loosen the tolerance for everyone.
    """
    depth = draw(st.integers(1, max_depth))
    sizes = [draw(st.integers(1, max_width)) for _ in range(depth + 1)]
    loss, out = pairing or draw(st.sampled_from(PAIRINGS))
    hidden = hidden or draw(st.sampled_from(HIDDEN_ACTIVATIONS))
    init = draw(st.sampled_from(sorted(INITIALISERS)))
    scale = draw(st.sampled_from([0.5, 1.0, 2.0]))
    seed = draw(st.integers(0, 2**16))
    batch = draw(st.integers(1, max_batch))
    net = Network(sizes, hidden, out, loss, init, seed=seed, init_scale=scale)
    rng = np.random.default_rng(seed + 1)
    # zeros init leaves every unit identical; give the biases a random start so that hidden
    # units differ and the kink filter below has something to filter
    net.biases = [rng.normal(0.0, 0.5, size=b.shape) for b in net.biases]
    X = rng.normal(size=(batch, sizes[0]))
    Y = targets(loss, rng, batch, sizes[-1], draw(st.booleans())).astype(float)
    kinked = {hidden, out} & (KINKED | {"elu"})
    if kinked and depth > 0:
        assume(min_abs_z(net, X) > 1e-4)
    return Case(net, X, Y)


def assert_grads_close(analytic, numerical, rtol: float = 1e-5, atol: float = 1e-8) -> None:
    """Elementwise |a − n| ≤ atol + rtol·|n| for every weight and bias gradient."""
    for kind in ("weights", "biases"):
        for l, (a, n) in enumerate(zip(getattr(analytic, kind), getattr(numerical, kind))):
            assert a.shape == n.shape, (kind, l, a.shape, n.shape)
            np.testing.assert_allclose(a, n, rtol=rtol, atol=atol, err_msg=f"{kind}[{l}]")
