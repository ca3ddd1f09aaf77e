"""The Learning rate & optimizers page in AppTest: every surface and optimizer, its link, hostile
links, and every "try this" hint doing what it says."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.paths import bowl_analysis, build_optimizer, run_path
from backprop_core.surfaces import SURFACE_KEYS, make_surface
from tests.app.conftest import alerts, by_label, figures, open_page
from ui.optimizers import sentences as say
from ui.optimizers.settings import OPTIMIZERS as SCHEMA

PAGE = "views/optimizers.py"


def paths(at, chart: int = 0) -> dict[str, np.ndarray]:
    """Each path trace of one figure: name -> (k + 1, 2) iterates."""
    out = {}
    for t in figures(at)[chart]["data"]:
        if t.get("mode") == "lines+markers":
            out[t["name"]] = np.column_stack([t["x"], t["y"]])
    return out


def link(at) -> dict[str, str]:
    """The page's URL parameters now."""
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def statuses(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def open_lab(**params: str):
    at = open_page(PAGE, {k: str(v) for k, v in params.items()})
    assert not at.exception, at.exception
    return at


def test_default_view_draws_every_optimizer_from_the_start():
    at = open_lab()
    got = paths(at)
    assert list(got) == ["SGD", "Momentum", "RMSprop", "Adam"]
    for pts in got.values():
        assert pts.shape == (51, 2) and tuple(pts[0]) == (-2.5, 1.5)
    assert "Try this" in at.caption[0].value and "0.25" in at.caption[0].value
    assert not alerts(at)
    assert "1 < η·b = 1.5 < 2" in "\n".join(i.value for i in at.info)


@pytest.mark.parametrize("key", SURFACE_KEYS)
def test_each_surface_draws_paths_and_its_sections(key):
    surface = make_surface(key)
    at = open_lab(surface=key, x0=surface.start[0], y0=surface.start[1], lr=surface.lr)
    got = paths(at)
    assert len(got) == 4 and all(tuple(p[0]) == surface.start for p in got.values())
    sgd = run_path(surface, build_optimizer("sgd", surface.lr, {}), surface.start, 50)
    np.testing.assert_allclose(got["SGD"], sgd.points, rtol=1e-12)
    n_charts = 5 if key == "network" else 3  # paths, losses, sweep (+ batch paths and losses)
    assert len(figures(at)) == n_charts
    assert ("Why it diverges" in [h.value for h in at.subheader]) == (key == "quadratic")


@pytest.mark.parametrize("name", ["sgd", "momentum", "rmsprop", "adam"])
def test_each_optimizer_alone_with_its_constants_from_the_link(name):
    constants = {"beta": 0.5, "rho": 0.99, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}
    at = open_lab(opts=name, lr=0.05, steps=30, **constants)
    ((label, pts),) = paths(at).items()
    assert label == {"sgd": "SGD", "momentum": "Momentum", "rmsprop": "RMSprop"}.get(name, "Adam")
    surface = make_surface("quadratic")
    ref = run_path(surface, build_optimizer(name, 0.05, constants), (-2.5, 1.5), 30)
    np.testing.assert_allclose(pts, ref.points, rtol=1e-12)


def test_moving_the_learning_rate_redraws_and_writes_the_link():
    at = open_lab()
    before = paths(at)["SGD"]
    by_label(at.select_slider, "Learning rate").set_value(0.05).run()
    after = paths(at)["SGD"]
    assert not np.allclose(before, after) and link(at)["lr"] == "0.05"
    np.testing.assert_allclose(after[:, 0], (1 - 0.05) ** np.arange(51) * -2.5, rtol=1e-12)


def test_a_link_round_trips_every_setting():
    values = {
        **SCHEMA.defaults(),
        "surface": "quadratic", "a": 2.0, "b": 50.0, "opts": ("momentum", "adam"),
        "lr": 0.015, "steps": 120, "x0": 1.25, "y0": -0.75,
        "beta": 0.8, "beta1": 0.5, "beta2": 0.99, "eps": 1e-6,
    }  # fmt: skip
    at = open_lab(**SCHEMA.to_params(values))
    assert not alerts(at)
    assert SCHEMA.parse(link(at))[0] == values
    assert by_label(at.select_slider, "Learning rate").value == 0.015
    assert list(by_label(at.multiselect, "Optimizers").value) == ["momentum", "adam"]
    assert tuple(paths(at)["Adam"][0]) == (1.25, -0.75) and len(paths(at)["Adam"]) == 121


@pytest.mark.parametrize(
    "params",
    [
        {"lr": "abc", "steps": "-5", "opts": "lbfgs", "surface": "<script>", "x0": "1e400"},
        {"a": "0", "b": "nan", "beta": "2", "eps": "-1", "batch": "0", "seed": "-3", "zz": "1"},
        {"opts": "", "steps": "9" * 40, "y0": "inf", "lr": "1e9"},
    ],
)
def test_hostile_links_give_one_warning_and_a_working_page(params):
    at = open_lab(**params)
    assert len(at.warning) == 1  # (an st.error may be the verdict: lr=1e9 → 10 diverges)
    for key in params:
        assert key in at.warning[0].value
    assert paths(at)  # the page still draws


def test_heavy_work_is_capped():
    at = open_lab(surface="network", steps=100000)
    assert "steps=100000 is outside 1…500; using 500" in at.warning[0].value
    assert all(len(p) == 501 for p in paths(at).values())
    assert any("loss after 200 steps" in c.value for c in at.caption)  # the sweep's own cap


def test_removing_every_optimizer_keeps_sgd_without_a_warning():
    at = open_lab()
    by_label(at.multiselect, "Optimizers").set_value([]).run()
    assert list(paths(at)) == ["SGD"] and not at.warning and not at.exception
    assert "No optimizer chosen: showing SGD." in [c.value for c in at.caption]


def test_switching_surface_takes_its_start_rate_and_steps():
    at = open_lab()
    by_label(at.selectbox, "Surface").set_value("rosenbrock").run()
    assert not at.exception
    r = make_surface("rosenbrock")
    assert link(at)["lr"] == repr(r.lr) and link(at)["steps"] == str(r.steps)
    assert all(tuple(p[0]) == r.start and len(p) == r.steps + 1 for p in paths(at).values())


def test_a_preset_button_moves_the_start():
    at = open_lab()
    preset = make_surface("quadratic").presets[1]
    next(b for b in at.button if b.key == "optimizers_preset_1").click().run()
    assert all(tuple(p[0]) == preset for p in paths(at).values())


# -- every "try this" does what it says --------------------------------------------------------
def test_bowl_hint_diverges_sgd_and_the_next_hint_brings_it_back():
    at = open_lab()
    by_label(at.select_slider, "Learning rate").set_value(0.25).run()
    assert "**SGD** diverged at step" in statuses(at)
    assert (
        "η·b = 2.5 > 2: the y-coordinate flips sign and grows ×1.5 per step." in at.error[0].value
    )
    assert "set **Learning rate** to 0.15" in at.caption[0].value  # the way back
    by_label(at.select_slider, "Learning rate").set_value(0.15).run()
    assert "**SGD** diverged" not in statuses(at)


def test_rosenbrock_hint():
    r = make_surface("rosenbrock")
    at = open_lab(surface="rosenbrock", x0=r.start[0], y0=r.start[1], lr=r.lr, steps=r.steps)
    assert "0.01" in at.caption[0].value
    by_label(at.select_slider, "Learning rate").set_value(0.01).run()
    text = statuses(at)
    for name in ("SGD", "Momentum"):
        step = int(text.split(f"**{name}** diverged at step ")[1].split(":")[0])
        assert step <= 3
    assert "**RMSprop** diverged" not in text and "**Adam** diverged" not in text


def test_saddle_hint_ends_sgd_on_the_saddle():
    s = make_surface("saddle")
    at = open_lab(surface="saddle", x0=s.start[0], y0=s.start[1], lr=s.lr, steps=s.steps)
    by_label(at.multiselect, "Optimizers").set_value(["sgd"]).run()
    by_label(at.number_input, "Start x₀").set_value(0.0).run()
    end = paths(at)["SGD"][-1]
    assert end[0] == 0 and abs(end[1]) < 1e-3
    assert "**SGD**: loss 0.25 after" in statuses(at)


def test_valley_hint_momentum_stops_short():
    v = make_surface("valley")
    at = open_lab(surface="valley", x0=v.start[0], y0=v.start[1], lr=v.lr, steps=v.steps)
    near = np.abs(paths(at)["Momentum"][-1]).max()
    by_label(at.select_slider, "Momentum β").set_value(0.5).run()
    short = np.abs(paths(at)["Momentum"][-1]).max()
    assert near < 0.1 < 1.0 < short


def test_network_hint_batch_one_wanders_from_full_batch():
    n = make_surface("network")
    at = open_lab(surface="network", x0=n.start[0], y0=n.start[1], lr=n.lr, steps=n.steps)

    def gap() -> float:
        got = paths(at, chart=3)
        full, mini = (got[k] for k in got)
        return float(np.abs(mini - full).max())

    assert "SGD, batch 10" in paths(at, chart=3)
    at_ten = gap()
    by_label(at.slider, "Batch size").set_value(1).run()
    assert gap() > 2 * at_ten > 0


# -- sentences (pure) ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "lr, sentence",
    [
        (0.24, "η·b = 2.4 > 2: the y-coordinate flips sign and grows ×1.4 per step."),
        (0.2, "η·b = 2 exactly: the y-coordinate flips sign every step and keeps its size "
         "for ever."),
        (0.15, "1 < η·b = 1.5 < 2: the y-coordinate flips sign every step but shrinks ×0.5: a "
         "zigzag that still converges."),
        (0.1, "η·b = 1: the y-coordinate lands on 0 in one step (factor 1 − η·b = 0)."),
        (0.05, "η·b = 0.5 < 1: the y-coordinate shrinks ×0.5 per step, keeping its sign."),
    ],
)  # fmt: skip
def test_the_verdict_is_computed_from_the_factor(lr, sentence):
    assert say.verdict(bowl_analysis(1.0, 10.0, lr, 50)) == sentence


def test_a_steeper_x_axis_is_named_as_such():
    at = open_lab(a=20.0, b=1.0, lr=0.15)
    assert "η·a = 3 > 2: the x-coordinate flips sign and grows ×2 per step." in at.error[0].value
    assert "set **Learning rate** to 0.06: η·a = 1.2 < 2" in at.caption[0].value
    assert "**SGD** diverged at step" in statuses(at)
