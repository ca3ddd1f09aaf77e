"""Concept questions: each one runs a small live experiment, and the option its numbers pick is
the answer. No prose here — option keys, the experiment's settings and its numbers; the page
words and draws them. ``lab`` is the setting of the lab page that shows the effect at full size
(:class:`~backprop_core.depth_lab.DepthSettings` for Vanishing & exploding,
:class:`~backprop_core.config.RunConfig` for the Playground).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..config import RunConfig
from ..datasets import make_dataset
from ..depth_analysis import analyse, symmetry
from ..depth_lab import DepthSettings, build_net, lab_data
from ..diagnostics import layer_report
from ..gradcheck import numerical_gradient, rel_error
from ..network import Network
from ..optimizers import clip_by_global_norm, global_norm
from ..stepper import run_step
from ..training import Trainer
from ..training.experiment import make_experiment

Array = np.ndarray


@dataclass(frozen=True, eq=False)
class ConceptQuestion:
    kind: str
    options: tuple[str, ...]  # option keys, in the order shown (shuffled by the seed)
    answer: str  # the option the experiment's numbers pick
    setting: dict[str, object]  # what the experiment ran: depth, activation, learning rates…
    evidence: dict[str, object] = field(default_factory=dict)  # the numbers to draw
    lab: DepthSettings | RunConfig | None = None


def _shuffled(rng: np.random.Generator, options: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(options[k] for k in rng.permutation(len(options)))


def _per_weight(grad_norms: Array, sizes: list[int]) -> Array:
    """‖∂L/∂W_l‖ / √(number of weights): comparable between a 2×16 and a 16×16 layer."""
    counts = np.array([a * b for a, b in zip(sizes[:-1], sizes[1:])], dtype=float)
    return grad_norms / np.sqrt(counts)


def vanishing(rng: np.random.Generator) -> ConceptQuestion:
    """A deep sigmoid net at initialisation: which layer's weights get the smallest gradient?"""
    s = DepthSettings(
        depth=int(rng.choice([6, 8, 10])),
        width=16,
        activation="sigmoid",
        init="xavier",
        dataset=str(rng.choice(["circles", "xor", "moons"])),
        seed=int(rng.integers(0, 1000)),
    )
    X, Y = lab_data(s)
    report = analyse(build_net(s), X, Y).report
    rms = _per_weight(report.grad_norms, s.sizes)
    slowest = int(np.argmin(rms))
    answer = "first" if slowest == 0 else "last" if slowest == len(rms) - 1 else "middle"
    return ConceptQuestion(
        "vanishing",
        _shuffled(rng, ("first", "middle", "last", "same")),
        answer,
        {"depth": s.depth, "width": s.width, "dataset": s.dataset},
        {"grad_rms": rms, "delta_norms": report.delta_norms, "span": float(rms[0] / rms[-1])},
        s,
    )


UNIT_TOL = 1e-9  # units closer than this (relative) are copies: matmul rounding differs ~1e-17


def _distinct_units(net: Network) -> int:
    """How many hidden units differ in incoming weights, bias or outgoing weight."""
    units = np.hstack([net.weights[0].T, net.biases[0][:, None], net.weights[1]])
    scale = UNIT_TOL * (1.0 + float(np.max(np.abs(units))))
    distinct: list[Array] = []
    for row in units:
        if all(np.max(np.abs(row - other)) > scale for other in distinct):
            distinct.append(row)
    return len(distinct)


def zero_init(rng: np.random.Generator) -> ConceptQuestion:
    """Every weight and bias starts at 0: how many different hidden units after training?"""
    width = int(rng.choice([3, 4, 5, 6]))
    activation = str(rng.choice(["sigmoid", "tanh"]))
    epochs, seed = 100, int(rng.integers(0, 1000))
    data = make_dataset("xor", 100, 0.1, seed, 0.5)
    runs, nets = {}, {}
    for init in ("zeros", "xavier"):
        net = Network([2, width, 1], activation, "sigmoid", "bce", init=init, seed=seed)
        history = Trainer(net, data.X_train, data.Y_train, batch_size=None, seed=seed).run(epochs)
        runs[init] = (symmetry(net.weights, net.biases), history.train_loss)
        nets[init] = net
    distinct = _distinct_units(nets["zeros"])
    options = tuple(str(k) for k in range(1, width + 1))
    if width > 4:
        options = ("1", "2", str(width // 2 + 1), str(width))
    return ConceptQuestion(
        "zero_init",
        _shuffled(rng, tuple(dict.fromkeys(options))),
        str(distinct),
        {"width": width, "activation": activation, "epochs": epochs, "dataset": "xor"},
        {
            "distinct_zeros": distinct,
            "distinct_xavier": _distinct_units(nets["xavier"]),
            "spread_zeros": float(runs["zeros"][0].spread[0]),
            "loss_zeros": np.array(runs["zeros"][1]),
            "loss_xavier": np.array(runs["xavier"][1]),
        },
        DepthSettings(depth=2, width=8, activation="sigmoid", init="zeros", seed=seed),
    )


LR_LADDER = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
LR_SCAN_FROM = 3  # the search for the smallest diverging rate starts at LR_LADDER[3] = 0.03
LR_NETS = ((4,), (8,), (8, 8))  # hidden layers of the 1-…-1 tanh net on the sine data


def _lr_run(cfg: RunConfig) -> tuple[Array, bool]:
    """The training loss per epoch and whether it diverged (overflowed or ended above its start)."""
    trainer = make_experiment(cfg).trainer
    h = trainer.run(cfg.epochs)
    loss = np.array(h.train_loss)
    finite = loss[np.isfinite(loss)]
    return loss, h.diverged is not None or finite[-1] > finite[0]


def learning_rate(rng: np.random.Generator) -> ConceptQuestion:
    """Three loss curves at three learning rates: which one diverged?"""
    layers = LR_NETS[int(rng.integers(len(LR_NETS)))]
    base = RunConfig(
        dataset="sine",
        features=("x1",),
        layers=layers,
        activation="tanh",
        batch=int(rng.choice([100, 10])),  # the whole training set, or mini-batches
        epochs=40,
        seed=int(rng.integers(0, 1000)),
    )
    runs: dict[float, tuple[Array, bool]] = {}
    for lr in LR_LADDER[LR_SCAN_FROM:]:  # the smallest rate that diverges …
        runs[lr] = _lr_run(base.replace(lr=lr))
        if runs[lr][1]:
            break
    diverging = max(runs)
    lower: list[float] = []
    for lr in rng.permutation([lr for lr in LR_LADDER if lr < diverging][-4:]):
        lr = float(lr)  # … and two smaller ones that do not: their curves are evidence too
        if lr not in runs:
            runs[lr] = _lr_run(base.replace(lr=lr))
        if not runs[lr][1] and len(lower) < 2:
            lower.append(lr)
    chosen = (*sorted(lower), diverging)
    return ConceptQuestion(
        "learning_rate",
        _shuffled(rng, tuple(repr(float(lr)) for lr in chosen)),
        repr(float(diverging)),
        {"lrs": chosen, "layers": layers, "batch": base.batch, "epochs": base.epochs},
        {"losses": {repr(float(lr)): runs[lr][0] for lr in chosen}},
        base.replace(lr=diverging),
    )


def _sigmoid_delta(z: Array, y: float, loss: str) -> Array:
    """δ = ∂L/∂z of one sigmoid output unit at each ``z`` (one sample each) for ``loss``."""
    net = Network([1, 1], "sigmoid", "sigmoid", loss, init="zeros")
    net.weights, net.biases = [np.ones((1, 1))], [np.zeros(1)]
    X = z.reshape(-1, 1)
    Y = np.full_like(X, y)
    grads = net.backward(net.forward(X), Y)
    return grads.deltas[-1][:, 0] * len(X)  # undo the batch mean: per-sample δ


def saturated(rng: np.random.Generator) -> ConceptQuestion:
    """A sigmoid output confidently wrong (ŷ near 1, y = 0): which loss gives the larger δ?"""
    z = float(rng.choice([3.0, 4.0, 5.0, 6.0]))
    grid = np.linspace(-8.0, 8.0, 81)
    point = np.array([z])
    d = {loss: float(_sigmoid_delta(point, 0.0, loss)[0]) for loss in ("mse", "bce")}
    bigger = max(d, key=lambda k: abs(d[k]))
    answer = "same" if math.isclose(abs(d["mse"]), abs(d["bce"]), rel_tol=1e-9) else bigger
    return ConceptQuestion(
        "saturated",
        _shuffled(rng, ("bce", "mse", "same")),
        answer,
        {"z": z, "y": 0.0, "y_hat": float(1 / (1 + math.exp(-z)))},
        {
            "delta_mse": d["mse"],
            "delta_bce": d["bce"],
            "grid": grid,
            "curve_mse": _sigmoid_delta(grid, 0.0, "mse"),
            "curve_bce": _sigmoid_delta(grid, 0.0, "bce"),
        },
    )


INITS = ("small", "xavier", "he", "large")


def relu_init(rng: np.random.Generator) -> ConceptQuestion:
    """30 ReLU layers: which initialisation keeps ‖δ‖ the same from the last layer to the first?"""
    seed = int(rng.integers(0, 1000))
    spans, profiles = {}, {}
    for init in INITS:
        s = DepthSettings(depth=30, width=16, activation="relu", init=init, seed=seed)
        X, Y = lab_data(s)
        hidden = layer_report(build_net(s), X, Y).delta_norms[:-1]  # ‖δ‖ of each hidden layer
        with np.errstate(all="ignore"):
            spans[init] = float(hidden[0] / hidden[-1]) if hidden[-1] > 0 else math.nan
        profiles[init] = hidden
    score = {
        k: abs(math.log(v)) if v > 0 and math.isfinite(v) else math.inf for k, v in spans.items()
    }
    return ConceptQuestion(
        "relu_init",
        _shuffled(rng, INITS),
        min(score, key=score.get),
        {"depth": 30, "width": 16},
        {"span": spans, "delta_norms": profiles},
        DepthSettings(depth=30, width=16, activation="relu", init="xavier", seed=seed),
    )


REMEDIES = ("clip", "lower_lr", "deeper", "wider")
CLIP = 1.0


def exploding(rng: np.random.Generator) -> ConceptQuestion:
    """Gradients that explode: which remedy acts on the gradient norm itself?

    Measured: the norm of the gradient the update uses, ‖g‖, under each remedy. Clipping
    rescales g to ``CLIP``; a lower η leaves g as it is (only the step shrinks); a deeper or
    wider net of the same kind keeps exploding."""
    s = DepthSettings(
        depth=int(rng.choice([8, 10, 12])),
        width=16,
        activation="relu",
        init="he",
        init_scale=2.0,
        lr=0.03,
        seed=int(rng.integers(0, 1000)),
    )

    def gradient(settings: DepthSettings) -> tuple[list[Array], Array]:
        net = build_net(settings)
        X, Y = lab_data(settings)
        with np.errstate(all="ignore"):
            grads = net.backward(net.forward(X), Y)
        return [*grads.weights, *grads.biases], analyse(net, X, Y).report.grad_norms

    g, profile = gradient(s)
    before = global_norm(g)
    after = {
        "clip": global_norm(clip_by_global_norm(g, CLIP)[0]),
        "lower_lr": before,  # η multiplies the step, not the gradient
        "deeper": global_norm(gradient(s.replace(depth=s.depth + 4))[0]),
        "wider": global_norm(gradient(s.replace(width=s.width * 2))[0]),
    }
    return ConceptQuestion(
        "exploding",
        _shuffled(rng, REMEDIES),
        min(after, key=after.get),
        {"depth": s.depth, "width": s.width, "clip": CLIP, "init_scale": s.init_scale},
        {"norm_before": before, "norm_after": after, "grad_norms": profile},
        s,
    )


def _counting(fn: Callable[[Array], Array], calls: list[int]) -> Callable[[Array], Array]:
    def counted(z: Array) -> Array:
        calls[0] += 1
        return fn(z)

    return counted


def cost(rng: np.random.Generator) -> ConceptQuestion:
    """Gradients of every parameter: forward passes needed by central finite differences vs
    backprop, counted on the engine (each pass applies the output activation once)."""
    width = int(rng.choice([3, 4, 5, 6]))
    net = Network([2, width, width, 1], "tanh", "sigmoid", "bce", seed=int(rng.integers(0, 1000)))
    calls = [0]
    net.output_act = dataclasses.replace(
        net.output_act, forward=_counting(net.output_act.forward, calls)
    )
    X = np.round(rng.uniform(-1, 1, size=(4, 2)), 2)
    Y = rng.integers(0, 2, size=(4, 1)).astype(float)
    trace = net.forward(X)
    grads = net.backward(trace, Y)
    backprop_passes = calls[0]
    calls[0] = 0
    numeric = numerical_gradient(net, X, Y)
    fd_passes = calls[0]
    P = sum(p.size for p in net.parameters())
    options = {"2P": 2 * P, "P": P, "2": 2, "P2": P * P}
    answer = next(k for k, v in options.items() if v == fd_passes)
    macs = sum(a * b for a, b in zip(net.sizes[:-1], net.sizes[1:]))
    return ConceptQuestion(
        "cost",
        _shuffled(rng, tuple(options)),
        answer,
        {"sizes": net.sizes, "parameters": P, "options": options},
        {
            "fd_passes": fd_passes,
            "backprop_passes": backprop_passes,
            "agreement": rel_error(
                np.concatenate([g.ravel() for g in [*grads.weights, *grads.biases]]),
                np.concatenate([g.ravel() for g in [*numeric.weights, *numeric.biases]]),
            ),
            "forward_macs": macs,  # multiply-adds of one forward pass, per sample
        },
    )


def backward_order(rng: np.random.Generator) -> ConceptQuestion:
    """Which layer's δ does backprop compute first? The stepper's stages, in order."""
    depth = int(rng.choice([2, 3]))
    sizes = [2, *([2] * depth), 1]
    net = Network(sizes, "sigmoid", "sigmoid", "mse", seed=int(rng.integers(0, 1000)))
    run = run_step(net, np.array([[0.5, -0.3]]), np.array([[1.0]]), 0.5)
    order = [s.layer for s in run.stages if s.kind in ("output_delta", "backward")]
    first = order[0]
    answer = "output" if first == net.n_layers - 1 else "input" if first == 0 else "middle"
    return ConceptQuestion(
        "backward_order",
        _shuffled(rng, ("output", "input", "middle", "any")),
        answer,
        {"sizes": sizes},
        {
            "stages": [(s.kind, s.layer) for s in run.stages],
            "delta_norms": [float(np.linalg.norm(d)) for d in run.grads.deltas],
        },
    )


@dataclass
class _Counting:
    """An optimizer that counts its updates and passes them on."""

    inner: object
    calls: int = 0

    def init(self, params: list[Array]) -> dict[str, object]:
        return self.inner.init(params)

    def update(self, params: list[Array], grads: list[Array], state: dict[str, object]) -> None:
        self.calls += 1
        self.inner.update(params, grads, state)


def _count_updates(trainer: Trainer, epochs: int) -> int:
    """Optimizer updates made in ``epochs`` epochs, counted on the trainer's own loop."""
    counting = _Counting(trainer.opt)
    trainer.opt = counting
    trainer.run(epochs)
    return counting.calls


def sgd_updates(rng: np.random.Generator) -> ConceptQuestion:
    """Mini-batch SGD: how many weight updates does one epoch make with N points, batch B?"""
    n = int(rng.choice([40, 60, 100]))
    batch = int(rng.choice([5, 8, 10, 20]))
    seed = int(rng.integers(0, 1000))
    cfg = RunConfig(
        dataset="circles", points=2 * n, train=0.5, layers=(4,), batch=batch, epochs=1, seed=seed
    )
    trainer = make_experiment(cfg).trainer
    updates = _count_updates(trainer, 1)
    options = {"ceil": math.ceil(n / batch), "n": n, "batch": batch, "one": 1}
    answer = next(k for k, v in options.items() if v == updates)
    return ConceptQuestion(
        "sgd_updates",
        _shuffled(rng, tuple(options)),
        answer,
        {"points": n, "batch": batch, "options": options},
        {"updates": updates, "loss": np.array(trainer.history.train_loss)},
        cfg.replace(epochs=20),
    )


CONCEPTS: dict[str, Callable[[np.random.Generator], ConceptQuestion]] = {
    "vanishing": vanishing,
    "zero_init": zero_init,
    "learning_rate": learning_rate,
    "saturated": saturated,
    "relu_init": relu_init,
    "exploding": exploding,
    "cost": cost,
    "backward_order": backward_order,
    "sgd_updates": sgd_updates,
}
