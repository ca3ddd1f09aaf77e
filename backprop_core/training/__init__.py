"""Training: the loop (:mod:`.trainer`), the Playground's settings turned into a run
(:mod:`.experiment`), a run paused, stepped and resumed (:mod:`.live`) and what a page draws
from it (:mod:`.probe`). The forward/backward passes are the network's own; when a run has
diverged is :mod:`backprop_core.divergence`'s call."""

from ..divergence import Divergence
from .experiment import make_experiment, make_network, run_experiment
from .live import LiveRun, Snapshot, train_snapshot
from .probe import PLANE, Probe, batch_gradients, network_gradients, plane_points, probe
from .trainer import History, Trainer, train

__all__ = [
    "PLANE",
    "Divergence",
    "History",
    "LiveRun",
    "Probe",
    "Snapshot",
    "Trainer",
    "batch_gradients",
    "make_experiment",
    "make_network",
    "network_gradients",
    "plane_points",
    "probe",
    "run_experiment",
    "train",
    "train_snapshot",
]
