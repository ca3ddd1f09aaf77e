"""The generated NumPy script, run as a separate program, prints the engine's numbers."""

from __future__ import annotations

import ast
import subprocess
import sys

import numpy as np
import pytest

from backprop_core.practice import NumericQuestion, make_question, numpy_script


def cases() -> list[tuple[int, int]]:
    """(seed, level) of the first questions that together use every output + loss pairing and
    every hidden activation, at every level: four scripts cover every line the generator writes."""
    need = {("sigmoid", "mse"), ("linear", "mse"), ("sigmoid", "bce"), ("softmax", "cross_entropy")}
    hidden: set[str] = set()
    found = []
    for seed in range(200):
        level = 1 + seed % 3
        net = make_question(seed, "loss_after", level).net
        pair = (net.output_act.name, net.loss_fn.name)
        if pair in need and (net.hidden.name not in hidden or len(need) == 1):
            need.discard(pair)
            hidden.add(net.hidden.name)
            found.append((seed, level))
        if not need:
            return found
    raise AssertionError(f"no seed under 200 gives {need}")


CASES = cases()


def printed(script: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    values = {}
    for line in out.splitlines():
        name, value = line.split(" = ", 1)
        values[name] = ast.literal_eval(value)
    return values


@pytest.mark.parametrize(("seed", "level"), CASES)
def test_the_script_prints_the_pages_numbers(seed: int, level: int):
    q = make_question(seed, "loss_after", level)
    assert isinstance(q, NumericQuestion)
    script = numpy_script(q.problem)
    assert "backprop_core" not in script and "import numpy as np" in script
    assert len([line for line in script.splitlines() if line.strip()]) <= 36
    got = printed(script)
    run = q.run

    def same(mine, theirs):
        for a, b in zip(mine, theirs, strict=True):
            np.testing.assert_allclose(np.array(a), b, rtol=1e-10, atol=1e-13)

    same(got["z"], run.trace.pre_activations)
    same(got["a"], run.trace.activations[1:])
    same(got["delta"], run.grads.deltas)
    same(got["dW"], run.grads.weights)
    same(got["db"], run.grads.biases)
    same(got["W_new"], run.new_weights)
    same(got["b_new"], run.new_biases)
    assert got["loss"] == pytest.approx(run.loss, rel=1e-10)
    assert got["loss_after"] == pytest.approx(run.loss_after, rel=1e-10)
