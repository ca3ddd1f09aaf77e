"""One parameter's gradient written out as the chain-rule product, with its numbers.

For a weight ``W_l[i, j]`` (from unit i of layer l's input to unit j of its output)

    ∂L/∂w = Σ_batch  ∂L/∂a_j · ∂a_j/∂z_j · ∂z_j/∂w,     ∂z_j/∂w = a_prev_i,

and for a hidden layer ∂L/∂a_j = Σ_k δ_{l+1,k} · W_{l+1}[j, k] — the δ arriving from above.
With sigmoid + bce or softmax + cross_entropy the first two factors fuse into
∂L/∂z_j = (ŷ_j − y_j)/N, which is how the network computes it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .network import Network

Array = np.ndarray


@dataclass(frozen=True)
class Factor:
    """One factor of the product: its symbol (LaTeX), its meaning, its value per sample."""

    symbol: str
    meaning: str
    values: Array  # (batch,)


@dataclass(frozen=True)
class Upstream:
    """How δ reaches a hidden unit: δ_{l+1,k} and the weight W_{l+1}[j, k] it flows back through."""

    k: int
    delta: Array  # (batch,)
    weight: float


@dataclass(frozen=True)
class ChainRule:
    layer: int
    i: int | None  # input unit (None for a bias)
    j: int
    kind: str  # "weight" or "bias"
    factors: list[Factor]
    per_sample: Array  # (batch,) product of the factors
    total: float  # Σ over the batch: equals grads.weights[layer][i, j]
    fused: bool
    upstream: list[Upstream] = field(default_factory=list)


def chain_rule(
    net: Network, X: Array, Y: Array, layer: int, j: int, i: int | None = None, kind: str = "weight"
) -> ChainRule:
    """The chain-rule breakdown of ∂L/∂W_layer[i, j] (``kind="weight"``) or ∂L/∂b_layer[j]."""
    L = net.n_layers
    if not 0 <= layer < L:
        raise ValueError(f"layer must be in 0..{L - 1}, got {layer}")
    fan_in, fan_out = net.weights[layer].shape
    if not 0 <= j < fan_out or (kind == "weight" and (i is None or not 0 <= i < fan_in)):
        raise ValueError(f"no {kind} ({i}, {j}) in layer {layer} of shape {(fan_in, fan_out)}")
    trace = net.forward(X)
    grads = net.backward(trace, Y)
    Y = np.asarray(Y, dtype=float)
    z = trace.pre_activations[layer][:, j]
    a = trace.activations[layer + 1][:, j]
    act = net.activation_of(layer)
    factors: list[Factor] = []
    upstream: list[Upstream] = []
    fused = layer == L - 1 and net.loss_fn.fused_with == act.name
    if fused:
        factors.append(
            Factor(
                r"\frac{\partial L}{\partial z_j}",
                "loss gradient at the logit, (ŷ − y)/N fused",
                grads.deltas[layer][:, j],
            )
        )
    else:
        if layer == L - 1:
            dl_da = net.loss_fn.grad_output(trace.output, Y)[:, j]
            meaning = "how the loss changes with this output"
        else:
            W_up = net.weights[layer + 1]
            d_up = grads.deltas[layer + 1]
            dl_da = d_up @ W_up[j]
            meaning = "δ from the layer above, sent back through its weights"
            upstream = [Upstream(k, d_up[:, k], float(W_up[j, k])) for k in range(W_up.shape[1])]
        factors.append(Factor(r"\frac{\partial L}{\partial a_j}", meaning, dl_da))
        factors.append(
            Factor(
                r"\frac{\partial a_j}{\partial z_j}",
                f"slope of {act.name} at z",
                act.derivative(z[:, None], a[:, None])[:, 0],
            )
        )
    if kind == "weight":
        factors.append(
            Factor(
                r"\frac{\partial z_j}{\partial w_{ij}}",
                "the input this weight multiplies",
                trace.activations[layer][:, i],
            )
        )
    else:
        factors.append(
            Factor(r"\frac{\partial z_j}{\partial b_j}", "a bias adds 1·b", np.ones_like(z))
        )
    per_sample = np.prod(np.stack([f.values for f in factors]), axis=0)
    return ChainRule(
        layer,
        i if kind == "weight" else None,
        j,
        kind,
        factors,
        per_sample,
        float(per_sample.sum()),
        fused,
        upstream,
    )
