"""Backprop Lab's engine: pure NumPy forward, loss, backward and update, one stage at a time.

Never imports streamlit or plotly; everything here is a function of its inputs and a seed.
The names below are the ones pages and tests import from the package itself; everything else
is imported from its own module (``backprop_core.divergence``, ``backprop_core.training``, ...).
"""

from .activations import ACTIVATIONS, HIDDEN_ACTIVATIONS, get_activation
from .chain_rule import chain_rule
from .config import LIMITS, Limits, RunConfig, from_params, validate
from .datasets import DATASETS, FEATURES, expand_features, make_dataset
from .diagnostics import growth_per_layer, layer_report
from .gradcheck import numerical_gradient, numerical_partial, rel_error
from .initialisers import INITIALISERS, get_initialiser
from .losses import LOSSES, get_loss, valid_losses
from .network import Network
from .optimizers import OPTIMIZERS, Adam, Momentum, clip_by_global_norm, make_optimizer
from .stepper import StepRun, run_step, stage_names
from .training import Trainer, make_experiment, run_experiment, train

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "FEATURES",
    "HIDDEN_ACTIVATIONS",
    "INITIALISERS",
    "LIMITS",
    "LOSSES",
    "OPTIMIZERS",
    "Adam",
    "Limits",
    "Momentum",
    "Network",
    "RunConfig",
    "StepRun",
    "Trainer",
    "chain_rule",
    "clip_by_global_norm",
    "expand_features",
    "from_params",
    "get_activation",
    "get_initialiser",
    "get_loss",
    "growth_per_layer",
    "layer_report",
    "make_dataset",
    "make_experiment",
    "make_optimizer",
    "numerical_gradient",
    "numerical_partial",
    "rel_error",
    "run_experiment",
    "run_step",
    "stage_names",
    "train",
    "valid_losses",
    "validate",
]
