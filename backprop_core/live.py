"""Moved to :mod:`backprop_core.training` (the live run and what a page draws from it); this name
stays only until ui/playground.py and ui/playground_charts.py import from there."""

from .training import (
    PLANE,
    LiveRun,
    Probe,
    Snapshot,
    batch_gradients,
    plane_points,
    probe,
    train_snapshot,
)

__all__ = [
    "PLANE",
    "LiveRun",
    "Probe",
    "Snapshot",
    "batch_gradients",
    "plane_points",
    "probe",
    "train_snapshot",
]
