"""The Step-by-step lab's state: a small network, one example, and where in the step you are.

Pure Python + NumPy (no Streamlit), so every move — Next, Back, Full step, Reset, a typed
cell — is testable on its own. The page keeps one :class:`Lab` per visitor in
``st.session_state``.

A step's stages are ``stage_names(L)`` from the core; ``pos == -1`` is "ready, nothing computed
yet" and ``pos == last`` is the update. The update is *committed* when you reach it: from then
on ``lab.weights`` are the new weights and the step's own starting point sits on ``lab.past``,
so Back can undo it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from backprop_core import ACTIVATIONS, Network, StepRun, run_step, stage_names, valid_losses
from backprop_core.divergence import check_step
from ui.divergence import refused_step
from ui.step.targets import conform_targets, default_targets

Array = np.ndarray
START = -1
MAX_STEPS = 2000  # steps kept for Back and the loss chart; Reset starts over


@dataclass(frozen=True)
class Settings:
    """The network's shape and choices; any change rebuilds the lab."""

    n_in: int = 2
    hidden: tuple[int, ...] = (2,)
    n_out: int = 2
    hidden_act: str = "sigmoid"
    output_act: str = "sigmoid"
    loss: str = "mse"

    @property
    def sizes(self) -> list[int]:
        return [self.n_in, *self.hidden, self.n_out]


CLASSIC = Settings()
# The classic hand-worked example every backprop tutorial reaches for: two inputs, two sigmoid
# hidden units, two sigmoid outputs, squared error, one shared bias per layer, η = 0.5.
CLASSIC_X = [[0.05, 0.10]]
CLASSIC_Y = [[0.01, 0.99]]
CLASSIC_W = [[[0.15, 0.25], [0.20, 0.30]], [[0.40, 0.50], [0.45, 0.55]]]
CLASSIC_B = [[0.35, 0.35], [0.60, 0.60]]
CLASSIC_LR = 0.5


@dataclass
class Past:
    """Where an earlier step started, its loss there, the η it used and whether it moved the
    biases."""

    weights: list[Array]
    biases: list[Array]
    loss: float
    lr: float
    update_biases: bool = True


@dataclass
class Lab:
    settings: Settings
    X: Array  # (1, n_in)
    Y: Array  # (1, n_out)
    weights: list[Array]
    biases: list[Array]
    start_weights: list[Array]
    start_biases: list[Array]
    start_X: Array | None = None  # what Reset restores; None = the current X / Y
    start_Y: Array | None = None
    pos: int = START
    past: list[Past] = field(default_factory=list)
    version: int = 0  # bumped whenever numbers change from outside the editors

    def __post_init__(self) -> None:
        if self.start_X is None:
            self.start_X = np.array(self.X, dtype=float, copy=True)
        if self.start_Y is None:
            self.start_Y = np.array(self.Y, dtype=float, copy=True)

    # -- structure ---------------------------------------------------------------------------
    @property
    def n_layers(self) -> int:
        return len(self.settings.sizes) - 1

    @property
    def names(self) -> list[str]:
        return stage_names(self.n_layers)

    @property
    def last(self) -> int:
        """Index of the update stage."""
        return len(self.names) - 1

    def network(self, weights: list[Array] | None = None, biases: list[Array] | None = None):
        s = self.settings
        net = Network(s.sizes, s.hidden_act, s.output_act, s.loss, init="zeros")
        net.weights = [w.copy() for w in (self.weights if weights is None else weights)]
        net.biases = [b.copy() for b in (self.biases if biases is None else biases)]
        return net

    # -- what the page shows -------------------------------------------------------------------
    def step_start(self) -> tuple[list[Array], list[Array]]:
        """The parameters the displayed step starts from (at the update: the previous ones)."""
        if self.pos == self.last and self.past:
            return self.past[-1].weights, self.past[-1].biases
        return self.weights, self.biases

    def run(self, lr: float, update_biases: bool = True) -> StepRun:
        """Every stage of the displayed step (at the update: with the η and bias choice it was
        taken with)."""
        if self.pos == self.last and self.past:
            lr, update_biases = self.past[-1].lr, self.past[-1].update_biases
        w, b = self.step_start()
        with np.errstate(all="ignore"):
            return run_step(self.network(w, b), self.X, self.Y, lr, update_biases)

    def current_loss(self) -> float:
        net = self.network()
        with np.errstate(all="ignore"):
            return net.loss(net.forward(self.X), self.Y)

    def losses(self) -> list[float]:
        """Loss before step 1, 2, … and of the current weights: one point per step taken."""
        return [p.loss for p in self.past] + [self.current_loss()]

    # -- moves ------------------------------------------------------------------------------
    def next(self, lr: float, update_biases: bool = True) -> str | None:
        """One stage on; entering the update commits it. Returns a message if refused."""
        if self.pos == self.last:
            self.pos = START
        elif self.pos == self.last - 1:
            return self._commit(lr, update_biases)
        else:
            self.pos += 1
        return None

    def back(self) -> None:
        """One stage back; leaving the update restores the weights it replaced."""
        if self.pos == START:
            if self.past:
                self.pos = self.last
        elif self.pos == self.last and self.past:
            prev = self.past.pop()
            self.weights, self.biases = prev.weights, prev.biases
            self.pos = self.last - 1
            self.version += 1
        else:
            self.pos -= 1

    def can_go_back(self) -> bool:
        return self.pos != START or bool(self.past)

    def full_step(self, lr: float, update_biases: bool = True) -> str | None:
        """Finish the current step (or, at the update, take one more whole step)."""
        if self.pos == self.last:
            self.pos = START
        return self._commit(lr, update_biases)

    def reset(self) -> str | None:
        """Back to the starting example (x, y, weights, biases), before any step. Returns what
        had to change in the targets for the current loss, if anything."""
        self.weights = [w.copy() for w in self.start_weights]
        self.biases = [b.copy() for b in self.start_biases]
        self.X = np.array(self.start_X, copy=True)
        self.Y, why = conform_targets(self.start_Y, self.settings.loss)
        self.pos = START
        self.past.clear()
        self.version += 1
        return why

    def _commit(self, lr: float, update_biases: bool) -> str | None:
        if len(self.past) >= MAX_STEPS:
            return f"{MAX_STEPS} steps is the limit here: press Reset to start over."
        with np.errstate(all="ignore"):
            run = run_step(self.network(), self.X, self.Y, lr, update_biases)
        if check_step([*run.new_weights, *run.new_biases], run.loss_after) is not None:
            return refused_step(lr)
        self.past.append(Past(self.weights, self.biases, run.loss, lr, update_biases))
        self.weights, self.biases = list(run.new_weights), list(run.new_biases)
        self.pos = self.last
        self.version += 1
        return None

    # -- edits --------------------------------------------------------------------------------
    def restart_from_here(self) -> None:
        """Typed numbers become the new start: no step taken yet, Reset comes back here."""
        self.start_weights = [w.copy() for w in self.weights]
        self.start_biases = [b.copy() for b in self.biases]
        self.start_X = np.array(self.X, copy=True)
        self.start_Y = np.array(self.Y, copy=True)
        self.pos = START
        self.past.clear()
        self.version += 1


def build_lab(settings: Settings, seed: int = 0) -> Lab:
    """The classic worked example for the classic shape; otherwise seeded, readable numbers."""
    if settings == CLASSIC:
        X, Y = np.array(CLASSIC_X), np.array(CLASSIC_Y)
        W = [np.array(w) for w in CLASSIC_W]
        b = [np.array(v) for v in CLASSIC_B]
    else:
        rng = np.random.default_rng(seed)
        net = Network(
            settings.sizes,
            settings.hidden_act,
            settings.output_act,
            settings.loss,
            init="xavier",
            seed=seed,
        )
        W = [np.round(w, 2) for w in net.weights]
        b = [np.round(rng.uniform(-0.2, 0.4, size=w.shape[1]), 2) for w in W]
        X = np.round(rng.uniform(0.05, 1.0, size=(1, settings.n_in)), 2)
        Y = default_targets(settings.output_act, settings.n_out, rng)
    return Lab(settings, X, Y, W, b, [w.copy() for w in W], [v.copy() for v in b])


def settings_from(
    n_in: int, hidden: list[int], n_out: int, hidden_act: str, output_act: str, loss: str
) -> Settings:
    """Clamp and repair widget values into valid settings (a stale loss falls back)."""
    clamp = lambda v, lo, hi: max(lo, min(hi, int(v)))  # noqa: E731
    if hidden_act not in ACTIVATIONS or not ACTIVATIONS[hidden_act].hidden_ok:
        hidden_act = "sigmoid"
    if output_act not in ACTIVATIONS:
        output_act = "sigmoid"
    losses = valid_losses(output_act)
    if loss not in losses:
        loss = losses[0]
    return Settings(
        clamp(n_in, 1, 4),
        tuple(clamp(h, 1, 4) for h in hidden[:3]) or (2,),
        clamp(n_out, 1, 3),
        hidden_act,
        output_act,
        loss,
    )


def adapt(lab: Lab, settings: Settings) -> tuple[Lab, str | None]:
    """The lab for new settings, and a sentence when the targets had to change.

    Other sizes rebuild the lab. The same sizes keep every number — x, y, weights, biases and
    what Reset restores — except targets the new loss cannot take, which are repaired (see
    :func:`conform_targets`). The loss chart starts over (losses of two different loss
    functions do not compare); a stage before the update stays where it was.
    """
    if settings == lab.settings:
        return lab, None
    if settings.sizes != lab.settings.sizes:
        return build_lab(settings), None
    Y, why = conform_targets(lab.Y, settings.loss)
    new = Lab(
        settings,
        lab.X,
        Y,
        lab.weights,
        lab.biases,
        lab.start_weights,
        lab.start_biases,
        lab.start_X,
        lab.start_Y,
        pos=lab.pos if lab.pos < lab.last else START,
        version=lab.version + 1,
    )
    return new, why


# -- presets ----------------------------------------------------------------------------------
# "Confidently wrong": the classic example's inputs, targets and first layer, but output weights
# that push z to ±5.47, so ŷ ≈ (0.996, 0.004) against y = (0.01, 0.99): both outputs saturated
# on the wrong side, where σ'(z) ≈ 0.004 — the case where MSE barely learns.
CONFIDENT_W2 = [[3.0, -3.0], [3.0, -3.0]]
CONFIDENT_B2 = [1.9, -1.9]


def preset_lab(name: str) -> Lab:
    """``"classic"`` (the worked example) or ``"confidently_wrong"``; both 2-2-2 sigmoid, MSE."""
    lab = build_lab(CLASSIC)
    if name == "confidently_wrong":
        lab.weights[1] = np.array(CONFIDENT_W2)
        lab.biases[1] = np.array(CONFIDENT_B2)
        lab.restart_from_here()
    return lab
