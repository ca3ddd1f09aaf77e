"""How fast is the vanishing & exploding lab at its largest size, 50 hidden layers × 128 units?

    python bench/bench_gradients.py

Times the same pure functions the page calls: the per-layer analysis of the fresh net
(``depth_lab.analyse`` + ``depth_lab.symmetry``, target ≤ 100 ms) and the page's full update
(``depth_lab.run_lab`` — data, net, analysis, training, analysis again, verdict — plus building
every Plotly figure, target ≤ 1 s; Streamlit's own rendering is not included). Medians over
repeats, for a vanishing (sigmoid + Xavier) and a healthy (ReLU + He) setting. A benchmark,
not a test: it prints figures and never fails on them.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from backprop_core.depth_lab import (  # noqa: E402
    DepthSettings,
    analyse,
    build_net,
    epochs_for,
    lab_data,
    run_lab,
    symmetry,
)
from ui.gradients import charts  # noqa: E402

SETTINGS = (
    DepthSettings(depth=50, width=128, activation="sigmoid", init="xavier"),
    DepthSettings(depth=50, width=128, activation="relu", init="he"),
)


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1000 * statistics.median(times)


def analysis_at_init(s: DepthSettings) -> Callable[[], object]:
    X, Y = lab_data(s)
    net = build_net(s)

    def fn():
        return analyse(net, X, Y), symmetry(net.weights, net.biases)

    return fn


def full_update(s: DepthSettings) -> Callable[[], object]:
    def fn():
        r = run_lab(s)
        a = r.at_init
        grads = [a.report.grad_norms] + ([r.trained.report.grad_norms] if r.trained else [])
        series = [(str(i), g, "#000", "solid") for i, g in enumerate(grads)]
        charts.gradient_profile(series, len(a.report.grad_norms))
        charts.gradient_heatmap(r.grad_matrix)
        charts.activation_boxes(a.box, a.report.saturated, a.report.dead, s.activation)
        charts.backward_gains(a.weight_gain, a.slope_gain)
        return r

    return fn


def main() -> None:
    # The app runs with one BLAS thread per process (app.py); time it the way it is served.
    with threadpool_limits(1, user_api="blas"):
        report()


def report() -> None:
    print("Gradients lab, 50 × 128, one BLAS thread (as app.py serves it)")
    for s in SETTINGS:
        name = f"{s.activation} + {s.init}"
        init_ms = median_ms(analysis_at_init(s), repeats=15)
        full_ms = median_ms(full_update(s), repeats=5)
        print(f"  {name:16s} analysis at init {init_ms:7.1f} ms (target ≤ 100 ms)")
        print(
            f"  {name:16s} full page update  {full_ms:7.1f} ms (target ≤ 1000 ms; "
            f"{epochs_for(s)} epochs of full-batch training)"
        )


if __name__ == "__main__":
    main()
