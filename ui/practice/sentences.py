"""Everything the Practice page says, in Markdown, made from the numbers of
:mod:`backprop_core.practice`. Pure: no Streamlit."""

from __future__ import annotations

import math

from backprop_core.initialisers import INITIALISERS
from backprop_core.practice import REL_TOL, ConceptQuestion, NumericQuestion, Verdict
from backprop_core.practice.names import bias, unit, weight
from ui.format import fmt

KIND_NAMES = {
    "any": "Any kind (the number picks)",
    "hidden_z": "Hidden unit: z",
    "hidden_a": "Hidden unit: activation a",
    "output": "Output ŷ",
    "loss": "Loss",
    "output_delta": "Output δ",
    "hidden_delta": "Hidden δ",
    "grad_w_out": "∂L/∂w, output layer",
    "grad_w_hidden": "∂L/∂w, hidden layer",
    "grad_b": "∂L/∂b",
    "weight_update": "Weight after one step",
    "loss_after": "Loss after one step",
    "vanishing": "Vanishing gradients",
    "zero_init": "Zero initialisation",
    "learning_rate": "Learning rate too large",
    "saturated": "Saturated output: MSE or cross-entropy",
    "relu_init": "Initialising a deep ReLU net",
    "exploding": "Exploding gradients: the remedy",
    "cost": "Backprop vs finite differences",
    "backward_order": "Backward order",
    "sgd_updates": "Epochs and mini-batches",
}
LEVEL_NAMES = {"1": "1 hidden layer", "2": "2 hidden layers", "3": "2 hidden layers, 2 samples"}

TOLERANCE = (
    f"Graded correct within **{REL_TOL:.1%} of the exact value** (relative error ≤ "
    f"{REL_TOL:g}): four significant digits are enough. "
    "`0.0822`, `8.22e-2`, `-.5`, `0,0822` and `1/2` all work."
)
ACT_NAMES = {"sigmoid": "sigmoid σ", "tanh": "tanh", "relu": "ReLU", "linear": "linear"}


def minus(x: float) -> str:
    """A number for a sentence, 4 significant digits, with a real minus sign."""
    return fmt(x).replace("-", "−")


# -- numeric questions ------------------------------------------------------------------------
def conventions(q: NumericQuestion) -> str:
    """The network's rules, stated so the question has exactly one right answer."""
    net = q.net
    n = q.problem.Y.size
    batch = q.problem.batch
    hidden = ACT_NAMES[net.hidden.name]
    if net.loss_fn.name == "mse":
        out = ACT_NAMES[net.output_act.name]
        loss = (
            f"mean squared error $L = \\frac{{1}}{{N}}\\sum (\\hat y - y)^2$ averaged over the "
            f"N = {n} output"
            + ("s" if n > 1 else "")
            + (" of both samples" if batch > 1 else "")
            + " — no ½ in front"
        )
    elif net.loss_fn.name == "bce":
        out = "sigmoid σ"
        loss = "binary cross-entropy $L = -[y\\ln\\hat y + (1-y)\\ln(1-\\hat y)]$, natural log"
        loss += ", averaged over the samples" if batch > 1 else ""
    else:
        out = "softmax"
        loss = "cross-entropy $L = -\\sum_k y_k \\ln \\hat y_k$, natural log"
        loss += ", averaged over the samples" if batch > 1 else ""
    return (
        f"Each layer computes $z = a\\,W + b$ then $a = f(z)$: hidden units use **{hidden}**, "
        f"the output uses **{out}**; the loss is {loss}. "
        "δ means ∂L/∂z."
    )


def ask(q: NumericQuestion) -> str:
    """The question, naming the exact quantity."""
    t = q.target
    sizes = q.net.sizes
    batch = q.problem.batch
    sample = f" for sample {t.sample + 1}" if t.sample is not None and batch > 1 else ""
    lr = minus(q.problem.lr)
    if t.kind in ("hidden_z", "hidden_a", "output", "output_delta", "hidden_delta"):
        u = unit(sizes, t.layer + 1, t.unit)
        what = {
            "hidden_z": f"the pre-activation **z of {u}**",
            "hidden_a": f"the activation **a of {u}**",
            "output": f"the output **ŷ{t.unit + 1}** (unit {u})",
            "output_delta": f"the **output δ of {u}** = ∂L/∂z of {u}",
            "hidden_delta": f"the **hidden δ of {u}** = ∂L/∂z of {u}",
        }[t.kind]
        return f"What is {what}{sample}?"
    if t.kind == "loss":
        return "What is the **loss L**" + (" of the batch" if batch > 1 else "") + "?"
    if t.kind == "loss_after":
        return (
            f"After one gradient-descent step with η = {lr} on every weight and bias, what is "
            "the **loss L**?"
        )
    if t.kind == "grad_b":
        return f"What is **∂L/∂{bias(sizes, t.layer, t.unit)}**?"
    w = weight(sizes, t.layer, t.src, t.unit)
    if t.kind in ("grad_w_out", "grad_w_hidden"):
        summed = " (summed over the batch, as the loss is its mean)" if batch > 1 else ""
        return f"What is **∂L/∂{w}**{summed}?"
    return f"After one gradient-descent step with η = {lr}, what is **{w}**?"


SLIPS = {
    "sign": "the sign is wrong",
    "half_mse": "you used the ½ in MSE: this page's loss has no ½, so its derivative is "
    "2(ŷ − y)/N, twice what L = ½(ŷ − y)² gives",
    "forgot_mean": "you forgot to divide by N: the loss is a mean",
    "forgot_output_slope": "you forgot the output's slope f′(z) (σ′ = ŷ(1 − ŷ)) in δ = "
    "∂L/∂ŷ · f′(z)",
    "extra_output_slope": "you multiplied by σ′(z) again: with cross-entropy after a sigmoid "
    "the slope cancels, δ = (ŷ − y)/N",
    "forgot_hidden_slope": "you forgot the hidden unit's slope f′(z) on the way back",
    "slope_at_a": "you took the slope at a instead of at z (e.g. σ(a)(1 − σ(a)) instead of "
    "a(1 − a))",
    "a_for_z": "that is the activation a = f(z), not z",
    "z_for_a": "that is z, before the activation f is applied",
    "forgot_bias": "you left out the bias b",
    "log10": "you used log₁₀: cross-entropy uses the natural log ln",
    "one_path": "you followed only one of the paths back: δ from every unit above adds up",
    "gave_delta": "that is δ: ∂L/∂w also multiplies by the input the weight carries",
    "wrong_input": "you multiplied δ by the other input: ∂z/∂w is the input this weight carries",
    "uphill": "you stepped up the gradient: w ← w − η·∂L/∂w goes against it",
    "forgot_lr": "you forgot the learning rate η",
    "gave_change": "that is the change −η·∂L/∂w, not the new weight",
    "gave_gradient": "that is the gradient ∂L/∂w, not the new weight",
    "loss_before": "that is the loss before the step",
}


def verdict(v: Verdict) -> str:
    """Right, or how far off and the classic slip(s) the answer matches."""
    if v.correct:
        return f"**Correct**: {minus(v.given)} is within {REL_TOL:.1%} of the exact value."
    off = f"**Not quite**: {minus(v.given)} is {v.rel_error:.1%} off"
    if v.sign_flipped:
        off += " and has the wrong sign"
    elif v.given > v.expected:
        off += " (too high)"
    else:
        off += " (too low)"
    ratio = v.ratio
    if math.isfinite(ratio) and abs(ratio) > 0 and not 0.8 < abs(ratio) < 1.25:
        off += f"; it is {minus(ratio)} × the right value"
    if v.slips:
        off += ". Looks like " + "; or ".join(SLIPS[k] for k in v.slips) + "."
    else:
        off += ". Try again, or show the solution."
    return off


def not_a_number(text: str) -> str:
    shown = text if len(text) <= 30 else text[:30] + "…"
    return (
        f"“{shown}” is not a number — type e.g. `0.0822`, `8.22e-2`, `-.5` or `1/2`. Not counted."
    )


# -- concept questions ------------------------------------------------------------------------
def _init(name: str) -> str:
    return INITIALISERS[name].label


def concept_ask(q: ConceptQuestion) -> str:
    s = q.setting
    if q.kind == "vanishing":
        return (
            f"A network of **{s['depth']} sigmoid hidden layers** ({s['width']} units each, "
            f"Xavier initialisation) starts training on the *{s['dataset']}* data. "
            "Which layer's weights get the **smallest gradient** per weight, so learn slowest?"
        )
    if q.kind == "zero_init":
        return (
            f"A 2-{s['width']}-1 network ({s['activation']} hidden units) starts with **every "
            f"weight and bias at 0** and trains {s['epochs']} epochs on XOR. How many "
            "**different** hidden units does it end with?"
        )
    if q.kind == "learning_rate":
        rates = ", ".join(minus(r) for r in s["lrs"])
        shape = "-".join(map(str, (1, *s["layers"], 1)))
        batches = "full-batch" if s["batch"] >= 100 else f"in mini-batches of {s['batch']}"
        return (
            f"The same {shape} tanh network is trained {s['epochs']} epochs on the *sine* data, "
            f"{batches}, at learning rates η = {rates}. **Which one diverges** (its loss ends "
            "higher than it started, or overflows)?"
        )
    if q.kind == "saturated":
        return (
            f"A sigmoid output has z = {minus(s['z'])}, so ŷ = {minus(s['y_hat'])}, but the "
            "target is y = 0: confidently wrong. Which loss gives the **larger output δ** "
            "= ∂L/∂z, so corrects it faster?"
        )
    if q.kind == "relu_init":
        return (
            f"A network of **{s['depth']} ReLU layers** ({s['width']} units each). Which "
            "initialisation keeps the size of δ about the same from the last layer back to the "
            "first, so the gradient stays alive?"
        )
    if q.kind == "exploding":
        return (
            f"The gradients of a {s['depth']}-layer ReLU network, initialised "
            f"{minus(s['init_scale'])}× larger than He, **explode**. Which remedy acts on the "
            "**gradient's norm itself**?"
        )
    if q.kind == "cost":
        sizes = "-".join(map(str, s["sizes"]))
        return (
            f"A {sizes} network has P = **{s['parameters']}** weights and biases. Central finite "
            "differences estimate each ∂L/∂θ as (L(θ + h) − L(θ − h)) / 2h. How many **forward "
            "passes** do they need for every gradient? (Backprop: one forward and one backward.)"
        )
    if q.kind == "backward_order":
        sizes = "-".join(map(str, s["sizes"]))
        return f"In the backward pass of a {sizes} network, **whose δ is computed first**?"
    return (
        f"Mini-batch SGD on **{s['points']} training points** with **batch size "
        f"{s['batch']}**: how many **weight updates** does one epoch make?"
    )


def option(q: ConceptQuestion, key: str) -> str:
    """What one option says."""
    s = q.setting
    if q.kind == "vanishing":
        return {
            "first": "Layer 1, next to the input",
            "middle": "A layer in the middle",
            "last": "The output layer",
            "same": "All learn at the same speed",
        }[key]
    if q.kind == "zero_init":
        return f"{key} different unit" + ("s" if key != "1" else "")
    if q.kind == "learning_rate":
        return f"η = {minus(float(key))}"
    if q.kind == "saturated":
        return {"bce": "Cross-entropy", "mse": "Mean squared error", "same": "Both the same"}[key]
    if q.kind == "relu_init":
        return _init(key)
    if q.kind == "exploding":
        return {
            "clip": f"Clip the gradient norm to {minus(s['clip'])}",
            "lower_lr": "Lower the learning rate",
            "deeper": "Add 4 more layers",
            "wider": "Make the layers twice as wide",
        }[key]
    if q.kind == "cost":
        n = s["options"][key]
        return {"2P": f"2P = {n}", "P": f"P = {n}", "2": "2", "P2": f"P² = {n}"}[key]
    if q.kind == "backward_order":
        return {
            "output": "The output layer's",
            "input": "The first hidden layer's",
            "middle": "A middle layer's",
            "any": "Any order: they do not depend on each other",
        }[key]
    n = s["options"][key]
    return {"ceil": f"⌈N / B⌉ = {n}", "n": f"N = {n}", "batch": f"B = {n}", "one": "1"}[key]


def concept_verdict(q: ConceptQuestion, chosen: str) -> str:
    if chosen == q.answer:
        return f"**Correct**: {option(q, chosen)}."
    return "**Not this one.** Try again, or show the experiment that answers it."


def concept_why(q: ConceptQuestion) -> str:
    """What the experiment measured, in numbers."""
    e, s = q.evidence, q.setting
    if q.kind == "vanishing":
        return (
            "Going back, each layer multiplies δ by Wᵀ and by σ′(z) ≤ ¼, so the gradient shrinks "
            f"layer after layer: here layer 1's gradient per weight is {minus(e['span'])} × the "
            "output layer's. The first layers barely move while the last ones learn."
        )
    if q.kind == "zero_init":
        return (
            f"Starting from zeros, every hidden unit computes the same thing, receives the same "
            f"δ and the same update, for ever: after {s['epochs']} epochs there are "
            f"{e['distinct_zeros']} different unit(s) (largest difference "
            f"{minus(e['spread_zeros'])}, rounding). With Xavier's random start: "
            f"{e['distinct_xavier']} of {s['width']}. Random initialisation breaks the symmetry."
        )
    if q.kind == "learning_rate":
        return (
            f"At η = {minus(float(q.answer))} each step overshoots the minimum by more than it "
            "corrects, so the error grows step after step; the smaller rates go downhill "
            "(slowly when η is tiny)."
        )
    if q.kind == "saturated":
        return (
            f"MSE's δ = 2(ŷ − y)·σ′(z) carries σ′(z) = ŷ(1 − ŷ), almost 0 when the sigmoid "
            f"saturates: δ = {minus(e['delta_mse'])}. Cross-entropy's σ′ cancels: δ = ŷ − y = "
            f"{minus(e['delta_bce'])}, {minus(e['delta_bce'] / e['delta_mse'])} × larger."
        )
    if q.kind == "relu_init":
        spans = ", ".join(f"{_init(k)}: {minus(v)}" for k, v in e["span"].items())
        return (
            "ReLU zeroes half its inputs, halving the signal's variance each layer; He's "
            "variance 2/n_in makes up for it. ‖δ‖ at layer 1 over ‖δ‖ at the last hidden layer: "
            f"{spans}."
        )
    if q.kind == "exploding":
        after = e["norm_after"]
        return (
            f"‖∇L‖ = {minus(e['norm_before'])} as it is. Clipping rescales it to "
            f"{minus(after['clip'])}; a lower η leaves it at {minus(after['lower_lr'])} (only the "
            f"step shrinks); 4 more layers: {minus(after['deeper'])}; twice as wide: "
            f"{minus(after['wider'])}."
        )
    if q.kind == "cost":
        return (
            f"Counted on the engine: finite differences ran **{e['fd_passes']} forward passes** "
            f"(two per parameter); backprop ran {e['backprop_passes']} forward pass and one "
            f"backward pass (about twice a forward's work; a forward pass is "
            f"{e['forward_macs']} multiply-adds per sample). Their gradients agree to a relative "
            f"error of {minus(e['agreement'])}. With millions of weights, only backprop is "
            "affordable."
        )
    if q.kind == "backward_order":
        return (
            "δ of a layer is (δ of the layer above)·Wᵀ ⊙ f′(z): it needs the layer above first, "
            "so the backward pass starts at the output and walks back to the input — the "
            "stepper's stages, in order, below."
        )
    return (
        f"Counted on the trainer: one epoch made **{e['updates']} updates** — one per mini-batch, "
        f"⌈{s['points']} / {s['batch']}⌉ (the last batch may be smaller). An epoch is one pass "
        "over the training data."
    )


def stage_order(q: ConceptQuestion) -> str:
    """The stepper's stages of one step, in order, each δ with its norm ‖δ‖."""
    L = len(q.setting["sizes"]) - 1
    norms = q.evidence["delta_norms"]
    out = []
    for k, (kind, layer) in enumerate(q.evidence["stages"]):
        if kind == "forward":
            name = f"forward through layer {layer + 1}"
        elif kind == "output_delta":
            name = f"output δ, layer {L}: ‖δ‖ = {minus(norms[layer])}"
        elif kind == "backward" and layer:
            name = (
                f"backward through layer {layer + 1}: its ∂L/∂W, then layer {layer}'s δ, "
                f"‖δ‖ = {minus(norms[layer - 1])}"
            )
        elif kind == "backward":
            name = "backward through layer 1: its ∂L/∂W"
        else:
            name = kind
        out.append(f"{k + 1}. {name}")
    return "\n".join(out)
