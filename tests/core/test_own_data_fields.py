"""The Playground's issue-16 settings as link keys: they round-trip, hostile values are named
once, and classes / data are consistent with the dataset."""

from __future__ import annotations

import numpy as np

from backprop_core.settings import Choice, Schema
from backprop_core.userdata import MAX_POINTS, Points, encode
from ui.own_data import fields

SCHEMA = Schema(
    page="test",
    fields=(Choice("dataset", "spiral", choices=("spiral", "circles", "sine")), *fields.FIELDS),
    check=fields.check,
)
BIG = Points(
    "classification",
    np.round(np.random.default_rng(0).uniform(-6, 6, (MAX_POINTS, 2)), 3),
    np.arange(MAX_POINTS) % 5,
)


def test_every_key_round_trips_including_the_largest_data_a_link_carries():
    values = {
        **SCHEMA.defaults(),
        "classes": 4,
        "data": encode(BIG),
        "l1": 0.003,
        "l2": 0.1,
        "showtest": False,
        "discretize": True,
        "stop_loss": 0.05,
        "stop_acc": 0.95,
    }
    assert len(values["data"]) <= fields.DATA_CHARS
    assert SCHEMA.parse(SCHEMA.to_params(values)) == (values, [])


def test_hostile_values_are_named_and_replaced():
    values, problems = SCHEMA.parse(
        {"classes": "9", "l1": "abc", "stop_acc": "2", "data": "c!!!", "showtest": "maybe"}
    )
    assert (values["classes"], values["l1"], values["stop_acc"], values["data"]) == (5, 0, 1, "")
    assert values["showtest"] is True
    keys = sorted(p.split("=")[0].split(":")[0] for p in problems)
    assert keys == ["classes", "data", "l1", "showtest", "stop_acc"]
    assert any("damaged" in p for p in problems)


def test_a_two_class_dataset_gets_two_classes_unless_the_points_are_the_visitors():
    values, problems = SCHEMA.validate({**SCHEMA.defaults(), "dataset": "circles", "classes": 3})
    assert values["classes"] == 2 and "Circles draws only two classes" in problems[0]
    mine = {**SCHEMA.defaults(), "dataset": "circles", "classes": 3, "data": encode(BIG)}
    assert SCHEMA.validate(mine) == (mine, [])
    sine = {**SCHEMA.defaults(), "dataset": "sine", "classes": 3}
    assert SCHEMA.validate(sine) == (sine, [])
