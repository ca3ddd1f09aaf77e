"""Moved to :mod:`backprop_core.training.experiment`; this name stays only until
backprop_core/depth_lab.py, backprop_core/practice/concepts.py and tests/core/test_stopping.py
import from there."""

from .training.experiment import Experiment, make_experiment, make_network, run_experiment

__all__ = ["Experiment", "make_experiment", "make_network", "run_experiment"]
