"""Backprop Lab's engine: pure NumPy forward, loss, backward and update, one stage at a time.

Never imports streamlit or plotly; everything here is a function of its inputs and a seed.
"""

from .activations import ACTIVATIONS, HIDDEN_ACTIVATIONS, Activation, get_activation
from .chain_rule import ChainRule, chain_rule
from .config import LIMITS, Limits, RunConfig, from_params, validate
from .datasets import DATASETS, FEATURES, Dataset, expand_features, make_dataset
from .diagnostics import LayerReport, growth_per_layer, layer_report
from .experiment import Experiment, make_experiment, make_network, run_experiment
from .gradcheck import numerical_gradient, numerical_partial, rel_error
from .initialisers import INITIALISERS, get_initialiser
from .losses import LOSSES, get_loss, valid_losses
from .network import Gradients, Network, Trace
from .optimizers import OPTIMIZERS, Adam, Momentum, clip_by_global_norm, make_optimizer
from .stepper import Stage, StepRun, run_step, stage_names
from .training import Divergence, History, Trainer, train

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "FEATURES",
    "HIDDEN_ACTIVATIONS",
    "INITIALISERS",
    "LIMITS",
    "LOSSES",
    "OPTIMIZERS",
    "Activation",
    "Adam",
    "ChainRule",
    "Dataset",
    "Divergence",
    "Experiment",
    "Gradients",
    "History",
    "LayerReport",
    "Limits",
    "Momentum",
    "Network",
    "RunConfig",
    "Stage",
    "StepRun",
    "Trace",
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
    "make_network",
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
