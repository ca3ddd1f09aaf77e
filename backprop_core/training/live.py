"""Training that can be paused, stepped and resumed, frozen into snapshots a page can draw.

A :class:`LiveRun` wraps an :class:`~backprop_core.training.experiment.Experiment` and trains it
one epoch at a time, keeping a copy of the last parameters whose numbers were finite, so a run
that blows up can still be drawn as it was just before. It watches the policy's ``shot_up``
reason on top of the overflows (:mod:`backprop_core.divergence`): with bounded activations
(tanh, sigmoid) a far too large learning rate makes the loss thrash without ever overflowing,
and that is divergence too. :meth:`LiveRun.snapshot` freezes the run into a :class:`Snapshot`
of plain arrays (picklable, safe to cache and share): the history, those parameters and
everything needed to resume bit-for-bit (:meth:`LiveRun.resume`). Training ``n`` epochs in any
number of pieces gives exactly the numbers of training them in one call. The epoch is the
run's position (:attr:`LiveRun.epoch`, :attr:`Snapshot.epoch`), never read from the config.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import numpy as np

from ..config import RunConfig
from ..divergence import Divergence
from ..network import Network
from .experiment import Experiment, make_experiment, make_network
from .trainer import History

Array = np.ndarray


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
    ``params_epoch`` epochs (``epoch − 1`` after an overflow, else ``epoch``)."""

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
        self.exp: Experiment = make_experiment(cfg, watch_shot_up=True)
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
            d = self.diverged
            if d is not None:
                # after an overflow the last finite parameters are the ones before this epoch;
                # a loss that shot up came from finite ones: those are drawn
                if d.overflowed:
                    self._good, self._good_epoch = before, self.epoch - 1
                else:
                    self._good, self._good_epoch = self._copy_params(), self.epoch
                break
            if budget_s is not None and time.perf_counter() - t0 >= budget_s:
                break
        if self.diverged is None:
            self._good, self._good_epoch = self._copy_params(), self.epoch
        return self.epoch - start

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


def train_snapshot(cfg: RunConfig, epochs: int | None = None) -> Snapshot:
    """Train ``epochs`` epochs from scratch (stopping at a divergence) and freeze the run.
    ``epochs=None`` reads ``cfg.epochs`` while the config still carries one."""
    run = LiveRun(cfg)
    run.advance(cfg.epochs if epochs is None else epochs)
    return run.snapshot()
