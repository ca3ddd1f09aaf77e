"""How fast is one training step of backprop_core, and how does it compare with PyTorch eager?

    python bench/bench_core.py

One step = forward + loss + backward + plain gradient-descent update, float64, through the
public API (``net.forward``, ``net.loss``, ``net.backward``, ``net.step``). When torch is
importable the same step runs in PyTorch eager on the CPU in the same process: float64 tensors,
``loss.backward()`` and an in-place ``p -= lr * p.grad`` under ``no_grad`` (the cheapest eager
update; ``torch.optim.SGD`` only adds overhead), with ``torch.set_num_threads`` set to the number
of threads NumPy's BLAS uses, so both get the same cores. Every figure is the median over many
repeats, NumPy and torch timed in alternating blocks (see ``per_call``). Set
OPENBLAS_NUM_THREADS=1 to compare both on one thread. A benchmark, not a test: it prints
figures and never fails on them.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from backprop_core import Network, Trainer, make_dataset, make_optimizer  # noqa: E402

try:  # optional: the comparison runs only when torch is installed
    import torch
except ImportError:
    torch = None


@dataclass(frozen=True)
class Case:
    label: str
    sizes: tuple[int, ...]
    hidden: str
    output: str
    loss: str
    init: str
    batch: int
    lr: float


CASES = (
    Case("2-2-2 sigmoid / mse, batch 1", (2, 2, 2), "sigmoid", "sigmoid", "mse", "xavier", 1, 0.1),
    Case(
        "2-8-8-1 tanh / sigmoid+bce, batch 200",
        (2, 8, 8, 1),
        "tanh",
        "sigmoid",
        "bce",
        "xavier",
        200,
        0.1,
    ),
    Case(
        "2-[64 x 20]-1 relu / sigmoid+bce, batch 256",
        (2, *[64] * 20, 1),
        "relu",
        "sigmoid",
        "bce",
        "he",
        256,
        1e-3,
    ),
)


def blas_threads() -> int:
    """Threads NumPy's BLAS will use: the usual environment variables, else the usable cores."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        value = os.environ.get(var, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def data_for(case: Case, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(case.batch, case.sizes[0]))
    if case.loss == "mse":
        Y = rng.uniform(size=(case.batch, case.sizes[-1]))
    else:
        Y = (rng.uniform(size=(case.batch, case.sizes[-1])) > 0.5).astype(float)
    return X, Y


def numpy_step(case: Case) -> Callable[[], None]:
    net = Network(case.sizes, case.hidden, case.output, case.loss, case.init, seed=0)
    X, Y = data_for(case)

    def step() -> None:
        trace = net.forward(X)
        net.loss(trace, Y)
        net.step(net.backward(trace, Y), case.lr)

    return step


def torch_step(case: Case) -> Callable[[], None]:
    """The same network, initial weights and data in PyTorch eager (float64)."""
    net = Network(case.sizes, case.hidden, case.output, case.loss, case.init, seed=0)
    X, Y = (torch.from_numpy(a) for a in data_for(case))
    Ws = [torch.tensor(W, requires_grad=True) for W in net.weights]
    bs = [torch.tensor(b, requires_grad=True) for b in net.biases]
    params = Ws + bs
    hidden = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[case.hidden]
    F = torch.nn.functional
    lr = case.lr

    def step() -> None:
        a = X
        for W, b in zip(Ws[:-1], bs[:-1]):
            a = hidden(a @ W + b)
        z = a @ Ws[-1] + bs[-1]
        if case.loss == "bce":
            loss = F.binary_cross_entropy_with_logits(z, Y)
        else:
            loss = F.mse_loss(torch.sigmoid(z), Y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None

    return step


SETTLE = 0.25  # s: long enough for an idle BLAS / OpenMP worker to stop spinning and sleep


def per_call(fns: list[Callable[[], None]], budget: float = 1.0, blocks: int = 5) -> list[float]:
    """Median seconds per call of each of ``fns`` over ``blocks`` × 7 timed rounds.

    Blocks alternate between the functions, so a busy spell on this shared machine hits NumPy
    and torch alike; before each block the process sleeps briefly so the other library's
    worker threads, which spin for a while after their last job, are not competing for the
    two cores while this one is timed."""
    rounds = 7
    inner = []
    for fn in fns:
        for _ in range(5):
            fn()
        t0 = time.perf_counter()
        fn()
        once = max(time.perf_counter() - t0, 1e-7)
        inner.append(max(1, int(budget / len(fns) / (blocks * rounds) / once)))
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(blocks):
        for fn, n, seen in zip(fns, inner, samples):
            if len(fns) > 1:
                time.sleep(SETTLE)
            fn()
            for _ in range(rounds):
                t0 = time.perf_counter()
                for _ in range(n):
                    fn()
                seen.append((time.perf_counter() - t0) / n)
    return [statistics.median(seen) for seen in samples]


def trainer_500_epochs(repeats: int = 15) -> tuple[float, float]:
    """Median ms of ``Trainer.run(500)``: 2-8-8-1 tanh/sigmoid+bce, full batch, SGD, on circles
    with 200 points (100 train + 100 test, both evaluated every epoch); also the final loss."""
    data = make_dataset("circles", 200, noise=0.1, seed=0, train_fraction=0.5)
    times, final = [], float("nan")
    for _ in range(repeats):
        net = Network([2, 8, 8, 1], "tanh", "sigmoid", "bce", "xavier", seed=0)
        trainer = Trainer(
            net,
            data.X_train,
            data.Y_train,
            data.X_test,
            data.Y_test,
            optimizer=make_optimizer("sgd", 0.3),
        )
        t0 = time.perf_counter()
        history = trainer.run(500)
        times.append(time.perf_counter() - t0)
        final = history.train_loss[-1]
    return statistics.median(times) * 1e3, final


def main() -> None:
    threads = blas_threads()
    print(f"backprop_core bench: numpy {np.__version__}, {threads} BLAS thread(s), float64")
    if torch is not None:
        torch.set_num_threads(threads)
        print(f"torch {torch.__version__} eager on CPU, torch.set_num_threads({threads})")
    else:
        print("torch is not installed: NumPy figures only")
    print()
    header = f"{'one training step':46} {'numpy':>10}"
    print(header + (f" {'torch':>10} {'torch/numpy':>12}" if torch is not None else ""))
    for case in CASES:
        if torch is None:
            (t_np,) = per_call([numpy_step(case)])
            print(f"{case.label:46} {t_np * 1e6:8.1f}µs")
        else:
            t_np, t_torch = per_call([numpy_step(case), torch_step(case)], budget=2.0)
            print(
                f"{case.label:46} {t_np * 1e6:8.1f}µs {t_torch * 1e6:8.1f}µs"
                f" {t_torch / t_np:11.2f}x"
            )
    print()
    ms, final = trainer_500_epochs()
    print(
        f"Trainer: 500 full-batch epochs of 2-8-8-1 on 200 points (100 train + 100 test): "
        f"{ms:.1f} ms (target < 50 ms); final train loss {final:.4f}"
    )
    if (ROOT / "bench" / "bench_gradients.py").exists():
        try:
            import bench_gradients
        except ImportError as exc:
            print(f"\nbench_gradients.py could not be imported: {exc}")
        else:
            print()
            bench_gradients.main()


if __name__ == "__main__":
    main()
