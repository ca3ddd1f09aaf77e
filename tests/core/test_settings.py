"""The settings model: untrusted links never raise, every problem is named, links round-trip."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from backprop_core.settings import (
    Bool,
    Choice,
    ChoiceList,
    Float,
    FloatList,
    Int,
    IntList,
    Schema,
    Text,
)

LRS = (1e-3, 1e-2, 0.03, 0.1, 1.0, 10.0)


def _check(values):
    if values["layers"] and values["n"] < len(values["layers"]):
        return {**values, "n": len(values["layers"])}, ["n raised to the number of layers"]
    return values, []


SCHEMA = Schema(
    page="demo",
    fields=(
        Int("n", 3, lo=1, hi=10),
        Int("seed", 0, lo=0, hi=1000, clamp=False),
        Float("lr", 0.03, lo=1e-3, hi=10.0, choices=LRS),
        Float("noise", 0.1, lo=0.0, hi=1.0),
        Choice("act", "tanh", choices=("tanh", "relu", "sigmoid")),
        Bool("bias", True),
        IntList("layers", (4, 2), lo=1, hi=8, max_len=5),
        FloatList("w", (0.15, -0.2), lo=-1e6, hi=1e6, max_len=20),
        ChoiceList("opts", ("sgd",), choices=("sgd", "momentum", "adam"), min_len=1),
        Text("expr", "x*y", max_len=50),
    ),
    check=_check,
)

values_st = st.fixed_dictionaries(
    {
        "n": st.integers(5, 10),
        "seed": st.integers(0, 1000),
        "lr": st.sampled_from(LRS),
        "noise": st.floats(0.0, 1.0),
        "act": st.sampled_from(("tanh", "relu", "sigmoid")),
        "bias": st.booleans(),
        "layers": st.lists(st.integers(1, 8), max_size=5).map(tuple),
        "w": st.lists(st.floats(-1e6, 1e6), max_size=20).map(tuple),
        "opts": st.sampled_from([("sgd",), ("momentum", "adam"), ("sgd", "momentum", "adam")]),
        "expr": st.text(st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=50),
    }
)


@given(values_st)
def test_a_link_reads_back_to_exactly_the_values_it_was_written_from(values):
    assert SCHEMA.validate(values) == (values, [])
    back, problems = SCHEMA.parse(SCHEMA.to_params(values))
    assert problems == []
    assert back == values


@given(st.dictionaries(st.text(max_size=8), st.text(max_size=60), max_size=12))
def test_any_link_gives_valid_values_and_never_raises(params):
    values, problems = SCHEMA.parse(params)
    assert SCHEMA.validate(values)[0] == values
    assert all(isinstance(p, str) and p for p in problems)


def test_each_problem_names_its_key_and_what_is_used_instead():
    values, problems = SCHEMA.parse(
        {"n": "abc", "lr": "1e9", "act": "foo", "w": "1,nan", "seed": "-5", "zzz": "1"}
    )
    assert values["n"] == 3 and values["lr"] == 10.0 and values["act"] == "tanh"
    assert values["w"] == (0.15, -0.2) and values["seed"] == 0
    text = " | ".join(problems)
    for key in ("n=", "lr=", "act=", "w=", "seed=", "'zzz'"):
        assert key in text, text
    assert len(problems) == 6


def test_absent_keys_take_defaults_silently_and_a_broken_mapping_counts_as_empty():
    class Broken:
        def keys(self):
            raise RuntimeError("boom")

    assert SCHEMA.parse({}) == (SCHEMA.defaults(), [])
    assert SCHEMA.parse(Broken()) == (SCHEMA.defaults(), [])


def test_floats_travel_to_the_last_digit_and_snap_to_offered_choices_with_a_note():
    exact = {**SCHEMA.defaults(), "noise": 0.1 + 0.2, "w": (math.pi, -1 / 3)}
    assert SCHEMA.parse(SCHEMA.to_params(exact))[0] == exact
    values, problems = SCHEMA.parse({"lr": "0.05"})
    assert values["lr"] == 0.03 and "lr=0.05" in problems[0]


def test_lists_are_bounded_and_items_clamped():
    values, problems = SCHEMA.parse({"w": ",".join(["1"] * 10_000)})
    assert values["w"] == (0.15, -0.2) and "at most 20" in problems[0]
    values, problems = SCHEMA.parse({"layers": "20, 3"})
    assert values["layers"] == (8, 3) and len(problems) == 1


def test_cross_field_check_runs_after_the_fields_and_reports_once():
    values, problems = SCHEMA.parse({"n": "1", "layers": "2,2,2"})
    assert values["n"] == 3 and problems == ["n raised to the number of layers"]


def test_a_key_declared_twice_is_a_programming_error():
    try:
        Schema("x", (Int("a", 1), Int("a", 2)))
    except ValueError as exc:
        assert "twice" in str(exc)
    else:
        raise AssertionError("duplicate keys accepted")


def test_a_query_keeps_its_commas_readable_and_parses_back():
    from urllib.parse import parse_qsl

    q = SCHEMA.query(SCHEMA.defaults())
    assert "w=0.15,-0.2" in q and "layers=4,2" in q
    assert SCHEMA.parse(dict(parse_qsl(q, keep_blank_values=True)))[0] == SCHEMA.defaults()


def test_a_float_with_choices_takes_its_range_from_them_unless_given():
    f = Float("lr", 0.1, choices=(0.01, 0.1, 1.0))
    assert (f.lo, f.hi) == (0.01, 1.0)
    assert f.read("50") == (1.0, "lr=50 is outside 0.01…1; using 1")
    assert Float("x", 0.5, lo=0.0, choices=(0.5, 1.0)).lo == 0.0
