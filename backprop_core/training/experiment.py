"""From a :class:`~backprop_core.config.RunConfig` (the Playground's settings) to data, a
network and a trainer. How far to train is not a setting but a position in the run: callers
pass the number of epochs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import multiclass
from ..config import RunConfig, validate
from ..datasets import DATASETS, Dataset, expand_features, from_points, make_dataset
from ..network import Network
from ..optimizers import make_optimizer
from .trainer import History, Trainer

Array = np.ndarray


@dataclass
class Experiment:
    config: RunConfig
    data: Dataset
    X_train: Array  # features applied
    X_test: Array
    trainer: Trainer

    @property
    def net(self) -> Network:
        return self.trainer.net

    @property
    def history(self) -> History:
        return self.trainer.history

    def features_of(self, X_raw: Array) -> Array:
        return expand_features(X_raw, self.config.features)


def dataset_of(cfg: RunConfig) -> Dataset:
    """The data a config trains on: the visitor's own points (shuffled and split by the seed),
    else the generated dataset with ``cfg.classes`` classes where it draws them."""
    own = cfg.own_points
    if own is not None:
        return from_points(own.X, own.y[:, None], own.task, cfg.seed, cfg.train, own.classes)
    classes = cfg.classes if DATASETS[cfg.dataset].max_classes > 2 else 2
    return make_dataset(cfg.dataset, cfg.points, cfg.noise, cfg.seed, cfg.train, classes)


def make_network(cfg: RunConfig) -> Network:
    return Network(
        cfg.sizes,
        hidden_activation=cfg.activation,
        output_activation=cfg.output_activation,
        loss=cfg.loss,
        init=cfg.init,
        seed=cfg.seed,
        init_scale=cfg.init_scale,
    )


def make_experiment(cfg: RunConfig, watch_shot_up: bool = False) -> Experiment:
    """Data, features, network and trainer for ``cfg``, not yet trained. ``cfg`` is validated
    first (a no-op for configs from :func:`~backprop_core.config.from_params`), so a config
    built by hand — say ``RunConfig(dataset="sine")`` with the 2-D default features — works.
    ``watch_shot_up``: also stop when the loss shoots up (see :mod:`backprop_core.divergence`)."""
    cfg, _ = validate(cfg)
    data = dataset_of(cfg)
    Xtr = expand_features(data.X_train, cfg.features)
    Xte = expand_features(data.X_test, cfg.features)
    k = cfg.n_classes
    trainer = Trainer(
        make_network(cfg),
        Xtr,
        multiclass.targets(data.Y_train, cfg.task, k),
        Xte,
        multiclass.targets(data.Y_test, cfg.task, k),
        optimizer=make_optimizer(cfg.optimizer, cfg.lr),
        batch_size=cfg.batch,
        l2=cfg.l2,
        l1=cfg.l1,
        clip_norm=cfg.clip,
        seed=cfg.seed,
        classification=cfg.task == "classification",
        watch_shot_up=watch_shot_up,
    )
    return Experiment(cfg, data, Xtr, Xte, trainer)


def run_experiment(cfg: RunConfig, epochs: int | None = None) -> Experiment:
    """``make_experiment`` then train ``epochs`` epochs (``None``: ``cfg.epochs``, while the
    config still carries one)."""
    exp = make_experiment(cfg)
    exp.trainer.run(cfg.epochs if epochs is None else epochs)
    return exp
