"""Training loop with a per-epoch history and divergence detection.

A :class:`Trainer` owns one network, its optimizer state and its shuffling RNG, so training
can be continued a few epochs at a time (the Playground's Play button) and gives exactly the
same numbers as training all epochs in one call. Epoch 0 of the history is the untrained net.
NumPy floating-point warnings never leak out: overflow is detected and recorded instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .losses import output_delta
from .network import Network, dense_backward, dense_forward, hidden_delta
from .optimizers import SGD, Adam, Momentum, clip_by_global_norm

Array = np.ndarray
LOSS_LIMIT = 1e12  # a loss above this is called an overflow: training has blown up
PARAM_LIMIT = 1e100


@dataclass
class Divergence:
    epoch: int
    reason: str


@dataclass
class History:
    """Per-epoch records; index 0 is before any training. ``grad_norms[e]`` is (n_layers,):
    the root-mean-square over that epoch's mini-batches of ‖∂L/∂W_l‖ (Frobenius)."""

    train_loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    grad_norms: list[Array] = field(default_factory=list)
    diverged: Divergence | None = None

    @property
    def epochs(self) -> int:
        """Epochs completed."""
        return max(len(self.train_loss) - 1, 0)

    def grad_norm_matrix(self) -> Array:
        """(epochs, n_layers) gradient norms for epochs 1…n."""
        return np.array(self.grad_norms[1:]) if len(self.grad_norms) > 1 else np.zeros((0, 0))


class Trainer:
    """Mini-batch training of ``net`` on (X_train, Y_train), evaluated on the test set too."""

    def __init__(
        self,
        net: Network,
        X_train: Array,
        Y_train: Array,
        X_test: Array | None = None,
        Y_test: Array | None = None,
        optimizer: SGD | Momentum | Adam | None = None,
        batch_size: int | None = None,
        l2: float = 0.0,
        clip_norm: float = 0.0,
        seed: int = 0,
        classification: bool | None = None,
    ) -> None:
        self.net = net
        self.X = net._check(X_train, "X_train", net.sizes[0])
        self.Y = net._check(Y_train, "Y_train", net.sizes[-1])
        has_test = X_test is not None and len(X_test) > 0
        self.Xt = net._check(X_test, "X_test", net.sizes[0]) if has_test else None
        self.Yt = net._check(Y_test, "Y_test", net.sizes[-1]) if has_test else None
        self.opt = optimizer or SGD(0.1)
        self.params = net.parameters()
        self.state = self.opt.init(self.params)
        n = len(self.X)
        self.batch = n if not batch_size else max(1, min(int(batch_size), n))
        self.l2 = float(l2)
        self.clip = float(clip_norm)
        self.rng = np.random.default_rng([int(seed), 1])
        self.classification = (
            net.loss_fn.name in ("bce", "cross_entropy")
            if classification is None
            else classification
        )
        self.history = History()
        with np.errstate(all="ignore"):
            self._record(np.full(net.n_layers, np.nan))
            self._check_divergence()

    # -- evaluation -----------------------------------------------------------------------
    def _evaluate(self, X: Array, Y: Array) -> tuple[float, float]:
        trace = self.net.forward(X)
        loss = self.net.loss_fn.value(trace.pre_activations[-1], trace.output, Y)
        acc = float("nan")
        if self.classification:
            out = trace.output
            if out.shape[1] == 1:
                acc = float(np.mean((out > 0.5) == (Y > 0.5)))
            else:
                acc = float(np.mean(out.argmax(1) == Y.argmax(1)))
        return loss, acc

    def _record(self, norms: Array) -> None:
        h = self.history
        loss, acc = self._evaluate(self.X, self.Y)
        h.train_loss.append(loss)
        h.train_acc.append(acc)
        if self.Xt is not None:
            tl, ta = self._evaluate(self.Xt, self.Yt)
            h.test_loss.append(tl)
            h.test_acc.append(ta)
        h.grad_norms.append(norms)

    def _check_divergence(self) -> bool:
        h = self.history
        loss = h.train_loss[-1]
        epoch = h.epochs
        wmax = max(float(np.max(np.abs(W))) for W in self.net.weights)
        if not np.isfinite(loss):
            h.diverged = Divergence(epoch, "the loss became infinite or NaN (overflow)")
        elif loss > LOSS_LIMIT:
            h.diverged = Divergence(epoch, f"the loss overflowed past {LOSS_LIMIT:.0e}")
        elif not np.isfinite(wmax) or wmax > PARAM_LIMIT:
            h.diverged = Divergence(epoch, "the weights overflowed (became infinite or NaN)")
        return h.diverged is not None

    # -- training -------------------------------------------------------------------------
    def _batch_grads(self, X: Array, Y: Array) -> list[Array]:
        net = self.net
        L = net.n_layers
        Ws, bs = net.weights, net.biases
        zs, acts = [], [X]
        a = X
        for l in range(L):
            z, a = dense_forward(a, Ws[l], bs[l], net.output_act if l == L - 1 else net.hidden)
            zs.append(z)
            acts.append(a)
        delta = output_delta(net.loss_fn, net.output_act, zs[-1], a, Y)
        gW: list[Array] = [None] * L  # type: ignore[list-item]
        gb: list[Array] = [None] * L  # type: ignore[list-item]
        for l in range(L - 1, -1, -1):
            gW[l], gb[l], grad_a = dense_backward(delta, acts[l], Ws[l])
            if l:
                delta = hidden_delta(grad_a, zs[l - 1], acts[l], net.hidden)
        if self.l2:
            gW = [g + self.l2 * W for g, W in zip(gW, Ws)]
        return gW + gb

    def run(self, epochs: int) -> History:
        """Train ``epochs`` more epochs (fewer if it diverges) and return the history."""
        h = self.history
        if h.diverged is not None:
            return h
        n, bs, L = len(self.X), self.batch, self.net.n_layers
        with np.errstate(all="ignore"):
            for _ in range(int(epochs)):
                if bs < n:
                    order = self.rng.permutation(n)
                    Xs, Ys = self.X[order], self.Y[order]
                else:
                    Xs, Ys = self.X, self.Y
                sq = np.zeros(L)
                count = 0
                for start in range(0, n, bs):
                    grads = self._batch_grads(Xs[start : start + bs], Ys[start : start + bs])
                    sq += [np.vdot(g, g) for g in grads[:L]]  # before clipping: the raw signal
                    if self.clip:
                        grads, _ = clip_by_global_norm(grads, self.clip)
                    count += 1
                    self.opt.update(self.params, grads, self.state)
                self._record(np.sqrt(sq / count))
                if self._check_divergence():
                    break
        return h


def train(net: Network, X: Array, Y: Array, epochs: int, **kwargs: object) -> History:
    """Train ``net`` in place for ``epochs`` and return the history (see :class:`Trainer`)."""
    return Trainer(net, X, Y, **kwargs).run(epochs)  # type: ignore[arg-type]
