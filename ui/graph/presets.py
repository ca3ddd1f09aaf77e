"""Ready-made expressions for the Computational graph page (pure: no Streamlit).

The Step page's preset is built from that page's own classic example, so its output is the Step
page's o₁ and its gradients are the Step page's ∂L/∂W2[h1→o1], ∂L/∂W2[h2→o1], ∂L/∂b2[o1].
"""

from __future__ import annotations

from dataclasses import dataclass

from ui.step.model import CLASSIC, Lab, build_lab


@dataclass(frozen=True)
class Preset:
    key: str
    label: str  # the button
    expr: str
    values: str
    about: str  # one sentence shown when it is loaded


def step_page_lab() -> Lab:
    """What the Step page opens on: its 2-2-2 sigmoid network with squared error, one example."""
    return build_lab(CLASSIC)


def _step_values() -> str:
    """The inputs of the Step page's output unit o1, to the last digit."""
    lab = step_page_lab()
    h1, h2 = (float(h) for h in lab.network().forward(lab.X).activations[1][0])
    w5, w6 = (float(w) for w in lab.weights[1][:, 0])
    b2, y1 = float(lab.biases[1][0]), float(lab.Y[0, 0])
    return f"h1={h1!r}, h2={h2!r}, w5={w5!r}, w6={w6!r}, b2={b2!r}, y1={y1!r}"


NEURON = Preset(
    "neuron",
    "micrograd neuron",
    "tanh(x1*w1 + x2*w2 + b)",
    "x1=2, x2=0, w1=-3, w2=1, b=6.8813735870195432",
    "micrograd's neuron: tanh of x1·w1 + x2·w2 + b, with b chosen so the output is 1/√2.",
)
PRESETS: tuple[Preset, ...] = (
    NEURON,
    Preset(
        "twice",
        "x used twice",
        "x*y + x",
        "x=3, y=-2",
        "x feeds both the × and the +, so two gradients flow back into it and add up.",
    ),
    Preset(
        "step",
        "Step page's o₁",
        "(sigmoid(w5*h1 + w6*h2 + b2) - y1)**2 / 2",
        _step_values(),
        "Output o₁ of the Step page's network and its half of the squared error: w5, w6, b2 "
        "are that page's W2[h1→o1], W2[h2→o1], b2[o1]; h1, h2 its hidden outputs.",
    ),
    Preset(
        "softmax",
        "softmax + cross-entropy",
        "-log(exp(z1) / (exp(z1) + exp(z2)))",
        "z1=2, z2=0.5",
        "Two-class softmax, cross-entropy for class 1: the gradients come out as p − target.",
    ),
)


def preset(key: str) -> Preset:
    return next(p for p in PRESETS if p.key == key)
