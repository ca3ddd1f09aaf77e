"""RunConfig: exact round trips, clamping with a message, and garbage that never raises."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import (
    DATASETS,
    FEATURES,
    HIDDEN_ACTIVATIONS,
    INITIALISERS,
    LIMITS,
    OPTIMIZERS,
    Limits,
    RunConfig,
    from_params,
    make_experiment,
    validate,
)
from backprop_core.config import FLOAT_RANGES, SEED_MAX
from backprop_core.datasets import usable_features

FIELDS = [f.name for f in dataclasses.fields(RunConfig)]


def assert_valid(cfg: RunConfig, limits: Limits = LIMITS) -> None:
    """Everything a page or the trainer may rely on without checking again."""
    assert cfg.dataset in DATASETS
    assert cfg.activation in HIDDEN_ACTIVATIONS
    assert cfg.init in INITIALISERS
    assert cfg.optimizer in OPTIMIZERS
    for key, (lo, hi) in FLOAT_RANGES.items():
        value = getattr(cfg, key)
        assert isinstance(value, float) and math.isfinite(value) and lo <= value <= hi, key
    for key in ("points", "batch", "epochs", "seed"):
        assert type(getattr(cfg, key)) is int, key
    assert 10 <= cfg.points <= limits.max_points
    assert 1 <= cfg.batch <= cfg.n_train < cfg.points
    assert 0 <= cfg.epochs <= cfg.max_affordable_epochs(limits) <= limits.max_epochs
    assert 0 <= cfg.seed <= SEED_MAX
    assert isinstance(cfg.layers, tuple) and len(cfg.layers) <= limits.max_layers
    assert all(type(u) is int and 1 <= u <= limits.max_units for u in cfg.layers)
    assert isinstance(cfg.features, tuple) and cfg.features
    assert cfg.features == usable_features(cfg.features, DATASETS[cfg.dataset].n_inputs)
    # and validating again changes nothing: the config is a fixed point
    assert validate(cfg, limits) == (cfg, [])


@st.composite
def configs(draw: st.DrawFn) -> RunConfig:
    """Any config the widgets could produce, made valid by ``validate``."""

    def in_range(key: str) -> float:
        lo, hi = FLOAT_RANGES[key]
        return draw(st.floats(lo, hi, allow_nan=False))

    cfg = RunConfig(
        dataset=draw(st.sampled_from(sorted(DATASETS))),
        noise=in_range("noise"),
        points=draw(st.integers(10, LIMITS.max_points)),
        train=in_range("train"),
        features=tuple(f for f in FEATURES if f in draw(st.sets(st.sampled_from(sorted(FEATURES)))))
        or ("x1",),
        layers=tuple(draw(st.lists(st.integers(1, LIMITS.max_units), max_size=6))),
        activation=draw(st.sampled_from(HIDDEN_ACTIVATIONS)),
        init=draw(st.sampled_from(sorted(INITIALISERS))),
        init_scale=in_range("init_scale"),
        lr=in_range("lr"),
        optimizer=draw(st.sampled_from(sorted(OPTIMIZERS))),
        batch=draw(st.integers(1, LIMITS.max_points)),
        l2=in_range("l2"),
        clip=in_range("clip"),
        epochs=draw(st.integers(0, LIMITS.max_epochs)),
        seed=draw(st.integers(0, SEED_MAX)),
    )
    return validate(cfg)[0]


@settings(max_examples=150)
@given(configs())
def test_round_trip_through_url_params_is_exact(cfg):
    params = cfg.to_params()
    assert set(params) == set(FIELDS)
    assert all(isinstance(v, str) for v in params.values())
    again, problems = from_params(params)
    assert problems == []
    assert again == cfg
    assert again.to_params() == params


@settings(max_examples=100)
@given(configs())
def test_round_trip_through_plain_dicts(cfg):
    d = cfg.to_dict()
    assert all(not isinstance(v, tuple) for v in d.values())  # JSON-friendly
    assert RunConfig.from_dict(d) == cfg
    assert RunConfig.from_dict({**d, "not_a_field": 1}) == cfg
    assert_valid(cfg)


def test_defaults_are_valid_and_absent_keys_take_defaults():
    cfg, problems = from_params({})
    assert cfg == RunConfig() and problems == []
    assert_valid(cfg)
    base = RunConfig(dataset="spiral", lr=0.5)
    assert from_params({"seed": "3"}, defaults=base)[0] == base.replace(seed=3)


@pytest.mark.parametrize(
    "params, field, value, fragment",
    [
        ({"lr": "100"}, "lr", 10.0, "outside"),
        ({"lr": "0"}, "lr", 1e-4, "outside"),
        ({"lr": "-1e-3"}, "lr", 1e-4, "outside"),
        ({"noise": "2"}, "noise", 1.0, "outside"),
        ({"train": "0.99"}, "train", 0.9, "outside"),
        ({"init_scale": "1e9"}, "init_scale", 100.0, "outside"),
        ({"points": "5"}, "points", 10, "outside"),
        ({"points": "1e9"}, "points", LIMITS.max_points, "outside"),
        ({"epochs": "-3"}, "epochs", 0, "outside"),
        ({"epochs": "999999", "batch": "100"}, "epochs", LIMITS.max_epochs, "outside"),
        ({"layers": "999"}, "layers", (LIMITS.max_units,), "outside"),
        ({"layers": "0"}, "layers", (), None),
        ({"layers": "3,0,2"}, "layers", (3, 1, 2), "outside"),
        ({"layers": ",".join(["2"] * 60)}, "layers", (2,) * 50, "at most 50"),
        ({"batch": "0"}, "batch", 1, "outside"),
    ],
)
def test_out_of_range_values_are_clamped_with_a_message(params, field, value, fragment):
    cfg, problems = from_params(params)
    assert getattr(cfg, field) == value
    if fragment is None:
        assert problems == []
    else:
        assert any(fragment in p and field.rstrip("s") in p for p in problems), problems
    assert_valid(cfg)


@pytest.mark.parametrize(
    "params, field",
    [
        ({"lr": "abc"}, "lr"),
        ({"lr": ""}, "lr"),
        ({"lr": "nan"}, "lr"),
        ({"lr": "inf"}, "lr"),
        ({"lr": "-inf"}, "lr"),
        ({"lr": "1e400"}, "lr"),
        ({"noise": "0x10"}, "noise"),
        ({"seed": "-1"}, "seed"),
        ({"seed": str(2**31)}, "seed"),
        ({"seed": "9" * 5000}, "seed"),
        ({"seed": "1.5"}, "seed"),
        ({"points": "ten"}, "points"),
        ({"epochs": "nan"}, "epochs"),
        ({"layers": "4,two"}, "layers"),
        ({"layers": "4.5"}, "layers"),
        ({"layers": "9" * 400}, "layers"),
        ({"activation": "foo"}, "activation"),
        ({"activation": "softmax"}, "activation"),  # output-only
        ({"dataset": "mnist"}, "dataset"),
        ({"init": ""}, "init"),
        ({"optimizer": "adagrad"}, "optimizer"),
        ({"dataset": "ｘｏｒ"}, "dataset"),  # full-width letters are not "xor"
        ({"activation": "tanh\x00"}, "activation"),
    ],
)
def test_garbage_falls_back_to_the_default_with_a_message(params, field):
    cfg, problems = from_params(params)
    assert getattr(cfg, field) == getattr(RunConfig(), field)
    assert len(problems) == 1 and field in problems[0]
    assert len(problems[0]) < 200  # a huge value is shown shortened
    assert_valid(cfg)


def test_unknown_keys_lists_and_odd_containers():
    cfg, problems = from_params({"lr": ["0.5", "0.1"], "bogus": "1", "layers": []})
    assert cfg.lr == 0.1  # a repeated query param: the last one wins
    assert any("bogus" in p for p in problems)
    for weird in (None, [], "abc", 42, [("lr", "0.5")], {1: 2, None: "x"}):
        cfg, _ = from_params(weird)  # type: ignore[arg-type]
        assert_valid(cfg)
    assert from_params([("lr", "0.5")])[0].lr == 0.5  # pairs work like a dict


def test_case_and_whitespace_are_forgiven():
    cfg, problems = from_params({"activation": " ReLU ", "dataset": "XOR", "lr": " 0.5 "})
    assert (cfg.activation, cfg.dataset, cfg.lr, problems) == ("relu", "xor", 0.5, [])


def test_features_are_filtered_for_the_dataset():
    cfg, problems = from_params({"dataset": "sine", "features": "x1,x2,x1x2,sinx1"})
    assert cfg.features == ("x1", "sinx1") and len(problems) == 1
    cfg, problems = from_params({"features": "x1,nope"})
    assert cfg.features == ("x1",) and "nope" in problems[0]
    cfg, _ = from_params({"features": "sinx2,x1"})
    assert cfg.features == ("x1", "sinx2")  # registry order


def test_batch_larger_than_the_training_set_is_silently_clamped():
    cfg, problems = from_params({"points": "40", "train": "0.5", "batch": "500"})
    assert cfg.batch == 20 and problems == []


def test_cost_limits_cut_epochs_and_say_so():
    huge = {"layers": ",".join(["128"] * 50), "points": "2000", "epochs": "5000", "batch": "1"}
    cfg, problems = from_params(huge)
    assert cfg.epochs < 5000 and any("too much work" in p for p in problems)
    assert cfg.epochs * cfg.steps_per_epoch() <= LIMITS.max_steps
    assert cfg.epochs * cfg.work_per_epoch() <= LIMITS.max_work
    assert_valid(cfg)


def test_tighter_limits_are_respected():
    small = Limits(max_layers=3, max_units=8, max_points=100, max_epochs=50)
    cfg, problems = from_params(
        {"layers": "16,16,16,16", "points": "500", "epochs": "80"}, limits=small
    )
    assert cfg.layers == (8, 8, 8) and cfg.points == 100 and cfg.epochs == 50
    assert len(problems) >= 3
    assert_valid(cfg, small)


KEYS = st.one_of(st.sampled_from(FIELDS), st.text(max_size=12))
VALUES = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"-?[0-9]{0,6}(\.[0-9]{0,4})?(e-?[0-9]{1,3})?", fullmatch=True),
    st.sampled_from(["nan", "inf", "-inf", "1e308", "4,2", "128," * 60, "", " ", "None"]),
    st.integers(-(10**30), 10**30).map(str),
    st.lists(st.text(max_size=8), max_size=3),
)


@settings(max_examples=300)
@given(st.dictionaries(KEYS, VALUES, max_size=10))
def test_fuzzed_params_never_raise_and_stay_within_limits(params):
    cfg, problems = from_params(params)
    assert_valid(cfg)
    assert all(isinstance(p, str) and p for p in problems)
    # a changed setting is always explained: a problem-free parse keeps every given value
    if not problems:
        for key in set(params) & {"lr", "noise", "l2", "clip", "train", "init_scale"}:
            raw = params[key][-1] if isinstance(params[key], list) else params[key]
            assert getattr(cfg, key) == float(raw)


@settings(max_examples=15)
@given(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8))
def test_whatever_the_url_says_an_experiment_can_be_built(params):
    cfg, _ = from_params(params, limits=Limits(max_layers=6, max_units=16, max_points=300))
    exp = make_experiment(cfg)
    assert exp.X_train.shape == (cfg.n_train, len(cfg.features))
    assert [W.shape for W in exp.net.weights][0] == (len(cfg.features), exp.net.sizes[1])
    assert np.isfinite(exp.history.train_loss[0]) or exp.history.diverged is not None


def test_a_link_choosing_a_1d_dataset_without_features_gets_no_warning():
    cfg, problems = from_params({"dataset": "sine"})
    assert cfg.features == ("x1",)
    assert problems == []


def test_a_link_asking_for_x2_on_a_1d_dataset_is_told_why_it_was_dropped():
    cfg, problems = from_params({"dataset": "sine", "features": "x1,x2"})
    assert cfg.features == ("x1",)
    assert any("x2" in p for p in problems)


def test_classes_own_points_and_l1_round_trip_and_damaged_points_are_named():
    from backprop_core.userdata import encode, read_csv

    points, _ = read_csv("x1,x2,label\n0,0,0\n1,1,0\n2,2,1\n3,3,1\n")
    cfg = RunConfig(dataset="spiral", classes=4, data=encode(points), l1=0.003, batch=2)
    assert from_params(cfg.to_params()) == (cfg, [])
    broken, problems = from_params({"data": "c$$", "classes": "9"})
    assert broken.data == "" and broken.classes == 2
    assert any(p.startswith("data: the points in this link are damaged") for p in problems)
    assert any(p.startswith("classes=9 is outside 2…5") for p in problems)
