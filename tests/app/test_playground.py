"""The Playground under AppTest: URL <-> widgets, bad links, divergence, Step / Reset, charts."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest

from tests.app.conftest import alerts, by_label, canvas, figures, open_page
from ui.format import fmt

PAGE = "views/playground.py"
LINK = {
    "dataset": "moons",
    "noise": "0.2",
    "points": "300",
    "train": "0.6",
    "features": "x1,x2,x1x2",
    "layers": "4,4",
    "activation": "relu",
    "init": "he",
    "lr": "0.1",
    "optimizer": "adam",
    "batch": "20",
    "l2": "0.001",
    "l1": "0.0003",
    "classes": "2",
    "data": "",
    "showtest": "0",
    "discretize": "1",
    "stop_loss": "0.05",
    "stop_acc": "0.9",
    "epochs": "30",
    "seed": "7",
}


def status(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Epoch"))


def epoch_shown(at) -> int:
    return int(re.match(r"\*\*Epoch (\d+)\*\*", status(at)).group(1))


def train_loss_shown(at) -> str:
    return re.search(r"train loss \*\*([^*]+)\*\*", status(at)).group(1)


def url(at) -> dict[str, str]:
    """The page's query parameters as plain strings."""
    return {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}


def button(at, label: str):
    return by_label(at.button, label)


def figure_titled(at, prefix: str) -> dict:
    for fig in figures(at):
        title = (fig["layout"].get("title") or {}).get("text") or ""
        if title.startswith(prefix):
            return fig
    raise AssertionError(f"no figure titled {prefix!r}")


def values(trace_axis) -> np.ndarray:
    """A trace's x or y as floats, whether sent as a list or as base64 ``bdata``."""
    if isinstance(trace_axis, dict) and "bdata" in trace_axis:
        return np.frombuffer(base64.b64decode(trace_axis["bdata"]), dtype=trace_axis["dtype"])
    return np.array([np.nan if v is None else v for v in trace_axis], dtype=float)


def values_2d(z) -> np.ndarray:
    if isinstance(z, dict) and "bdata" in z:
        flat = np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"])
        shape = z.get("shape", len(flat))
        dims = [int(d) for d in str(shape).strip("()[]").split(",") if d.strip()]
        return flat.reshape(dims)
    return np.array([[np.nan if v is None else v for v in row] for row in z], dtype=float)


def test_default_view_runs_and_shows_every_chart():
    at = open_page(PAGE)
    assert not at.exception
    assert not alerts(at)
    assert epoch_shown(at) == 100
    titles = [(f["layout"].get("title") or {}).get("text") for f in figures(at)]
    for t in ("Loss", "Accuracy", "Gradient size"):
        assert any(x and x.startswith(t) for x in titles), titles
    # + the per-weight gradient grids and the train and test confusion matrices
    assert len(figures(at)) == 6
    live = canvas(at)  # the network and the boundary: the live canvas, paused at epoch 100
    assert live["info"]["sizes"] == [2, 4, 2, 1] and not live["playing"]
    assert live["info"]["boundaryTitle"].startswith("Decision boundary")
    assert live["frames"]["epochs"] == [100]
    assert f"train loss **{fmt(live['frames']['train'][0])}**" in status(at)
    assert url(at)["layers"] == "4,2"
    assert url(at)["epochs"] == "100"


def test_link_sets_every_widget_and_comes_back_unchanged():
    at = open_page(PAGE, LINK)
    assert not at.exception
    assert not alerts(at)
    assert by_label(at.selectbox, "Dataset").value == "moons"
    assert by_label(at.slider, "Noise").value == pytest.approx(0.2)
    assert by_label(at.number_input, "Points").value == 300
    assert by_label(at.slider, "Train share").value == pytest.approx(0.6)
    assert by_label(at.multiselect, "Input features").value == ["x1", "x2", "x1x2"]
    assert by_label(at.text_input, "Hidden layers").value == "4,4"
    assert by_label(at.selectbox, "Activation").value == "relu"
    assert by_label(at.selectbox, "Initialisation").value == "he"
    assert by_label(at.select_slider, "Learning rate").value == pytest.approx(0.1)
    assert by_label(at.selectbox, "Optimizer").value == "adam"
    assert by_label(at.number_input, "Batch size").value == 20
    assert by_label(at.select_slider, "L2 regularisation").value == pytest.approx(0.001)
    assert by_label(at.select_slider, "L1 regularisation").value == pytest.approx(0.0003)
    assert by_label(at.slider, "Classes").value == 2
    assert by_label(at.toggle, "Show test data").value is False
    assert by_label(at.toggle, "Discretize output").value is True
    assert by_label(at.select_slider, "Stop at loss").value == pytest.approx(0.05)
    assert by_label(at.select_slider, "Stop at accuracy").value == pytest.approx(0.9)
    assert by_label(at.number_input, "Epochs").value == 30
    assert by_label(at.number_input, "Seed").value == 7
    assert epoch_shown(at) == 30
    assert url(at) == LINK


def test_learning_rate_from_a_link_joins_the_slider_options():
    at = open_page(PAGE, {"lr": "0.0123"})
    lr = by_label(at.select_slider, "Learning rate")
    assert lr.value == pytest.approx(0.0123)
    assert 0.0123 in lr.options or "0.0123" in lr.options


def test_garbage_link_gives_one_warning_and_falls_back():
    at = open_page(
        PAGE, {"lr": "abc", "layers": "999", "activation": "foo", "seed": "-1", "colour": "red"}
    )
    assert not at.exception
    assert len(at.warning) == 1
    text = at.warning[0].value
    for word in ("lr=", "999", "activation=", "seed=-1", "colour"):
        assert word in text, text
    assert by_label(at.select_slider, "Learning rate").value == pytest.approx(0.03)
    assert by_label(at.selectbox, "Activation").value == "tanh"
    assert by_label(at.text_input, "Hidden layers").value == "8"  # clamped to 8 units
    assert url(at)["lr"] == "0.03"  # the URL is cleaned up
    assert "colour" not in url(at)


@pytest.mark.parametrize(
    "params",
    [
        {"points": "1e9", "epochs": "99999999", "layers": "8,8,8,8,8,8,8,8,8"},
        {"lr": "nan", "noise": "inf", "batch": "0", "train": "-3"},
        {"features": "x9,,", "dataset": "", "init": "<script>", "l2": "1e400"},
    ],
)
def test_hostile_links_never_raise(params):
    at = open_page(PAGE, params)
    assert not at.exception
    assert len(at.warning) == 1
    assert epoch_shown(at) >= 0


def test_learning_rate_10_on_spiral_says_where_and_why_it_diverged():
    at = open_page(PAGE, {"dataset": "spiral", "lr": "10"})
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    msg = errors[0]
    assert re.search(r"diverged at epoch \d+", msg), msg
    assert "with learning rate 10" in msg and "try below 1" in msg
    assert epoch_shown(at) < 100  # training stopped there
    loss = figure_titled(at, "Loss")
    ys = values(loss["data"][0]["y"])
    assert np.isfinite(ys).sum() >= 2  # the curve up to there, never a blank chart
    assert loss["layout"]["shapes"], "a marker where training stopped"
    assert by_label(at.button, "Play").disabled  # nothing left to play


def test_step_adds_one_epoch_and_matches_a_fresh_link():
    at = open_page(PAGE)
    button(at, "Step").click().run()
    assert epoch_shown(at) == 101
    assert url(at)["epochs"] == "101"
    button(at, "Step").click().run()
    assert epoch_shown(at) == 102
    stepped = train_loss_shown(at)
    fresh = open_page(PAGE, url(at))
    assert epoch_shown(fresh) == 102
    assert train_loss_shown(fresh) == stepped


def test_reset_goes_back_to_the_untrained_network():
    at = open_page(PAGE)
    trained = train_loss_shown(at)
    button(at, "Reset").click().run()
    assert epoch_shown(at) == 0
    assert url(at)["epochs"] == "0"
    assert train_loss_shown(at) != trained
    assert by_label(at.number_input, "Epochs").value == 0


def test_typing_epochs_trains_to_that_epoch():
    at = open_page(PAGE)
    by_label(at.number_input, "Epochs").set_value(40).run()
    assert epoch_shown(at) == 40
    assert url(at)["epochs"] == "40"


def test_moving_the_learning_rate_retrains_and_updates_the_url():
    at = open_page(PAGE)
    before = values(figure_titled(at, "Loss")["data"][0]["y"])
    by_label(at.select_slider, "Learning rate").set_value(0.1).run()
    # the canvas reports when it has drawn the new run, and the charts follow; AppTest has no
    # browser to report (tests/e2e does), so a full run draws them
    assert canvas(at)["report"]
    at.run()
    after = values(figure_titled(at, "Loss")["data"][0]["y"])
    assert url(at)["lr"] == "0.1"
    assert len(after) == len(before)
    assert not np.allclose(before, after)


def test_typed_layers_are_normalised_with_a_note():
    at = open_page(PAGE)
    by_label(at.text_input, "Hidden layers").set_value("3, 5 ,99").run()
    assert by_label(at.text_input, "Hidden layers").value == "3,5,8"
    assert url(at)["layers"] == "3,5,8"
    assert any("99" in a for a in alerts(at))
    assert not at.exception


def test_sine_is_regression_with_a_fitted_curve():
    at = open_page(PAGE)
    by_label(at.selectbox, "Dataset").set_value("sine").run()
    assert not at.exception
    assert by_label(at.multiselect, "Input features").value == ["x1"]
    info = canvas(at)["info"]
    assert info["task"] == "curve" and info["boundaryTitle"].startswith("Fitted curve")
    xs = np.linspace(-6, 6, info["n"])
    assert np.allclose(info["truth"], np.sin(xs), atol=1e-4)  # sin x, dashed behind the fit
    assert "accuracy" not in status(at)


def test_share_box_holds_the_full_link():
    at = open_page(PAGE, LINK)
    link = next(c.value for c in at.code if "?" in c.value)
    for k, v in LINK.items():  # the settings model keeps commas readable: layers=4,4
        assert f"{k}={v}" in link, (k, link)


def test_edges_toggle_shows_gradients_in_the_network():
    at = open_page(PAGE)
    weights = canvas(at)
    assert weights["exact"]["edges"][0].startswith("w(x₁ → 1.1) = ")
    by_label(at.toggle, "Edges show gradients ∂L/∂w").set_value(True).run()
    grads = canvas(at)
    assert grads["view"]["edgeLabel"] == "∂L/∂w"
    assert grads["exact"]["edges"][0].startswith("∂L/∂w(x₁ → 1.1) = ")
    assert weights["blob"] != grads["blob"]  # the edges drawn changed with them


def test_gradient_grids_have_one_block_per_layer_with_the_right_shapes():
    at = open_page(PAGE, {"layers": "3,5"})
    grids = figures(at)[-3]  # then the two confusion matrices
    (trace,) = grids["data"]
    z = values_2d(trace["z"])
    assert z.shape == (5, 3 + 1 + 5 + 1 + 1)  # blocks 2×3, 3×5, 5×1 with a gap column between
    assert np.isfinite(z[:2, 0:3]).all() and np.isnan(z[2:, 0:3]).all()
    assert np.isfinite(z[:3, 4:9]).all() and np.isnan(z[:, 3]).all()
    assert np.nanmax(np.abs(z)) == pytest.approx(1.0)  # each block on its own scale
    titles = [a["text"] for a in grids["layout"]["annotations"]]
    assert titles == ["W₁", "W₂", "W₃"]
    assert "∂L/∂w x₁ → h₁,₁ = " in trace["text"][0][0] and "‖∂L/∂W‖" in trace["text"][0][0]


def test_a_setting_changed_while_playing_restarts_at_epoch_0_and_keeps_playing():
    at = open_page(PAGE)
    button(at, "Play").click().run()
    before = int(url(at)["epochs"])
    assert before > 100  # one batch of Play trained on from the default's epoch 100
    by_label(at.selectbox, "Dataset").set_value("spiral").run()
    assert not at.exception
    # One batch's worth of the spiral from epoch 0: fewer epochs than 100 + one batch's
    # worth (before the fix it was trained to the old epoch first, then played on).
    assert int(url(at)["epochs"]) < before
    live = canvas(at)
    assert live["playing"] and live["info"]["id"] == live["run"]  # the new run, whole
    assert by_label(at.button, "Pause")  # still playing


def test_after_a_divergence_reset_lets_you_step_up_to_the_blow_up():
    at = open_page(PAGE, {"lr": "10"})
    assert button(at, "Play").disabled and button(at, "Step").disabled
    diverged_at = int(re.search(r"diverged at epoch (\d+)", at.error[0].value).group(1))
    button(at, "Reset").click().run()
    assert epoch_shown(at) == 0 and not at.error
    assert not button(at, "Play").disabled and not button(at, "Step").disabled
    for e in range(1, diverged_at):
        button(at, "Step").click().run()
        assert url(at)["epochs"] == str(e) and not at.error
    button(at, "Step").click().run()
    assert f"diverged at epoch {diverged_at}" in at.error[0].value


def test_divergence_says_what_the_rule_measured():
    at = open_page(PAGE, {"lr": "10"})
    msg = at.error[0].value
    assert "training loss rose to" in msg and "4× its starting" in msg, msg
    assert "Test accuracy can still read" in msg  # why a high accuracy is no contradiction


def test_the_epoch_cap_is_explained_in_the_visitors_terms():
    at = open_page(PAGE, {"epochs": "3000"})
    (info,) = [i.value for i in at.info]
    assert "Stopped at epoch 3000" in info and "larger batch size" in info, info
    assert "a link can replay quickly" not in info


def test_bad_hidden_layers_give_one_message_naming_what_was_used():
    at = open_page(PAGE)
    by_label(at.text_input, "Hidden layers").set_value("20, 0, abc").run()
    (warning,) = at.warning
    lines = [line for line in warning.value.splitlines() if line.startswith("- ")]
    assert len(lines) == 1, lines
    assert "'abc'" in lines[0] and "using 4,2" in lines[0]
    assert by_label(at.text_input, "Hidden layers").value == "4,2"


def test_gradient_grids_have_a_colour_scale_and_each_blocks_size():
    grids = figures(open_page(PAGE))[-3]
    (trace,) = grids["data"]
    assert trace["showscale"] is True
    assert trace["colorbar"]["ticktext"] == ["−largest", "0", "+largest"]
    ticks = grids["layout"]["xaxis"]["ticktext"]
    assert len(ticks) == 3 and all(t.startswith("±") for t in ticks)


@pytest.mark.parametrize("dataset", ["circles", "xor", "spiral"])
def test_the_canvas_is_told_which_points_are_test_points_and_each_class_colour(dataset):
    at = open_page(PAGE, {"dataset": dataset})
    info = canvas(at)["info"]
    points = info["points"]
    n_test = sum(points["test"])
    assert n_test == 100 and len(points["x"]) == 200  # the default 200 points, half for test
    assert points["test"] == [False] * 100 + [True] * 100  # drawn as diamonds: shape, not colour
    assert set(points["c"]) == {0, 1} and len(info["colours"]["classes"]) == 2


def test_every_chart_hides_the_plotly_toolbar():
    at = open_page(PAGE)
    configs = [json.loads(c.proto.config) for c in at.get("plotly_chart")]
    assert configs and all(c.get("displayModeBar") is False for c in configs)


def test_play_stops_at_the_first_epoch_that_meets_the_loss_target_and_says_so():
    at = open_page(PAGE, {"epochs": "0", "stop_loss": "0.3", "lr": "0.3"})
    for _ in range(40):
        if not any(b.label == "Pause" for b in at.button) and epoch_shown(at) > 0:
            break
        if any(b.label == "Play" for b in at.button):
            button(at, "Play").click().run()
        else:
            at.run()
    e = epoch_shown(at)
    (done,) = at.success
    assert f"Stopped at epoch {e}: the training loss reached" in done.value
    losses = values(figure_titled(at, "Loss")["data"][0]["y"])  # training loss up to epoch e
    assert losses[e] <= 0.3 and (losses[:e] > 0.3).all()
    assert url(at)["epochs"] == str(e)


def test_more_classes_set_the_preset_and_learn_a_3_class_spiral():
    at = open_page(PAGE, {"dataset": "spiral"})
    by_label(at.slider, "Classes").set_value(3).run()
    assert not at.exception
    assert any("more than two classes" in w for w in alerts(at))
    assert by_label(at.text_input, "Hidden layers").value == "8,8"
    assert url(at)["classes"] == "3" and url(at)["optimizer"] == "adam"
    (table,) = at.dataframe
    assert table.value["class"].tolist() == ["0", "1", "2", "all"]
    assert float(table.value["train accuracy"].iloc[-1].rstrip(" %")) >= 90
    counts = [np.array(f["data"][0]["text"]) for f in figures(at)[-2:]]
    assert [c.sum() for c in counts] == [100, 100]  # the split sizes


def test_a_pasted_csv_trains_and_its_link_gives_the_same_loss():
    csv = "x1,x2,label\n" + "\n".join(f"{(i % 7) - 3},{(i % 5) - 2},{i % 3}" for i in range(30))
    at = open_page(PAGE)
    by_label(at.text_area, "…or paste CSV text").input(csv)
    by_label(at.button, "Load the pasted CSV").click().run()
    assert not at.exception
    link = url(at)
    assert link["data"].startswith("c")
    status_here = status(at)
    again = open_page(PAGE, link)
    assert status(again) == status_here  # same losses to the last digit shown
    mine = "Your data: 30 points: 10 of class 0, 10 of class 1, 10 of class 2"
    assert any(c.value.startswith(mine) for c in again.caption)


def test_drawing_mode_makes_the_boundary_chart_clickable_over_the_whole_plane():
    at = open_page(PAGE)

    assert canvas(at)["view"]["draw"] is False
    by_label(at.toggle, "Draw points").set_value(True).run()
    assert not at.exception
    live = canvas(at)
    assert live["view"]["draw"] is True and live["info"]["extent"] == 6
    # Chromium clicks it: tests/e2e/test_playground.py


def test_a_pasted_regression_csv_fits_a_curve_with_rmse_and_r2_and_no_sine():
    at = open_page(PAGE)
    rows = "\n".join(f"{i / 5 - 3:.1f},{(i % 7) / 7:.3f}" for i in range(30))
    by_label(at.text_area, "…or paste CSV text").input("x,y\n" + rows)
    by_label(at.button, "Load the pasted CSV").click().run()
    assert not at.exception and not alerts(at)
    info = canvas(at)["info"]
    assert info["boundaryTitle"] == "Fitted curve ŷ(x)" and info["truth"] is None  # no sin x
    assert [m.label for m in at.metric] == [
        "RMSE (training)",
        "R² (training)",
        "RMSE (test)",
        "R² (test)",
    ]
    assert by_label(at.toggle, "Draw points").proto.disabled


def test_the_network_draws_one_output_unit_per_class_above_two():
    at = open_page(PAGE, {"dataset": "spiral", "classes": "3", "layers": "8,8"})
    live = canvas(at)
    assert live["info"]["sizes"][-1] == 3 and live["info"]["task"] == "multi"
    outputs = live["exact"]["units"][-1]
    assert [u.split(" · ")[0] for u in outputs] == [
        "output Class 0 (blue)",
        "output Class 1 (orange)",
        "output Class 2 (green)",
    ]
    tiles = live["frames"]["bytes"][1]  # 16 hidden units and 3 outputs, one tile each
    assert tiles == (16 + 3) * live["info"]["tile"] ** 2
