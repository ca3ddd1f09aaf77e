"""Frames carry the core's own numbers: decoding a packed frame gives back the network's output,
its units' activations and its weights at the stated precision."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.frames import Grid, frame, make_grid, pack, unit_interval
from backprop_core.network import Network


def _net(sizes, hidden="tanh", output="sigmoid", loss="bce"):
    return Network(sizes, hidden_activation=hidden, output_activation=output, loss=loss, seed=3)


def _decode(packed, key, dtype):
    """One part of a packed batch, as the browser slices it."""
    head, blob = packed
    sizes = dict(zip(("output", "tiles", "edges"), head["bytes"]))
    start = {"output": 0, "tiles": sizes["output"], "edges": sizes["output"] + sizes["tiles"]}
    return np.frombuffer(blob[start[key] : start[key] + sizes[key]], dtype)


def test_a_binary_frame_decodes_to_the_networks_own_output_and_tiles():
    net = _net([2, 4, 2, 1])
    grid = make_grid(("x1", "x2"), one_d=False, hidden_units=6)
    f = frame(net, grid, epoch=7, train_loss=0.5, test_loss=0.25)
    data = pack([f, f])
    acts = net.forward(grid.features).activations
    out = _decode(data, "output", np.uint8).reshape(2, grid.n, grid.n)[1] / 255
    assert np.abs(out - acts[-1][:, 0].reshape(grid.n, grid.n)).max() <= 0.5 / 255 + 1e-12
    tiles = _decode(data, "tiles", np.uint8).reshape(2, 6, grid.tile, grid.tile)[0]
    step = grid.n // grid.tile
    unit3 = acts[1][:, 3].reshape(grid.n, grid.n)[::step, ::step]
    assert np.abs(tiles[3] / 127.5 - 1 - unit3).max() <= 0.5 / 127.5 + 1e-12
    w = _decode(data, "edges", np.int8).reshape(2, -1)[0] * f.scale / 127
    flat = np.concatenate([x.ravel() for x in net.weights])
    assert np.abs(w - flat).max() <= f.scale / 254 + 1e-12
    assert data[0]["epochs"] == [7, 7] and data[0]["train"] == [0.5, 0.5]
    assert len(data[1]) == sum(data[0]["bytes"])


def test_a_multiclass_frame_holds_the_winning_class_and_its_confidence():
    net = _net([2, 5, 3], output="softmax", loss="cross_entropy")
    grid = make_grid(("x1", "x2"), one_d=False, hidden_units=5)
    f = frame(net, grid, 0, 1.0, 1.0)
    probs = net.forward(grid.features).activations[-1]
    assert f.output.shape == (2, grid.n, grid.n)
    assert np.array_equal(f.output[0].ravel(), np.argmax(probs, axis=1))
    conf = (probs.max(axis=1) - 1 / 3) / (2 / 3)
    assert np.abs(f.output[1].ravel() / 255 - conf).max() <= 0.5 / 255 + 1e-12


def test_a_1d_frame_is_the_fitted_curve_in_float32():
    net = _net([1, 6, 1], output="linear", loss="mse")
    grid = make_grid(("x1",), one_d=True, hidden_units=6)
    f = frame(net, grid, 0, 1.0, float("nan"))
    assert f.output.dtype == np.float32 and f.output.shape == (grid.n,)
    assert np.allclose(f.output, net.forward(grid.features).activations[-1][:, 0], rtol=1e-6)
    assert f.tiles.shape == (6, grid.tile)
    assert pack([f])[0]["test"] == [None]


@pytest.mark.parametrize(
    ("units", "tile"), [(6, 20), (8, 20), (12, 10), (32, 10), (48, 8), (400, 8)]
)
def test_tiles_shrink_to_keep_a_frame_small(units, tile):
    grid = make_grid(("x1", "x2"), one_d=False, hidden_units=units)
    assert isinstance(grid, Grid) and grid.tile == tile


def test_unbounded_units_are_scaled_by_their_largest_magnitude_and_overflow_stays_finite():
    a = np.array([[1.0, 0.0, np.inf], [-4.0, 0.0, 1.0]])
    v = unit_interval(a, "relu")
    assert v[:, 0].tolist() == [0.25, -1.0] and v[:, 1].tolist() == [0.0, 0.0]
    assert np.isfinite(v).all()
    net = _net([2, 3, 1])
    net.weights[0][:] = np.nan
    f = frame(net, make_grid(("x1", "x2"), False, 3), 1, float("inf"), float("nan"))
    assert pack([f])[0]["train"] == [None] and np.isfinite(f.scale)


def test_edges_can_show_gradients_instead_of_weights():
    net = _net([2, 3, 1])
    grads = [np.full_like(w, -0.5) for w in net.weights]
    grads[1][0, 0] = 2.0
    f = frame(net, make_grid(("x1", "x2"), False, 3), 0, 1.0, 1.0, edges=grads)
    assert f.scale == 2.0 and f.edges[6] == 127 and f.edges[0] == round(-0.25 * 127)
