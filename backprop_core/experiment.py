"""From a :class:`~backprop_core.config.RunConfig` to data, a network and a trainer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import RunConfig, validate
from .datasets import Dataset, expand_features, make_dataset
from .network import Network
from .optimizers import make_optimizer
from .training import Trainer

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
    def history(self):
        return self.trainer.history

    def features_of(self, X_raw: Array) -> Array:
        return expand_features(X_raw, self.config.features)


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


def make_experiment(cfg: RunConfig) -> Experiment:
    """Data, features, network and trainer for ``cfg``, not yet trained. ``cfg`` is validated
    first (a no-op for configs from :func:`~backprop_core.config.from_params`), so a config
    built by hand — say ``RunConfig(dataset="sine")`` with the 2-D default features — works."""
    cfg, _ = validate(cfg)
    data = make_dataset(cfg.dataset, cfg.points, cfg.noise, cfg.seed, cfg.train)
    Xtr = expand_features(data.X_train, cfg.features)
    Xte = expand_features(data.X_test, cfg.features)
    trainer = Trainer(
        make_network(cfg),
        Xtr,
        data.Y_train,
        Xte,
        data.Y_test,
        optimizer=make_optimizer(cfg.optimizer, cfg.lr),
        batch_size=cfg.batch,
        l2=cfg.l2,
        clip_norm=cfg.clip,
        seed=cfg.seed,
        classification=cfg.task == "classification",
    )
    return Experiment(cfg, data, Xtr, Xte, trainer)


def run_experiment(cfg: RunConfig, epochs: int | None = None) -> Experiment:
    """``make_experiment`` then train ``cfg.epochs`` (or ``epochs``) epochs."""
    exp = make_experiment(cfg)
    exp.trainer.run(cfg.epochs if epochs is None else epochs)
    return exp
