"""What the live canvas is sent is the core's numbers: every frame of Play is the network at that
epoch, with that epoch's losses, exactly as training from scratch to it gives them."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.frames import frame
from backprop_core.training import LiveRun, train_snapshot
from tests.app.conftest import by_label, canvas, open_page
from ui.live_canvas import feed
from ui.playground.settings import DEFAULTS

PAGE = "views/playground.py"
SPIRAL_6x8 = DEFAULTS.replace(dataset="spiral", layers=(8,) * 6, points=500)


def played(cfg, batches: int, stride: int) -> list[feed.Batch]:
    run = LiveRun(cfg)
    grid = feed.grid_for(cfg)
    return [feed.play(run, grid, 10**6, 10.0, 4, stride, None) for _ in range(batches)]


@pytest.mark.parametrize("cfg", [DEFAULTS, SPIRAL_6x8], ids=["circles", "spiral 6x8"])
def test_every_frame_and_curve_point_is_the_cores_epoch(cfg):
    batches = played(cfg, 3, stride=3)
    epochs = [f.epoch for b in batches for f in b.frames]
    assert epochs == list(range(3, 37, 3))  # evenly spaced, in order, none repeated
    fresh = train_snapshot(cfg, epochs[-1])  # the same run trained in one go
    grid = feed.grid_for(cfg)
    for f in (b.frames[i] for b in batches for i in range(len(b.frames))):
        assert f.train_loss == fresh.train_loss[f.epoch] and f.test_loss == fresh.test_loss[f.epoch]
        assert f.test_acc == fresh.test_acc[f.epoch]
    last = batches[-1].frames[-1]
    picture = frame(fresh.network(), grid, last.epoch, 0.0, 0.0)
    assert np.array_equal(last.output, picture.output) and np.array_equal(last.tiles, picture.tiles)
    assert np.array_equal(last.edges, picture.edges)
    # the curve has every epoch, not only the framed ones
    curve = [(b.first + i, v) for b in batches for i, v in enumerate(b.train)]
    assert [e for e, _ in curve] == list(range(1, 37))
    assert all(v == fresh.train_loss[e] for e, v in curve)


def test_a_playing_frame_stays_within_the_byte_budget():
    """≤ 300 KB/s per playing visitor at ~40 frames/s needs frames of at most ~6 KB."""
    for cfg in (DEFAULTS, SPIRAL_6x8):
        (batch,) = played(cfg, 1, stride=1)
        message = feed.message(None, feed.run_id(cfg), feed.View(), batch.frames, True, curve=batch)
        assert len(message) / len(batch.frames) < 6_000, cfg.layers


def test_play_sends_the_batch_trained_at_the_previous_tick_in_order():
    at = open_page(PAGE, {"epochs": "0"})
    by_label(at.button, "Play").click().run()
    seen: list[int] = []
    curve_epochs: list[int] = []
    for _ in range(4):
        at.run()
        live = canvas(at)
        assert live["playing"] and live["run"] == live["info"]["id"]
        epochs = live["frames"]["epochs"]
        if not epochs:  # the tick right after Play has nothing trained yet to send
            continue
        seen += epochs
        curve = live["curve"]
        curve_epochs += range(curve["first"], curve["first"] + len(curve["train"]))
        fresh = train_snapshot(DEFAULTS.replace(epochs=0), epochs[-1])
        assert live["frames"]["train"] == [fresh.train_loss[e] for e in epochs]
        assert curve["train"] == [fresh.train_loss[e] for e in curve_epochs[-len(curve["train"]) :]]
    assert len(seen) > 4 and seen == sorted(set(seen))  # in order, none twice
    assert curve_epochs == list(range(1, curve_epochs[-1] + 1))  # every epoch, no gaps


def test_paused_the_canvas_gets_full_precision_hovers_for_every_unit_and_edge():
    at = open_page(PAGE, {"layers": "3,2", "epochs": "5"})
    live = canvas(at)
    assert not live["playing"] and live["frames"]["epochs"] == [5]
    units = live["exact"]["units"]
    assert [len(u) for u in units] == [2, 3, 2, 1]
    assert len(live["exact"]["edges"]) == 2 * 3 + 3 * 2 + 2 * 1
    assert units[1][0].startswith("layer 1, unit 1 · bias ")
    assert live["history"]["epochs"] == [0, 1, 2, 3, 4, 5]
