"""One training step as a sequence of named stages, each carrying the numbers it produced.

    forward 1 … forward L → loss → output delta → backward L … backward 1 → update

The numbers come from the network's own passes (:func:`~backprop_core.network.forward_pass`,
:func:`~backprop_core.network.backward_pass`, the ones ``Network`` and the trainer run); the
stages only lay them out in order, so every stage holds bit-identical numbers to ``forward`` /
``backward`` / ``step``.
Layer numbers in titles are 1-based, as on the page (layer 1 = the first weight matrix);
``Stage.layer`` is the 0-based index into ``net.weights``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .network import Gradients, Network, Trace, backward_pass, forward_pass

Array = np.ndarray


@dataclass(frozen=True)
class Stage:
    index: int
    kind: str  # "forward" | "loss" | "output_delta" | "backward" | "update"
    layer: int | None
    title: str
    explanation: str
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class StepRun:
    """Every stage of one step from the given parameters, and what the step produced."""

    stages: list[Stage]
    trace: Trace
    loss: float
    grads: Gradients
    new_weights: list[Array]
    new_biases: list[Array]
    loss_after: float

    def __len__(self) -> int:
        return len(self.stages)


def stage_names(n_layers: int) -> list[str]:
    """Short names for a timeline: F1…FL, Loss, δ out, B L…B1, Update."""
    return (
        [f"Forward {l + 1}" for l in range(n_layers)]
        + ["Loss", "Output δ"]
        + [f"Backward {l + 1}" for l in range(n_layers - 1, -1, -1)]
        + ["Update"]
    )


def run_step(
    net: Network, X: Array, Y: Array, learning_rate: float, update_biases: bool = True
) -> StepRun:
    """All stages of one gradient-descent step. ``net`` itself is not changed.

    ``update_biases=False`` keeps every bias as it is (the classic worked example's
    weights-only step); their gradients are still computed and shown.
    """
    X = net.check_inputs(X)
    trace = forward_pass(net, X)
    Y = net.check_targets(Y, len(X))
    grads = backward_pass(net, trace, Y)
    zs, acts = trace.pre_activations, trace.activations
    L = net.n_layers
    stages: list[Stage] = []

    def add(kind: str, layer: int | None, title: str, text: str, **values: object) -> None:
        stages.append(Stage(len(stages), kind, layer, title, text, values))

    for l in range(L):
        act = net.activation_of(l)
        where = "output" if l == L - 1 else f"hidden layer {l + 1}"
        add(
            "forward",
            l,
            f"Forward through layer {l + 1}",
            f"Each unit of the {where} adds up its weighted inputs plus its bias (z = a·W + b), "
            f"then applies {act.name} (a = f(z)).",
            a_prev=acts[l],
            W=net.weights[l],
            b=net.biases[l],
            z=zs[l],
            a=acts[l + 1],
        )
    loss = net.loss_fn.value(zs[-1], acts[-1], Y)
    add(
        "loss",
        None,
        "Loss",
        f"Compare the prediction ŷ with the target y: {net.loss_fn.label.lower()} says how wrong "
        "the network is, one number to push down.",
        y_hat=acts[-1],
        y=Y,
        loss=loss,
    )
    out_act = net.output_act
    delta = grads.deltas[-1]
    fused = net.loss_fn.fused_with == out_act.name
    out_values: dict[str, object] = {"delta": delta, "y_hat": acts[-1], "y": Y, "fused": fused}
    if not fused:
        out_values["dL_da"] = net.loss_fn.grad_output(acts[-1], Y)
        out_values["f_prime"] = out_act.derivative(zs[-1], acts[-1])
    add(
        "output_delta",
        L - 1,
        "Output error δ",
        "The backward pass starts at the output: δ = ∂L/∂z says how the loss would change if "
        "each output's z moved a little"
        + (
            " — for this loss and output it is simply (ŷ − y)/N."
            if fused
            else "; it is ∂L/∂a ⊙ f'(z)."
        ),
        **out_values,
    )
    for l in range(L - 1, -1, -1):
        values: dict[str, object] = {
            "delta": grads.deltas[l],
            "a_prev": acts[l],
            "dW": grads.weights[l],
            "db": grads.biases[l],
        }
        text = (
            f"Layer {l + 1}'s weight gradients: ∂L/∂W = aᵀ·δ (each weight's input times the δ "
            "of the unit it feeds), ∂L/∂b = Σ δ."
        )
        if l:
            values.update(
                W=net.weights[l],
                dL_da_prev=grads.grad_inputs[l],
                f_prime_prev=net.hidden.derivative(zs[l - 1], acts[l]),
                delta_prev=grads.deltas[l - 1],
            )
            text += (
                f" Then δ flows back through W{l + 1} and the slope of {net.hidden.name} to give "
                f"layer {l}'s δ."
            )
        add("backward", l, f"Backward through layer {l + 1}", text, **values)
    new_w = [W - learning_rate * g for W, g in zip(net.weights, grads.weights)]
    if update_biases:
        new_b = [b - learning_rate * g for b, g in zip(net.biases, grads.biases)]
    else:
        new_b = [b.copy() for b in net.biases]
    after = net.copy()
    after.weights, after.biases = new_w, new_b
    loss_after = after.loss(after.forward(X), Y)
    add(
        "update",
        None,
        "Update",
        (
            "Every weight and every bias takes a step against its gradient: w ← w − η·∂L/∂w, "
            "b ← b − η·∂L/∂b "
            if update_biases
            else "Every weight takes a step against its gradient, w ← w − η·∂L/∂w; the biases "
            "stay as they are (Update biases is off) "
        )
        + f"with η = {learning_rate:g}. "
        f"The loss goes from {loss:.4g} to {loss_after:.4g}.",
        old_weights=net.weights,
        old_biases=net.biases,
        new_weights=new_w,
        new_biases=new_b,
        lr=learning_rate,
        update_biases=update_biases,
        loss_before=loss,
        loss_after=loss_after,
    )
    return StepRun(stages, trace, loss, grads, new_w, new_b, loss_after)
