"""The vanishing & exploding lab under AppTest: controls, verdicts, remedies, URL, compare."""

from __future__ import annotations

import itertools

import pytest

from tests.app.conftest import alerts, by_label, figures, open_page

PAGE = "views/gradients.py"


@pytest.fixture
def lab():
    at = open_page(PAGE)
    assert not at.exception, [e.value for e in at.exception]
    return at


def set_controls(at, **values):
    """Set controls by label, e.g. ``Depth=30, Activation="relu"``, then rerun once."""
    widgets = [*at.slider, *at.select_slider, *at.selectbox, *at.number_input, *at.toggle]
    for name, value in values.items():
        by_label(widgets, name.replace("_", " ")).set_value(value)
    return at.run()


def verdicts(at) -> list[str]:
    return (
        [e.value for e in at.error] + [w.value for w in at.warning] + [s.value for s in at.success]
    )


def profile(at) -> dict:
    """The gradient-norm-per-layer figure (the first chart on the page)."""
    return figures(at)[0]


def test_default_opens_on_a_vanishing_sigmoid_net(lab):
    assert any(v.startswith("**Vanishing:**") for v in verdicts(lab))
    assert by_label(lab.selectbox, "Activation").value == "sigmoid"
    assert len(profile(lab)["data"][0]["x"]) == by_label(lab.slider, "Depth").value + 1


@pytest.mark.parametrize(
    ("controls", "kind"),
    [
        ({"Depth": 30}, "**Vanishing:**"),
        ({"Activation": "relu", "Initialisation": "large"}, "**Exploding:**"),
        ({"Depth": 30, "Activation": "relu", "Initialisation": "he"}, "**Healthy:**"),
        ({"Initialisation": "zeros"}, "**Symmetric:**"),
    ],
)
def test_verdicts(lab, controls, kind):
    set_controls(lab, **controls)
    assert not lab.exception
    shown = verdicts(lab)
    assert any(v.startswith(kind) for v in shown), shown
    if kind == "**Healthy:**":
        assert lab.success and not lab.error


def test_control_grid_runs_without_exception(lab):
    grid = itertools.product(
        [2, 12], ["sigmoid", "relu", "tanh", "leaky_relu"], ["zeros", "small", "he", "large"]
    )
    for depth, activation, init in grid:
        set_controls(lab, Depth=depth, Activation=activation, Initialisation=init)
        assert not lab.exception, (depth, activation, init, [e.value for e in lab.exception])
        assert verdicts(lab), (depth, activation, init)


def test_second_grid_of_the_other_controls(lab):
    grid = itertools.product([4, 128], [0.1, 10.0], [0.0, 1.0], [0.001, 1.0], ["xor", "sine"])
    for width, scale, clip, lr, dataset in grid:
        set_controls(
            lab,
            Width=width,
            **{"Init scale ×": scale},
            Gradient_clipping=clip,
            Learning_rate=lr,
            Dataset=dataset,
        )
        assert not lab.exception, (width, scale, clip, lr, dataset)
    set_controls(lab, Seed=7, Depth=50, Width=128)
    assert not lab.exception


def test_remedy_buttons_set_the_controls(lab):
    by_label(lab.button, "ReLU + He init").click()
    lab.run()
    assert by_label(lab.selectbox, "Activation").value == "relu"
    assert by_label(lab.selectbox, "Initialisation").value == "he"
    assert any(v.startswith("**Healthy:**") for v in verdicts(lab))
    by_label(lab.button, "Clip gradients at 1").click()
    lab.run()
    assert by_label(lab.select_slider, "Gradient clipping").value == 1.0
    set_controls(lab, Activation="tanh", Initialisation="small")
    by_label(lab.button, "Xavier init").click()
    lab.run()
    assert by_label(lab.selectbox, "Initialisation").value == "xavier"


def test_changing_depth_changes_the_gradient_chart(lab):
    before = profile(lab)["data"][0]
    set_controls(lab, Depth=20)
    after = profile(lab)["data"][0]
    assert len(before["x"]) == 11 and len(after["x"]) == 21


def test_zero_init_shows_the_symmetry_numbers(lab):
    set_controls(lab, Initialisation="zeros")
    text = " ".join(m.value for m in lab.markdown)
    assert "1 distinct unit" in text and "exactly zero" in text
    table = lab.dataframe[0].value
    assert (table.filter(like="distinct after").iloc[:, 0] == 1).all()


def test_overflow_is_explained_not_drawn_empty(lab):
    set_controls(lab, Depth=50, Width=128, Activation="relu", Initialisation="large")
    assert not lab.exception
    assert any("No epoch could be trained" in e for e in alerts(lab))
    for fig in figures(lab):
        assert fig["data"], "a chart without any trace"


def test_url_reproduces_the_view():
    at = open_page(PAGE, {"depth": "17", "activation": "tanh", "init": "he", "lr": "0.1"})
    assert not at.exception
    assert by_label(at.slider, "Depth").value == 17
    assert by_label(at.selectbox, "Activation").value == "tanh"
    assert by_label(at.select_slider, "Learning rate").value == 0.1
    assert at.query_params["depth"] in ("17", ["17"])


@pytest.mark.parametrize(
    "params",
    [
        {"depth": "9999", "width": "-4", "lr": "nan", "init": "<script>", "seed": "1e99"},
        {"compare": "maybe", "b_init": "ones", "activation": "softmax", "clip": "inf"},
        {"init_scale": "1e308", "dataset": "", "unknown": "x" * 500},
    ],
)
def test_garbage_urls_warn_and_never_crash(params):
    at = open_page(PAGE, params)
    assert not at.exception, [e.value for e in at.exception]
    assert any("ignored or adjusted" in w.value for w in at.warning)
    assert figures(at)


def test_compare_mode_shows_both_settings_side_by_side(lab):
    set_controls(lab, Compare_two_settings=True)
    assert not lab.exception
    heads = [h.value for h in lab.subheader]
    assert any(h.startswith("A · Sigmoid") for h in heads)
    assert any(h.startswith("B · ReLU") for h in heads)
    shown = verdicts(lab)
    assert any(v.startswith("**Vanishing:**") for v in shown)
    assert any(v.startswith("**Healthy:**") for v in shown)
    set_controls(lab, **{"Activation (B)": "tanh", "Initialisation (B)": "xavier"})
    assert not lab.exception
    assert any(h.value.startswith("B · Tanh") for h in lab.subheader)
