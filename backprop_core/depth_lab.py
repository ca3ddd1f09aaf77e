"""The vanishing / exploding gradients lab: one run of a deep net — analysed at initialisation,
trained with full-batch gradient descent, analysed again and judged.

Pure NumPy. Everything is a function of :class:`DepthSettings` (and its seed), so a page can
keep :func:`run_lab` results by settings and a link reproduces the same numbers. The analysis
is in :mod:`.depth_analysis`, the verdict in :mod:`.depth_verdict`, how training ended and what
clipping did in :mod:`.depth_training`; the work is capped by :class:`.config.Limits`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from .config import LIMITS, Limits, RunConfig
from .datasets import make_dataset
from .depth_analysis import Analysis, Symmetry, analyse, symmetry
from .depth_training import Clipping, Ending, clipping, ending
from .depth_verdict import Verdict, verdict
from .network import Network
from .optimizers import make_optimizer
from .training import History, Trainer, make_network

__all__ = ["DepthSettings", "LabJob", "LabResult", "analyse", "lab_data", "run_lab", "symmetry"]

Array = np.ndarray
DEPTH_RANGE = (2, LIMITS.max_layers)  # hidden layers
WIDTH_RANGE = (4, LIMITS.max_units)  # units per hidden layer
POINTS = 200  # drawn per dataset; half of them train the net
NOISE = 0.1
MAX_EPOCHS = 200  # enough to see a net learn, or not; big nets get fewer (``epochs_for``)


@dataclass(frozen=True)
class DepthSettings:
    """One setting of the lab: a ``depth`` × ``width`` net and how it is initialised and trained."""

    depth: int = 10
    width: int = 32
    activation: str = "sigmoid"
    init: str = "xavier"
    init_scale: float = 1.0
    clip: float = 0.0
    lr: float = 0.03
    dataset: str = "circles"
    seed: int = 0

    @property
    def sizes(self) -> list[int]:
        return self.run_config().sizes

    def run_config(self) -> RunConfig:
        """The same net as the rest of the app describes it (inputs x₁, x₂, one output)."""
        n_train = POINTS // 2
        return RunConfig(
            dataset=self.dataset,
            noise=NOISE,
            points=POINTS,
            train=0.5,
            features=("x1", "x2") if self.dataset != "sine" else ("x1",),
            layers=(self.width,) * self.depth,
            activation=self.activation,
            init=self.init,
            init_scale=self.init_scale,
            lr=self.lr,
            batch=n_train,
            clip=self.clip,
            seed=self.seed,
        )

    def replace(self, **changes: object) -> DepthSettings:
        return dataclasses.replace(self, **changes)


# -- one run of the lab ---------------------------------------------------------------------
@dataclass(frozen=True)
class LabResult:
    settings: DepthSettings
    epochs: int  # epochs asked for; ``history.epochs`` is fewer if training diverged
    n_train: int
    at_init: Analysis
    trained: Analysis | None  # None when training never took a step
    history: History
    symmetry_init: Symmetry
    symmetry_trained: Symmetry
    verdict: Verdict

    @property
    def ending(self) -> Ending | None:
        """Why the loss line and heatmap stop before the last epoch, if they do."""
        return ending(self.history)

    @property
    def clipping(self) -> Clipping | None:
        """What clipping did at each step; None when clipping is off."""
        if self.settings.clip <= 0:
            return None
        return clipping(self.history, self.settings.clip, self.settings.lr)

    @property
    def grad_matrix(self) -> Array:
        """(epochs, depth + 1): ‖∂L/∂W_l‖ during each epoch (full batch, before clipping)."""
        return self.history.grad_norm_matrix()


def epochs_for(s: DepthSettings, limits: Limits = LIMITS) -> int:
    """As many epochs as ``limits`` allow this net (the app's one cost model,
    :meth:`RunConfig.max_affordable_epochs`), at most ``MAX_EPOCHS``: 200 for a 10 × 32 net,
    7 for 50 × 128."""
    return max(1, min(s.run_config().max_affordable_epochs(limits), MAX_EPOCHS))


def lab_data(s: DepthSettings) -> tuple[Array, Array]:
    """The training half of the dataset, inputs standardised to mean 0 and variance 1, so the
    first layer starts in the same range whatever the dataset: ``X`` (n, n_in), ``Y`` (n, 1)."""
    cfg = s.run_config()
    data = make_dataset(cfg.dataset, cfg.points, cfg.noise, cfg.seed, cfg.train)
    X = data.X_train[:, : len(cfg.features)]
    std = X.std(axis=0)
    X = (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)
    return X, data.Y_train


def build_net(s: DepthSettings) -> Network:
    return make_network(s.run_config())


class LabJob:
    """One run of the lab that can be trained a few epochs at a time (a page checks between
    chunks whether the visitor has already asked for something else) with exactly the numbers
    of :func:`run_lab`, which trains it in one go."""

    def __init__(self, s: DepthSettings, epochs: int | None = None) -> None:
        self.settings = s
        self.X, self.Y = lab_data(s)
        self.net = build_net(s)
        self.symmetry_init = symmetry(self.net.weights, self.net.biases)
        self.at_init = analyse(self.net, self.X, self.Y)
        self.epochs = epochs_for(s) if epochs is None else int(epochs)
        self.trainer = Trainer(
            self.net,
            self.X,
            self.Y,
            optimizer=make_optimizer("sgd", s.lr),
            clip_norm=s.clip,
            seed=s.seed,
        )
        self.asked = 0  # epochs asked for so far

    @property
    def done(self) -> bool:
        return self.asked >= self.epochs or self.trainer.history.diverged is not None

    @property
    def fraction(self) -> float:
        return 1.0 if self.done else self.asked / max(self.epochs, 1)

    def advance(self, epochs: int) -> None:
        """Train up to ``epochs`` more epochs (never past the run's total)."""
        n = max(0, min(int(epochs), self.epochs - self.asked))
        self.trainer.run(n)
        self.asked += n

    def result(self) -> LabResult:
        """Finish training (if not done yet), analyse the trained net and judge it."""
        self.advance(self.epochs - self.asked)
        h, s, net = self.trainer.history, self.settings, self.net
        trained = analyse(net, self.X, self.Y) if h.epochs > 0 else None
        return LabResult(
            s,
            self.epochs,
            len(self.X),
            self.at_init,
            trained,
            h,
            self.symmetry_init,
            symmetry(net.weights, net.biases),
            verdict(self.at_init, self.symmetry_init, h, s),
        )


def run_lab(s: DepthSettings, epochs: int | None = None) -> LabResult:
    """Analyse the fresh net, train it with full-batch gradient descent, analyse it again."""
    return LabJob(s, epochs).result()
