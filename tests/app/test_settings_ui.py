"""ui/settings.py on a bare page: a link seeds widgets once, changes go to the URL, a new link
replaces what the widgets held, and typed text that cannot be used is named under its box."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page():
    import streamlit as st

    from backprop_core.settings import Choice, Float, Int, IntList, Schema
    from ui import settings

    schema = Schema(
        "demo",
        (
            Int("n", 3, lo=1, hi=10, label="N"),
            Float("lr", 0.1, lo=0.001, hi=10.0, choices=(0.001, 0.01, 0.1, 1.0, 10.0), label="LR"),
            Choice("act", "tanh", choices=("tanh", "relu"), names={"relu": "ReLU"}, label="Act"),
            IntList("layers", (4, 2), lo=1, hi=8, max_len=4, label="Layers"),
        ),
    )
    settings.load(schema)
    values = {k: settings.widget(schema, k) for k in schema.keys}
    values, _ = settings.save(schema, values)
    for p in settings.url_problems(schema):
        st.warning(p)
    st.button("preset", on_click=settings.set_value, args=(schema, "n", 7))
    st.text(repr(values))


def _run(params=None) -> AppTest:
    at = AppTest.from_function(_page, default_timeout=30)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def _values(at: AppTest) -> dict:
    return eval(at.text[0].value)  # noqa: S307 - our own repr of plain values, in a test


def test_a_link_seeds_the_widgets_and_a_bad_value_is_named():
    at = _run({"n": "5", "lr": "1.0", "act": "relu", "layers": "3", "x": "1"})
    assert not at.exception
    assert _values(at) == {"n": 5, "lr": 1.0, "act": "relu", "layers": (3,)}
    assert [w.value for w in at.warning] == ["unknown setting 'x' ignored"]


def test_changing_a_widget_writes_the_url_and_clears_the_link_problems():
    at = _run({"n": "abc"})
    assert "n=" in at.warning[0].value
    at.slider[0].set_value(9).run()
    assert at.query_params["n"] == "9"
    assert not at.warning


def test_typed_text_that_cannot_be_used_is_named_under_its_box_and_kept():
    at = _run()
    at.text_input[0].input("20, 0, abc").run()
    assert _values(at)["layers"] == (4, 2)
    assert at.text_input[0].value == "20, 0, abc"
    assert len(at.warning) == 1 and "layers" in at.warning[0].value


def test_a_preset_button_changes_the_setting_and_its_widget():
    at = _run()
    at.button[0].click().run()
    assert _values(at)["n"] == 7 and at.slider[0].value == 7


def test_a_link_arriving_later_in_the_visit_replaces_the_remembered_values():
    at = _run()
    at.slider[0].set_value(9).run()
    at.query_params.clear()
    at.query_params["n"] = "2"
    at.run()
    assert _values(at)["n"] == 2 and at.slider[0].value == 2
    at.run()
    assert _values(at)["n"] == 2


def _float_page():
    import streamlit as st

    from backprop_core.settings import Float, Schema
    from ui import settings

    schema = Schema("demo", (Float("eta", 0.5, lo=0.001, hi=10.0, label="η"),))
    value = settings.widget(schema, "eta")
    settings.save(schema, {"eta": value})
    st.text(repr(value))


def test_a_typed_number_out_of_range_is_clamped_and_said_not_silently_refused():
    at = AppTest.from_function(_float_page, default_timeout=30).run()
    at.number_input[0].set_value(50.0).run()
    assert at.text[0].value == "10.0"
    assert len(at.warning) == 1 and "outside" in at.warning[0].value
    assert at.number_input[0].value == 50.0


def _box_page():
    import streamlit as st

    from backprop_core.settings import Choice, Int, Schema
    from ui import settings

    schema = Schema(
        "demo",
        (Int("seed", 3, lo=0, hi=99, label="Seed"), Choice("c", "a", choices=("a", "b"))),
    )
    seed = settings.widget(schema, "seed", box=True)
    c = settings.widget(schema, "c", format_func=str.upper)
    st.text(repr((seed, c)))


def test_a_whole_number_can_be_a_box_and_any_argument_can_be_overridden():
    at = AppTest.from_function(_box_page, default_timeout=30).run()
    assert not at.exception and not at.slider
    assert at.selectbox[0].options == ["A", "B"]
    at.number_input[0].set_value(500).run()
    assert at.text[0].value == "(99, 'a')" and "outside" in at.warning[0].value
