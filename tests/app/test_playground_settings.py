"""The Playground's settings schema (pure): it reads links as the page's config parser did, writes
links that read back exactly, and never lets a link past the server's limits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core.config import from_params
from tests.app.test_playground import LINK
from ui.playground.settings import DEFAULTS, LIMITS, PLAYGROUND, from_config, to_config


def test_defaults_are_the_pages_defaults_and_valid():
    values, problems = PLAYGROUND.validate(PLAYGROUND.defaults())
    assert problems == [] and to_config(values) == DEFAULTS


def test_a_full_link_reads_as_the_config_parser_read_it_and_writes_back_unchanged():
    values, problems = PLAYGROUND.parse(LINK)
    assert problems == []
    assert to_config(values) == from_params(LINK, DEFAULTS, LIMITS)[0]
    assert PLAYGROUND.to_params(values) == LINK


def test_a_garbage_link_names_every_problem_and_falls_back():
    values, problems = PLAYGROUND.parse(
        {"lr": "abc", "layers": "999", "activation": "foo", "seed": "-1", "colour": "red"}
    )
    text = " ".join(problems)
    for word in ("lr=", "999", "activation=", "seed=-1", "colour"):
        assert word in text, text
    assert values["lr"] == DEFAULTS.lr and values["activation"] == "tanh"
    assert values["layers"] == (8,) and values["seed"] == DEFAULTS.seed


def test_bad_layers_are_one_message():
    values, problems = PLAYGROUND.parse({"layers": "20, 0, abc"})
    assert values["layers"] == DEFAULTS.layers
    assert len(problems) == 1 and "'abc'" in problems[0] and "using 4,2" in problems[0]


VALUES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["nan", "inf", "-1", "0", "1e9", "4,2", "8,8,8,8,8,8,8,8", "x1,x9", ""]),
    st.integers(-(10**12), 10**12).map(str),
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(PLAYGROUND.keys), VALUES, max_size=8))
def test_any_link_gives_valid_affordable_values_that_round_trip(params):
    values, _ = PLAYGROUND.parse(params)
    cfg = to_config(values)
    assert len(cfg.layers) <= LIMITS.max_layers and all(1 <= u <= 8 for u in cfg.layers)
    assert cfg.points <= LIMITS.max_points and cfg.batch <= cfg.n_train
    assert cfg.epochs <= cfg.max_affordable_epochs(LIMITS)
    again, problems = PLAYGROUND.parse(PLAYGROUND.to_params(values))
    assert again == values and problems == []
    assert {**values, **from_config(cfg)} == values  # the view keys are not the run's
