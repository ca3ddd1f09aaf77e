"""The vanishing & exploding lab under AppTest: controls, verdicts, remedies, URL, compare."""

from __future__ import annotations

import itertools
from urllib.parse import parse_qsl, urlsplit

import pytest

from backprop_core.depth_lab import DepthSettings, run_lab
from tests.app.conftest import alerts, by_label, figures, open_page
from ui.format import fmt

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


def captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_compare_mode_with_b_equal_to_a_draws_both_columns(lab):
    """Issue 11 #1: depth 30 -> "ReLU + He init" -> compare made B = A and raised
    StreamlitDuplicateElementId."""
    set_controls(lab, Depth=30)
    by_label(lab.button, "ReLU + He init").click()
    lab.run()
    set_controls(lab, Compare_two_settings=True)
    assert not lab.exception, [e.value for e in lab.exception]
    heads = [h.value for h in lab.subheader]
    assert "A · ReLU + He / Kaiming" in heads and "B · ReLU + He / Kaiming" in heads
    assert any("B is the same setting as A" in i.value for i in lab.info)
    assert len(figures(lab)) == 6  # profile, loss and activations in each column


def test_clipping_names_the_early_end_and_what_it_prevented(lab):
    """Issue 10 #5 and the clipping lesson: ReLU + Large init with clipping at 1 reaches a loss
    of exactly 0 at epoch 109; the lines stop there, and the page says so and why."""
    set_controls(lab, Activation="relu", Initialisation="large", Gradient_clipping=1.0)
    assert not lab.exception
    r = run_lab(DepthSettings(activation="relu", init="large", clip=1.0))
    e, c = r.ending, r.clipping
    notes = " ".join(i.value for i in lab.info)
    assert f"Early end at epoch {e.epoch}: the training loss is exactly 0" in notes
    assert f"From epoch {e.quiet} every gradient is exactly 0 too" in notes
    names = [t["name"] for t in profile(lab)["data"]]
    assert not any("after" in n for n in names), names  # an all-zero line has no legend entry
    assert f"after {r.history.epochs} epochs is exactly 0 in layers 1–11" in captions(lab)
    text = " ".join(m.value for m in lab.markdown)
    assert f"in **{c.n_clipped} of {c.steps} steps**" in text
    assert f"‖g‖ before clipping was **{fmt(c.largest)}**" in text
    assert "The same seed without clipping: training diverged at epoch 1" in text
    v = next(x for x in verdicts(lab) if x.startswith("**Exploding, clipped:**"))
    assert f"scaled the gradient down in {c.n_clipped} of {c.steps} steps" in v
    assert "Training ran all 200 epochs without overflowing" in v
    clip_chart = next(f for f in figures(lab) if f["data"][0]["name"] == "‖g‖ before clipping")
    assert clip_chart["layout"]["shapes"][0]["y0"] == 1.0  # the threshold line


def test_exploding_without_clipping_names_clipping_as_the_remedy(lab):
    set_controls(lab, Activation="relu", Initialisation="large")
    v = next(x for x in verdicts(lab) if x.startswith("**Exploding:**"))
    assert "Gradient clipping" in v and "direct remedy" in v
    assert "Training then blew up at epoch 1" in v
    assert any("Training stopped at epoch 1 (overflow)" in e.value for e in lab.error)


def test_zero_init_says_which_points_and_layers_are_zero(lab):
    """Issue 10 #7: the "at init" line is one point and the text said "the weights did move"
    while weight layers 1-4 have ‖W‖ = 0."""
    set_controls(lab, Initialisation="zeros")
    assert "‖∂L/∂W_l‖ at init is exactly 0 in layers 1–10" in captions(lab)
    assert "so only 1 of 11 is drawn" in captions(lab)
    text = " ".join(m.value for m in lab.markdown)
    assert "The weights did move" not in text
    w = run_lab(DepthSettings(init="zeros")).symmetry_trained.weight_norms
    still = [i + 1 for i in range(len(w)) if w[i] == 0]
    assert still == [1, 2, 3, 4]
    assert "Weight layers 1–4 did not move at all (‖W_l‖ = 0 exactly)" in text
    assert "Weight layers 5–11 moved" in text


def test_verdict_names_each_ratio_and_the_layers(lab):
    """Issue 10 #6: one sentence quoted a ‖∂L/∂W‖ ratio, the next a δ ratio, unnamed; hidden
    layers 1 and 30 were ticked "input" and "output"."""
    set_controls(lab, Depth=30)
    v = next(x for x in verdicts(lab) if x.startswith("**Vanishing:**"))
    assert "‖δ‖ at hidden layer 1 is" in v and "‖δ‖ at hidden layer 30" in v
    assert "‖∂L/∂W‖ of weight layer 1 (input → hidden 1)" in v
    assert "weight layer 31 (hidden 30 → output)" in v
    boxes = next(f for f in figures(lab) if "xaxis2" in f["layout"])  # boxes over shares
    ticks = " ".join(boxes["layout"]["xaxis2"]["ticktext"])
    assert "input" not in ticks and "output" not in ticks and "30<br>last" in ticks


def test_exploding_relu_names_delta_and_the_button_says_it_resets_the_scale(lab):
    """Issue 11 #7: ReLU + He at ×10 said "the gradient grows ×10.1 per layer" while ‖∂L/∂W_l‖
    is flat; "He init" was offered on a net already He-initialised."""
    set_controls(lab, Activation="relu", Initialisation="he", **{"Init scale ×": 10.0})
    v = next(x for x in verdicts(lab) if x.startswith("**Exploding:**"))
    assert "the gradient grows" not in v
    assert "the error signal δ = ∂L/∂z grows ×" in v
    assert "‖∂L/∂W‖ of weight layer 1 (input → hidden 1)" in v and ": level, because" in v
    labels = [b.label for b in lab.button]
    assert "He init" not in labels and "Init scale back to ×1" in labels
    by_label(lab.button, "Init scale back to ×1").click()
    lab.run()
    assert by_label(lab.select_slider, "Init scale ×").value == 1.0
    assert by_label(lab.selectbox, "Initialisation").value == "he"


def test_the_share_link_reproduces_the_view_both_columns_included(lab):
    """Issue 12: the lab's "Share this view" box. Its link, opened by someone else, draws the
    same verdicts and the same numbers — B's settings of a comparison included."""
    set_controls(lab, Depth=17, Activation="relu", Initialisation="large", Gradient_clipping=1.0)
    set_controls(lab, Compare_two_settings=True, Seed=5)
    set_controls(lab, **{"Activation (B)": "tanh", "Initialisation (B)": "xavier"})
    assert not lab.exception
    link = next(c.value for c in lab.code if "?" in c.value)
    params = dict(parse_qsl(urlsplit(link).query))
    assert params["b_activation"] == "tanh" and params["compare"] == "1" and params["seed"] == "5"
    other = open_page(PAGE, params)
    assert not other.exception
    assert not any("ignored or adjusted" in w.value for w in other.warning)
    assert verdicts(other) == verdicts(lab)
    assert figures(other) == figures(lab)
    assert [h.value for h in other.subheader] == [h.value for h in lab.subheader]
