"""Training loop with a per-epoch history and divergence detection.

A :class:`Trainer` owns one network, its optimizer state and its shuffling RNG, so training
can be continued a few epochs at a time (the Playground's Play button) and gives exactly the
same numbers as training all epochs in one call. Epoch 0 of the history is the untrained net.
NumPy floating-point warnings never leak out: overflow is detected and recorded instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .losses import output_delta
from .network import Network, hidden_delta
from .optimizers import SGD, Adam, Momentum, clip_by_global_norm

Array = np.ndarray
LOSS_LIMIT = 1e12  # a loss above this is called an overflow: training has blown up
PARAM_LIMIT = 1e100


@dataclass
class Divergence:
    """Training stopped at ``epoch`` because of ``reason`` (a sentence for people); ``kind`` names
    it for code: ``"nan"``, ``"inf"`` (the loss), ``"loss_limit"``, ``"weights"`` or
    ``""`` when the caller did not say (the live run's blow-up rule)."""

    epoch: int
    reason: str
    kind: str = ""


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
        """Epochs completed."""
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
    """

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
        self.params: list[Array] = []
        self._flat = np.zeros(0)
        self._work: dict[tuple[object, ...], Array] = {}
        self._adopt_parameters()
        self.state = self.opt.init([self._flat])
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
        expected = [(a, b) for a, b in zip(net.sizes[:-1], net.sizes[1:])] + [
            (b,) for b in net.sizes[1:]
        ]
        if shapes != expected:
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
        self._n_weights = sum(W.size for W in views[:L])

    # -- evaluation -----------------------------------------------------------------------
    @staticmethod
    def _target_labels(Y: Array) -> Array:
        """What accuracy compares with: y > 0.5 for one output, the argmax class otherwise."""
        return Y > 0.5 if Y.shape[1] == 1 else Y.argmax(1)

    def _buffer(self, key: tuple[object, ...], shape: tuple[int, int]) -> Array:
        """A scratch array kept between epochs: rewriting warm memory beats fresh allocations.
        Each use has its own key, so e.g. the test-set pass never overwrites the training set's."""
        buf = self._work.get(key)
        if buf is None:
            buf = self._work[key] = np.empty(shape)
        return buf

    def _forward(self, X: Array, use: str) -> tuple[list[Array], list[Array]]:
        """``net.forward`` without the checks, into reused z arrays: the same operations as
        ``dense_forward``, so the same numbers."""
        net = self.net
        last = net.n_layers - 1
        zs, acts, a = [], [X], X
        for l, (W, b) in enumerate(zip(net.weights, net.biases)):
            z = np.matmul(a, W, out=self._buffer((use, l, len(X)), (len(X), W.shape[1])))
            z += b
            a = (net.output_act if l == last else net.hidden).forward(z)
            zs.append(z)
            acts.append(a)
        return zs, acts

    def _ones(self, n: int) -> Array:
        ones = self._work.get(("ones", n))
        if ones is None:
            ones = self._work[("ones", n)] = np.ones(n)
        return ones

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        state["_work"] = {}  # scratch memory is not worth pickling (st.cache_data)
        return state

    def _evaluate(
        self, X: Array, Y: Array, labels: Array, use: str
    ) -> tuple[float, float, list[Array], list[Array]]:
        zs, acts = self._forward(X, use)
        out = acts[-1]
        loss = self.net.loss_fn.value(zs[-1], out, Y)
        acc = float("nan")
        if self.classification:
            hits = (out > 0.5) == labels if out.shape[1] == 1 else out.argmax(1) == labels
            acc = np.count_nonzero(hits) / hits.size
        return loss, acc, zs, acts

    def _record(self, norms: Array) -> tuple[list[Array], list[Array]]:
        """Append this epoch's losses, accuracies and gradient norms; returns the training
        set's forward pass so a full-batch epoch can start from it."""
        h = self.history
        loss, acc, zs, acts = self._evaluate(self.X, self.Y, self._labels, "train")
        h.train_loss.append(loss)
        h.train_acc.append(acc)
        if self.Xt is not None:
            tl, ta, _, _ = self._evaluate(self.Xt, self.Yt, self._test_labels, "test")
            h.test_loss.append(tl)
            h.test_acc.append(ta)
        h.grad_norms.append(norms)
        return zs, acts

    def _check_divergence(self) -> bool:
        h = self.history
        loss = h.train_loss[-1]
        epoch = h.epochs
        w = self._flat[: self._n_weights]
        wsq = float(np.dot(w, w))  # ‖W‖²: inf or NaN as soon as any weight is
        if np.isnan(loss):
            h.diverged = Divergence(
                epoch, "the loss became NaN (an overflowed ∞ − ∞ or 0 · ∞)", "nan"
            )
        elif not np.isfinite(loss):
            h.diverged = Divergence(epoch, "the loss overflowed to infinity", "inf")
        elif loss > LOSS_LIMIT:
            h.diverged = Divergence(
                epoch, f"the loss overflowed past {LOSS_LIMIT:.0e}", "loss_limit"
            )
        elif not np.isfinite(wsq) or wsq > PARAM_LIMIT**2:
            h.diverged = Divergence(
                epoch, "the weights overflowed (became infinite or NaN)", "weights"
            )
        return h.diverged is not None

    # -- training -------------------------------------------------------------------------
    def _gradients(self, zs: list[Array], acts: list[Array], Y: Array) -> Array:
        """Backpropagate one batch into the flat gradient buffer (weights then biases) and
        add the L2 term; the same primitives as ``Network.backward``."""
        net = self.net
        L = net.n_layers
        gv = self._grad_views
        delta = output_delta(net.loss_fn, net.output_act, zs[-1], acts[-1], Y)
        for l in range(L - 1, -1, -1):
            np.matmul(acts[l].T, delta, out=gv[l])
            np.matmul(self._ones(len(delta)), delta, out=gv[L + l])  # = bias_gradient(δ)
            if l:
                W = net.weights[l]
                grad_a = np.matmul(
                    delta, W.T, out=self._buffer(("dL/da", l, len(delta)), (len(delta), W.shape[0]))
                )
                delta = hidden_delta(grad_a, zs[l - 1], acts[l], net.hidden)
        if self.l2:
            nw = self._n_weights
            self._grad[:nw] += self.l2 * self._flat[:nw]
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
                    zs, acts = cached or self._forward(Xb, "batch")
                    grad = self._gradients(zs, acts, Yb)
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
