"""The training loop: mini-batch epochs with a per-epoch history and the divergence policy.

A :class:`Trainer` owns one network, its optimizer state and its shuffling RNG, so training
can be continued a few epochs at a time (the Playground's Play button) and gives exactly the
same numbers as training all epochs in one call. Epoch 0 of the history is the untrained net.
The forward and backward passes are the network's own (:func:`~backprop_core.network.
forward_pass`, :func:`~backprop_core.network.backward_pass`), written into kept buffers.
NumPy floating-point warnings never leak out: overflow is detected and recorded instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..divergence import Divergence, check_training
from ..network import Network, Trace, Workspace, backward_pass, forward_pass
from ..optimizers import SGD, Optimizer, clip_by_global_norm
from ..regularisation import Penalty

Array = np.ndarray


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
    # ‖g‖ of every parameter's gradient together, before clipping (RMS over the epoch's
    # batches), one per epoch from epoch 1: what a clipping threshold is compared with.
    step_norms: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        """Epochs completed: the run's position (the history holds one more entry)."""
        return max(len(self.train_loss) - 1, 0)

    def grad_norm_matrix(self) -> Array:
        """(epochs, n_layers) gradient norms for epochs 1…n."""
        return np.array(self.grad_norms[1:]) if len(self.grad_norms) > 1 else np.zeros((0, 0))


class Trainer:
    """Mini-batch training of ``net`` on (X_train, Y_train), evaluated on the test set too.

    The trainer keeps every parameter in one flat float64 buffer and puts views of it into
    ``net.weights`` / ``net.biases`` (``self.params`` lists the same views, in
    ``Network.parameters()`` order), so an optimizer update, weight decay, clipping and the
    overflow check are each one vectorised operation. Editing those arrays in place is seen by
    the next epoch; arrays *replaced* in ``net.weights`` are adopted when ``run`` next starts.
    ``watch_shot_up`` adds the policy's "loss shot up" reason to the overflow checks.
    """

    def __init__(
        self,
        net: Network,
        X_train: Array,
        Y_train: Array,
        X_test: Array | None = None,
        Y_test: Array | None = None,
        optimizer: Optimizer | None = None,
        batch_size: int | None = None,
        l2: float = 0.0,
        l1: float = 0.0,
        clip_norm: float = 0.0,
        seed: int = 0,
        classification: bool | None = None,
        watch_shot_up: bool = False,
    ) -> None:
        self.net = net
        self.X = net.check_inputs(X_train, "X_train")
        self.Y = net.check_targets(Y_train, name="Y_train")
        has_test = X_test is not None and len(X_test) > 0
        self.Xt = net.check_inputs(X_test, "X_test") if has_test else None
        self.Yt = net.check_targets(Y_test, name="Y_test") if has_test else None
        self.opt = optimizer or SGD(0.1)
        self.params: list[Array] = []
        self._flat = np.zeros(0)
        self._work = Workspace()
        self._adopt_parameters()
        self.state = self.opt.init([self._flat])
        n = len(self.X)
        self.batch = n if not batch_size else max(1, min(int(batch_size), n))
        self.penalty = Penalty(float(l2), float(l1))
        self.clip = float(clip_norm)
        self.watch_shot_up = bool(watch_shot_up)
        self.rng = np.random.default_rng([int(seed), 1])
        self.classification = (
            net.loss_fn.name in ("bce", "cross_entropy")
            if classification is None
            else classification
        )
        self._labels = self._target_labels(self.Y)
        self._test_labels = self._target_labels(self.Yt) if has_test else None
        self.history = History()
        with np.errstate(all="ignore"):
            self._record(np.full(net.n_layers, np.nan))
            self._check_divergence()

    # -- parameters -----------------------------------------------------------------------
    def _adopt_parameters(self) -> None:
        """Make ``net``'s parameters views of one flat buffer (again, if a caller replaced any)."""
        net = self.net
        current = net.parameters()
        flat = self._flat
        if len(current) == len(self.params) and all(
            p is q and p.base is flat for p, q in zip(current, self.params)
        ):
            return  # still ours (after pickling, views and buffer are separate copies)
        shapes = [np.shape(p) for p in current]
        if shapes != net.parameter_shapes():
            raise ValueError(f"parameter shapes {shapes} do not fit the network {net.sizes}")
        flat = np.concatenate([np.asarray(p, dtype=float).ravel() for p in current])
        if self._flat.size and flat.size != self._flat.size:
            raise ValueError("the number of parameters changed under the trainer")
        grad = np.empty_like(flat)
        views, grad_views, offset = [], [], 0
        for shape in shapes:
            size = math.prod(shape)
            views.append(flat[offset : offset + size].reshape(shape))
            grad_views.append(grad[offset : offset + size].reshape(shape))
            offset += size
        L = net.n_layers
        net.weights, net.biases = views[:L], views[L:]
        self.params, self._flat = views, flat
        self._grad, self._grad_views = grad, grad_views
        self._into = (grad_views[:L], grad_views[L:])  # where backward_pass writes ∂L/∂W, ∂L/∂b
        self._n_weights = sum(W.size for W in views[:L])

    # -- evaluation -----------------------------------------------------------------------
    @staticmethod
    def _target_labels(Y: Array) -> Array:
        """What accuracy compares with: y > 0.5 for one output, the argmax class otherwise."""
        return Y > 0.5 if Y.shape[1] == 1 else Y.argmax(1)

    def _evaluate(self, X: Array, Y: Array, labels: Array, use: str) -> tuple[float, float, Trace]:
        trace = forward_pass(self.net, X, self._work, use)
        out = trace.output
        loss = self.net.loss_fn.value(trace.pre_activations[-1], out, Y)
        acc = float("nan")
        if self.classification:
            hits = (out > 0.5) == labels if out.shape[1] == 1 else out.argmax(1) == labels
            acc = np.count_nonzero(hits) / hits.size
        return loss, acc, trace

    def _record(self, norms: Array) -> Trace:
        """Append this epoch's losses, accuracies and gradient norms; returns the training
        set's forward pass so a full-batch epoch can start from it."""
        h = self.history
        loss, acc, trace = self._evaluate(self.X, self.Y, self._labels, "train")
        h.train_loss.append(loss)
        h.train_acc.append(acc)
        if self.Xt is not None:
            tl, ta, _ = self._evaluate(self.Xt, self.Yt, self._test_labels, "test")
            h.test_loss.append(tl)
            h.test_acc.append(ta)
        h.grad_norms.append(norms)
        return trace

    def _check_divergence(self) -> bool:
        h = self.history
        w = self._flat[: self._n_weights]
        wsq = float(np.dot(w, w))  # ‖W‖²: inf or NaN as soon as any weight is
        h.diverged = check_training(
            h.epochs, h.train_loss[-1], wsq, h.train_loss[0], self.watch_shot_up
        )
        return h.diverged is not None

    # -- training -------------------------------------------------------------------------
    def _gradients(self, trace: Trace, Y: Array) -> Array:
        """Backpropagate one batch into the flat gradient buffer (weights then biases) and
        add the penalty's gradient to the weights' part."""
        backward_pass(self.net, trace, Y, self._into, self._work)
        if self.penalty:
            nw = self._n_weights
            self.penalty.add_gradient(self._grad[:nw], self._flat[:nw])
        return self._grad

    def run(self, epochs: int) -> History:
        """Train ``epochs`` more epochs (fewer if it diverges) and return the history."""
        h = self.history
        if h.diverged is not None:
            return h
        self._adopt_parameters()
        n, bs, L = len(self.X), self.batch, self.net.n_layers
        gW = self._grad_views[:L]
        params, state, update = [self._flat], self.state, self.opt.update
        trace = None  # the training set's forward pass at the current parameters
        with np.errstate(all="ignore"):
            for _ in range(int(epochs)):
                sq = np.zeros(L)
                total = 0.0
                count = 0
                if bs < n:
                    order = self.rng.permutation(n)
                    Xs, Ys = self.X[order], self.Y[order]
                    batches = [(Xs[i : i + bs], Ys[i : i + bs], None) for i in range(0, n, bs)]
                else:  # full batch: the last evaluation already ran this forward pass
                    batches = [(self.X, self.Y, trace)]
                for Xb, Yb, cached in batches:
                    batch_trace = cached or forward_pass(self.net, Xb, self._work, "batch")
                    grad = self._gradients(batch_trace, Yb)
                    sq += [np.vdot(g, g) for g in gW]  # before clipping: the raw signal
                    if self.clip:
                        (grad,), norm = clip_by_global_norm([grad], self.clip)
                    else:
                        norm = float(np.sqrt(np.vdot(grad, grad)))
                    total += norm * norm
                    count += 1
                    update(params, [grad], state)
                h.step_norms.append(float(np.sqrt(total / count)))
                trace = self._record(np.sqrt(sq / count))
                if self._check_divergence():
                    break
        return h


def train(net: Network, X: Array, Y: Array, epochs: int, **kwargs: object) -> History:
    """Train ``net`` in place for ``epochs`` and return the history (see :class:`Trainer`)."""
    return Trainer(net, X, Y, **kwargs).run(epochs)  # type: ignore[arg-type]
