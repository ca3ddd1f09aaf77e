"""Training that can be paused, stepped and resumed, and what a page draws from it.

A :class:`LiveRun` wraps an :class:`~backprop_core.experiment.Experiment` and trains it one
epoch at a time, keeping a copy of the last parameters whose loss was finite, so a run that
blows up can still be drawn as it was just before. Besides the trainer's overflow checks, a loss
that shoots up past ``BLOWUP`` times its starting value also stops the run: with bounded
activations (tanh, sigmoid) a far too large learning rate makes the loss thrash without ever
overflowing, and that is divergence too. :meth:`LiveRun.snapshot` freezes the run into
a :class:`Snapshot` of plain arrays (picklable, safe to cache and share): the history, those
parameters and everything needed to resume bit-for-bit (:meth:`LiveRun.resume`). Training
``n`` epochs in any number of pieces gives exactly the numbers of training them in one call.

:func:`probe` evaluates a snapshot's network over a grid of the input plane: the output and
every hidden unit's activation, as TensorFlow Playground draws them.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import numpy as np

from .config import RunConfig
from .datasets import expand_features
from .experiment import Experiment, make_experiment, make_network
from .network import Network
from .training import Divergence, History

Array = np.ndarray
PLANE = 6.0  # the 2-D datasets live in about [-6, 6]²
BLOWUP = 4.0  # a loss above this many times its starting value (and above 1) has blown up


@dataclass(frozen=True)
class Resume:
    """The trainer's private state after the last epoch: enough to continue exactly."""

    params: tuple[Array, ...]  # weights then biases, as Network.parameters()
    optimizer_state: dict
    rng_state: dict


@dataclass(frozen=True)
class Snapshot:
    """A run frozen at ``epoch``. Loss/accuracy arrays are ``(epoch + 1,)`` (index 0 is the
    untrained net; the last value may be inf/NaN when ``diverged``); ``grad_norms`` is
    ``(epoch, n_layers)``. ``weights``/``biases`` are the last finite parameters, reached after
    ``params_epoch`` epochs (``epoch − 1`` after a divergence, else ``epoch``)."""

    config: RunConfig
    epoch: int
    train_loss: Array
    test_loss: Array
    train_acc: Array
    test_acc: Array
    grad_norms: Array
    diverged: Divergence | None
    weights: tuple[Array, ...]
    biases: tuple[Array, ...]
    params_epoch: int
    resume: Resume | None  # None after a divergence: there is nothing sensible to continue

    @property
    def final_train_loss(self) -> float:
        return float(self.train_loss[self.params_epoch])

    @property
    def final_test_loss(self) -> float:
        return float(self.test_loss[self.params_epoch]) if len(self.test_loss) else float("nan")

    def network(self) -> Network:
        """A fresh network holding this snapshot's (last finite) parameters."""
        net = make_network(self.config)
        net.weights = [w.copy() for w in self.weights]
        net.biases = [b.copy() for b in self.biases]
        return net


class LiveRun:
    """One visitor's run, advanced a few epochs at a time (Play, Step)."""

    def __init__(self, cfg: RunConfig) -> None:
        self.config = cfg
        self.exp: Experiment = make_experiment(cfg)
        self._good = self._copy_params()
        self._good_epoch = 0

    @property
    def epoch(self) -> int:
        return self.exp.history.epochs

    @property
    def diverged(self) -> Divergence | None:
        return self.exp.history.diverged

    def _copy_params(self) -> tuple[Array, ...]:
        return tuple(p.copy() for p in self.exp.trainer.params)

    def advance(self, epochs: int, budget_s: float | None = None) -> int:
        """Train up to ``epochs`` more epochs, stopping early on divergence or once
        ``budget_s`` seconds have passed (after at least one epoch). Returns epochs trained."""
        start, t0 = self.epoch, time.perf_counter()
        trainer = self.exp.trainer
        for _ in range(max(int(epochs), 0)):
            if self.diverged is not None:
                break
            before = self._copy_params()
            trainer.run(1)
            if self.diverged is not None:
                self._good, self._good_epoch = before, self.epoch - 1
                break
            if self._blew_up():
                break
            if budget_s is not None and time.perf_counter() - t0 >= budget_s:
                break
        if self.diverged is None:
            self._good, self._good_epoch = self._copy_params(), self.epoch
        return self.epoch - start

    def _blew_up(self) -> bool:
        """Record a divergence when the loss has shot far above where it started; the
        parameters that produced it are finite, so they stay the ones drawn."""
        h = self.exp.history
        start, now = h.train_loss[0], h.train_loss[-1]
        if np.isfinite(start) and now > max(BLOWUP * start, 1.0):
            h.diverged = Divergence(
                h.epochs,
                f"the training loss rose to {now:.4g}, over {BLOWUP:g}× its starting {start:.4g}",
            )
            self._good, self._good_epoch = self._copy_params(), h.epochs
            return True
        return False

    def snapshot(self) -> Snapshot:
        h: History = self.exp.history
        L = self.exp.net.n_layers
        good = self._good if self.diverged is not None else self._copy_params()
        t = self.exp.trainer
        resume = None
        if self.diverged is None:
            resume = Resume(good, copy.deepcopy(t.state), copy.deepcopy(t.rng.bit_generator.state))
        norms = np.array(h.grad_norms[1:], dtype=float).reshape(-1, L)
        return Snapshot(
            config=self.config,
            epoch=h.epochs,
            train_loss=np.array(h.train_loss, dtype=float),
            test_loss=np.array(h.test_loss, dtype=float),
            train_acc=np.array(h.train_acc, dtype=float),
            test_acc=np.array(h.test_acc, dtype=float),
            grad_norms=norms,
            diverged=h.diverged,
            weights=good[:L],
            biases=good[L:],
            params_epoch=self._good_epoch if self.diverged is not None else h.epochs,
            resume=resume,
        )

    @classmethod
    def resume(cls, snap: Snapshot) -> LiveRun:
        """A run that continues ``snap`` exactly as if training had never stopped.
        After a divergence (no resume state) it retrains from scratch to the same point."""
        run = cls(snap.config)
        if snap.resume is None:
            run.advance(snap.epoch)
            return run
        t = run.exp.trainer
        for p, saved in zip(t.params, snap.resume.params):
            p[...] = saved
        t.state.clear()
        t.state.update(copy.deepcopy(snap.resume.optimizer_state))
        t.rng.bit_generator.state = copy.deepcopy(snap.resume.rng_state)
        t.history = History(
            train_loss=[float(x) for x in snap.train_loss],
            test_loss=[float(x) for x in snap.test_loss],
            train_acc=[float(x) for x in snap.train_acc],
            test_acc=[float(x) for x in snap.test_acc],
            grad_norms=[np.full(len(snap.weights), np.nan), *[r.copy() for r in snap.grad_norms]],
        )
        run._good, run._good_epoch = run._copy_params(), snap.epoch
        return run


def train_snapshot(cfg: RunConfig) -> Snapshot:
    """Train ``cfg.epochs`` epochs from scratch (stopping at a divergence) and freeze the run."""
    run = LiveRun(cfg)
    run.advance(cfg.epochs)
    return run.snapshot()


@dataclass(frozen=True)
class Probe:
    """The network evaluated on an ``n × n`` grid of the raw input plane (``n`` points on a line
    for 1-D data). ``xs`` (n,) and ``ys`` (n,) are the grid axes (``ys`` empty when 1-D);
    ``output`` is ``(n, n)`` indexed ``[y, x]`` (or ``(n,)``); ``inputs`` ``(n, n, n_features)``
    are the features and ``hidden[l]`` ``(n, n, units)`` the activations of hidden layer ``l``."""

    xs: Array
    ys: Array
    output: Array
    inputs: Array
    hidden: tuple[Array, ...]


def plane_points(n_inputs: int, n: int, extent: float = PLANE) -> tuple[Array, Array, Array]:
    """Grid axes and the raw points ``(n·n, 2)`` (or ``(n, 1)``), rows from y = +extent down."""
    xs = np.linspace(-extent, extent, n)
    if n_inputs == 1:
        return xs, np.zeros(0), xs[:, None]
    ys = np.linspace(extent, -extent, n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.stack([gx.ravel(), gy.ravel()], axis=1)


def probe(snap: Snapshot, n: int = 60, extent: float = PLANE) -> Probe:
    """Every unit of ``snap``'s network over the input plane (one forward pass)."""
    cfg = snap.config
    n_raw = 1 if cfg.task == "regression" else 2
    xs, ys, raw = plane_points(n_raw, n, extent)
    feats = expand_features(raw, cfg.features)
    with np.errstate(all="ignore"):
        trace = snap.network().forward(feats)
    shape = (n,) if n_raw == 1 else (n, n)
    acts = trace.activations
    return Probe(
        xs=xs,
        ys=ys,
        output=acts[-1][:, 0].reshape(shape),
        inputs=feats.reshape(*shape, -1),
        hidden=tuple(a.reshape(*shape, -1) for a in acts[1:-1]),
    )


def batch_gradients(snap: Snapshot, X: Array, Y: Array) -> tuple[list[Array], list[Array]]:
    """∂L/∂W_l and ∂L/∂b_l on (X, Y) (features applied; e.g. the whole training set) at the
    snapshot's parameters, with the L2 term λ·W included: where the next updates head on
    average."""
    l2 = snap.config.l2
    net = snap.network()
    with np.errstate(all="ignore"):
        _, grads, _ = net.loss_and_grads(X, Y)
        gW = [g + l2 * W for g, W in zip(grads.weights, net.weights)] if l2 else grads.weights
    return list(gW), list(grads.biases)
