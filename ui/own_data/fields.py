"""The Playground settings issue 16 adds, declared once for its Schema (pure: no Streamlit):
classes, the visitor's own points, L1 beside L2, the two canvas toggles and "stop at".

:func:`check` is the cross-field rule they need: more than two classes only where the data has
them, and points in the link that decode (else the generated data, and why).
"""

from __future__ import annotations

from collections.abc import Mapping

from backprop_core.datasets import DATASETS, MAX_CLASSES
from backprop_core.settings import Bool, Float, Int, Text
from backprop_core.userdata import MAX_POINTS, decode

# 500 points of x1,x2,label: 2500 bytes of base64 (3334 characters) and the kind letter
DATA_CHARS = (MAX_POINTS * 5 * 4 + 2) // 3 + 1
PENALTY_GRID = (0.0, 1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0)
STOP_LOSS_GRID = (0.0, 0.001, 0.003, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
STOP_ACC_GRID = (0.0, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99, 1.0)

CLASSES = Int(
    "classes",
    2,
    lo=2,
    hi=MAX_CLASSES,
    label="Classes",
    help=(
        "How many classes the spiral and the Gaussian blobs draw (2 … 5; your own points bring "
        "their own). Two train one sigmoid unit, p = σ(z), with binary cross-entropy; more "
        "train one softmax unit per class, p_k = e^{z_k} / Σ_j e^{z_j}, with cross-entropy "
        "L = −Σ_k y_k log p_k on one-hot targets y."
    ),
)
DATA = Text(
    "data",
    "",
    max_len=DATA_CHARS,
    label="Your points",
    help="The points you drew or loaded, packed for the link (empty: the generated dataset).",
)
L1 = Float(
    "l1",
    0.0,
    lo=0.0,
    hi=1.0,
    choices=PENALTY_GRID,
    label="L1 regularisation",
    help=(
        "λ₁: adds λ₁·Σ|w| to the loss, so every step also pulls each weight toward 0 by "
        "η·λ₁·sign(w) — a constant pull that sets small weights to exactly 0 (sparse weights)."
    ),
)
L2 = Float(
    "l2",
    0.0,
    lo=0.0,
    hi=1.0,
    choices=PENALTY_GRID,
    label="L2 regularisation",
    help=(
        "λ₂: adds (λ₂/2)·Σw² to the loss, so every step also shrinks each weight by η·λ₂·w — "
        "a pull proportional to the weight (weight decay). Biases are not penalised."
    ),
)
SHOW_TEST = Bool(
    "showtest",
    True,
    label="Show test data",
    help="Draw the test points (hollow rings) on the output plane beside the training points.",
)
DISCRETIZE = Bool(
    "discretize",
    False,
    label="Discretize output",
    help=(
        "Colour the plane by the predicted class only (p ≥ 0.5, or argmax_k p_k), without the "
        "shading of the network's confidence."
    ),
)
STOP_LOSS = Float(
    "stop_loss",
    0.0,
    lo=0.0,
    hi=max(STOP_LOSS_GRID),
    choices=STOP_LOSS_GRID,
    label="Stop at loss",
    help="Play stops at the first epoch whose training loss is ≤ this value (0: never).",
)
STOP_ACC = Float(
    "stop_acc",
    0.0,
    lo=0.0,
    hi=1.0,
    choices=STOP_ACC_GRID,
    label="Stop at accuracy",
    help=(
        "Play stops at the first epoch whose training accuracy, correct / all training points, "
        "is ≥ this share (0: never; classification only)."
    ),
)
FIELDS = (CLASSES, DATA, L1, L2, SHOW_TEST, DISCRETIZE, STOP_LOSS, STOP_ACC)


def check(values: Mapping[str, object]) -> tuple[dict[str, object], list[str]]:
    """``values`` (with the Playground's ``dataset``) made consistent: damaged points in the
    link are dropped with the reason; without own points, a dataset that draws only two
    classes gets two. Own points carry their own classes, and regression has none (the
    ``classes`` value is kept for when the visitor goes back to a many-class dataset)."""
    out, problems = dict(values), []
    data = str(out.get("data", "") or "")
    if data:
        points, why = decode(data)
        if points is None:
            out["data"] = ""
            problems.append(f"data: {why}")
    if not out.get("data"):
        spec = DATASETS.get(str(out.get("dataset", "")))
        top = spec.max_classes if spec is not None else 2
        if spec is not None and spec.task == "classification" and int(out["classes"]) > top:
            problems.append(
                f"classes={out['classes']}: {spec.label} draws "
                f"only two classes (the spiral and the Gaussian blobs draw up to "
                f"{MAX_CLASSES}); using 2"
            )
            out["classes"] = 2
    return out, problems
