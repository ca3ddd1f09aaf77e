"""Practice questions: reproducible from a seed, graded against the engine's own numbers, with
the classic slips recognised and a worked solution whose arithmetic gives its own numbers."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from backprop_core import Network, numerical_partial, run_step
from backprop_core.practice import (
    CONCEPT_KINDS,
    KINDS,
    NUMERIC_KINDS,
    SEED_MAX,
    ConceptQuestion,
    NumericQuestion,
    grade,
    kind_for,
    make_question,
    next_seed,
    value_of,
)

SEEDS = (0, 1, 7, 12345)


def numeric(kind: str, seed: int, level: int) -> NumericQuestion:
    q = make_question(seed, kind, level)
    assert isinstance(q, NumericQuestion)
    return q


# -- reproducible ----------------------------------------------------------------------------
@pytest.mark.parametrize("level", [1, 2, 3])
def test_the_same_seed_gives_the_same_question(level: int):
    for kind in NUMERIC_KINDS:
        a, b = numeric(kind, 42, level), numeric(kind, 42, level)
        assert a.target == b.target and a.answer == b.answer
        assert a.net.sizes == b.net.sizes and a.net.hidden.name == b.net.hidden.name
        for x, y in zip(a.net.weights + a.net.biases, b.net.weights + b.net.biases):
            assert np.array_equal(x, y)
        assert np.array_equal(a.problem.X, b.problem.X)
        assert np.array_equal(a.problem.Y, b.problem.Y)
    for kind in CONCEPT_KINDS:
        a, b = make_question(42, kind), make_question(42, kind)
        assert (a.options, a.answer, a.setting) == (b.options, b.answer, b.setting)


def test_any_kind_is_the_kind_the_seed_picks():
    for seed in range(12):
        kind = kind_for(seed)
        q = make_question(seed)
        assert q.kind == kind and q.answer == make_question(seed, kind).answer


def test_200_seeds_cover_every_kind_without_an_exception():
    seen = set()
    for seed in range(200):
        q = make_question(seed, level=1 + seed % 3)
        seen.add(q.kind)
        if isinstance(q, NumericQuestion):
            assert math.isfinite(q.answer) and abs(q.answer) >= 1e-3
        else:
            assert q.answer in q.options and len(set(q.options)) == len(q.options)
    assert seen == set(KINDS)
    assert len(KINDS) >= 12


def test_next_seed_walks_the_same_way_for_everyone():
    walk = [0]
    for _ in range(20):
        walk.append(next_seed(walk[-1]))
    assert walk == [0, *(next_seed(s) for s in walk[:-1])]
    assert len(set(walk)) == len(walk)
    assert all(0 <= s <= SEED_MAX for s in walk)


def test_levels_are_the_announced_networks():
    for level, (depth, batch) in {1: (1, 1), 2: (2, 1), 3: (2, 2)}.items():
        for seed in SEEDS:
            q = numeric("grad_w_hidden", seed, level)
            sizes = q.net.sizes
            assert sizes[0] == 2 and sizes[1:-1] == [2] * depth and sizes[-1] in (1, 2)
            assert q.problem.X.shape == (batch, 2)
            for p in [q.problem.X, *q.net.weights, *q.net.biases]:
                assert np.array_equal(p, np.round(p, 2))  # two decimals: doable by hand


# -- the answer is the engine's -------------------------------------------------------------
@pytest.mark.parametrize("kind", NUMERIC_KINDS)
def test_the_answer_is_the_engines_number(kind: str):
    for seed in SEEDS:
        q = numeric(kind, seed, 1 + seed % 3)
        p = q.problem
        run = run_step(p.net, p.X, p.Y, p.lr)
        assert q.answer == value_of(q.target, run)
        t = q.target
        if kind in ("grad_w_out", "grad_w_hidden"):  # and the finite-difference oracle agrees
            fd = numerical_partial(p.net, p.X, p.Y, t.layer, (t.src, t.unit))
            assert fd == pytest.approx(q.answer, rel=1e-6, abs=1e-9)
        if kind == "grad_b":
            fd = numerical_partial(p.net, p.X, p.Y, t.layer, (t.unit,), kind="bias")
            assert fd == pytest.approx(q.answer, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("kind", NUMERIC_KINDS)
def test_grading_right_wrong_and_slips(kind: str):
    for seed in SEEDS:
        q = numeric(kind, seed, 1 + seed % 3)
        assert grade(q.answer, q.answer, q.slips).correct
        assert grade(float(f"{q.answer:.4g}"), q.answer, q.slips).correct  # 4 digits suffice
        off = grade(q.answer * 1.05, q.answer, q.slips)
        assert not off.correct and off.rel_error == pytest.approx(0.05)
        for slip in q.slips:
            v = grade(slip.value, q.answer, q.slips)
            assert not v.correct and slip.key in v.slips


def test_classic_slips_have_the_values_of_the_mistake():
    """Checked by hand on the textbook sigmoid + MSE net (two inputs, two hidden, two outputs)."""
    q = next(
        q
        for s in range(400)
        for q in [numeric("output_delta", s, 1)]
        if q.net.output_act.name == "sigmoid" and q.net.loss_fn.name == "mse"
    )
    t, run = q.target, q.run
    y_hat = run.trace.output[0, t.unit]
    y = q.problem.Y[0, t.unit]
    n = q.problem.Y.size
    expected = 2 * (y_hat - y) / n * y_hat * (1 - y_hat)
    assert q.answer == pytest.approx(expected, rel=1e-12)
    slips = {s.key: s.value for s in q.slips}
    assert slips["half_mse"] == pytest.approx((y_hat - y) / n * y_hat * (1 - y_hat))
    assert slips["forgot_output_slope"] == pytest.approx(2 * (y_hat - y) / n)
    assert slips["sign"] == pytest.approx(-expected)
    s_a = 1 / (1 + math.exp(-y_hat))
    assert slips["slope_at_a"] == pytest.approx(2 * (y_hat - y) / n * s_a * (1 - s_a))
    if n > 1:
        assert slips["forgot_mean"] == pytest.approx(expected * n)


def test_update_slips():
    q = numeric("weight_update", 3, 1)
    t, p = q.target, q.problem
    w = p.net.weights[t.layer][t.src, t.unit]
    g = q.run.grads.weights[t.layer][t.src, t.unit]
    assert q.answer == pytest.approx(w - p.lr * g)
    slips = {s.key: s.value for s in q.slips}
    assert slips["uphill"] == pytest.approx(w + p.lr * g)
    assert slips["gave_change"] == pytest.approx(-p.lr * g)
    if not math.isclose(p.lr, 1.0):
        assert slips["forgot_lr"] == pytest.approx(w - g)


# -- the worked solution ---------------------------------------------------------------------
def _frac(s: str) -> str:
    """\\frac{A}{B} -> ((A)/(B)), innermost braces matched by counting."""
    while (i := s.find(r"\frac{")) >= 0:
        parts, j = [], i + len(r"\frac")
        for _ in range(2):
            depth, k = 0, j
            while True:
                depth += {"{": 1, "}": -1}.get(s[k], 0)
                if depth == 0:
                    break
                k += 1
            parts.append(s[j + 1 : k])
            j = k + 1
        s = s[:i] + f"(({parts[0]})/({parts[1]}))" + s[j:]
    return s


def evaluate(numbers: str, values: list[float]) -> float:
    """The value of a step's LaTeX-with-numbers: the page's arithmetic, done again."""
    s = numbers
    for k, v in enumerate(values):
        s = s.replace(f"⟦{k}⟧", f"({v!r})")
    s = _frac(s)
    for a, b in [(r"\cdot", "*"), (r"\big(", "("), (r"\big)", ")"), (r"\sigma", "sig"),
                 (r"\tanh", "tanh"), (r"\mathrm{relu}", "relu"), (r"\ln", "log"),
                 ("^2", "**2"), (r"[\,", "("), (r"\,]", ")")]:  # fmt: skip
        s = s.replace(a, b)
    s = re.sub(r"e\^\{([^{}]*)\}", r"exp(\1)", s)
    s = re.sub(r"([)\d])\s*(log|sig|tanh|\()", r"\1*\2", s)  # y ln ŷ, a(1 − a), 2(ŷ − y)
    names = {"sig": lambda z: 1 / (1 + math.exp(-z)), "tanh": math.tanh, "exp": math.exp,
             "relu": lambda z: max(z, 0.0), "log": math.log}  # fmt: skip
    return float(eval(s, {"__builtins__": {}}, names))  # our own generated text, in a test


@pytest.mark.parametrize("kind", NUMERIC_KINDS)
def test_every_solution_step_adds_up_to_its_number(kind: str):
    for seed in SEEDS:
        q = numeric(kind, seed, 1 + seed % 3)
        steps = q.solution.steps
        assert steps and q.solution.answer == q.answer
        assert steps[-1].value == pytest.approx(q.answer, rel=1e-12)
        for step in steps:
            got = evaluate(step.numbers, [f.value for f in step.factors])
            assert got == pytest.approx(step.value, rel=1e-9, abs=1e-12), (step.symbol, step)


def test_solution_factors_are_the_engines_numbers():
    q = numeric("grad_w_hidden", 5, 1)
    run = q.run
    values = {round(v, 12) for v in np.concatenate([a.ravel() for a in run.trace.activations])}
    values |= {round(v, 12) for v in np.concatenate([d.ravel() for d in run.grads.deltas])}
    values |= {round(v, 12) for p in q.net.weights + q.net.biases for v in p.ravel()}
    for step in q.solution.steps:
        for f in step.factors:
            if f.symbol.startswith(("x_", "a_", r"\hat y", r"\delta", "w_", "b_")):
                assert round(f.value, 12) in values, f


# -- concept questions -----------------------------------------------------------------------
def test_concept_answers_come_from_their_experiments():
    for seed in SEEDS:
        v = make_question(seed, "vanishing")
        assert v.answer == "first" and np.argmin(v.evidence["grad_rms"]) == 0
        z = make_question(seed, "zero_init")
        assert z.answer == "1" and z.evidence["distinct_xavier"] > 1
        r = make_question(seed, "relu_init")
        assert r.answer == "he"
        e = make_question(seed, "exploding")
        assert e.answer == "clip" and e.evidence["norm_after"]["clip"] <= 1.0 + 1e-9
        assert e.evidence["norm_before"] > 10
        c = make_question(seed, "cost")
        assert c.evidence["fd_passes"] == 2 * c.setting["parameters"]
        assert c.evidence["backprop_passes"] == 1 and c.evidence["agreement"] < 1e-5
        lr = make_question(seed, "learning_rate")
        losses = lr.evidence["losses"]
        assert sum(not np.isfinite(v[-1]) or v[-1] > v[0] for v in losses.values()) == 1
        s = make_question(seed, "saturated")
        assert s.answer == "bce" and abs(s.evidence["delta_bce"]) > abs(s.evidence["delta_mse"])
        u = make_question(seed, "sgd_updates")
        assert u.evidence["updates"] == math.ceil(u.setting["points"] / u.setting["batch"])
        assert make_question(seed, "backward_order").answer == "output"


def test_options_are_shuffled_by_the_seed():
    for kind in CONCEPT_KINDS:
        orders = {make_question(seed, kind).options for seed in range(5)}
        assert len(orders) > 1, kind
        q = make_question(0, kind)
        assert isinstance(q, ConceptQuestion) and q.answer in q.options


def test_bad_kind_or_level_is_refused():
    with pytest.raises(ValueError, match="unknown kind"):
        make_question(1, "nope")
    with pytest.raises(ValueError, match="level"):
        make_question(1, "loss", 9)


def test_the_network_is_an_ordinary_engine_network():
    q = numeric("loss", 9, 2)
    assert isinstance(q.net, Network)
    assert q.answer == q.net.loss(q.net.forward(q.problem.X), q.problem.Y)
