"""The data panel on its own (AppTest.from_function): every control, hostile files and text
give one message and keep the previous data, Undo and Clear, a click in drawing mode."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from backprop_core.userdata import decode, encode, read_csv
from tests.app.conftest import by_label

GOOD = "x1,x2,label\n0,0,0\n1,1,0\n2,2,1\n3,3,1\n4,4,2\n5,5,2\n"
OTHER = "x,y\n0,0\n1,0.5\n2,0.25\n3,1\n"


def _page() -> None:
    """A minimal page: the data value lives where a page's settings would."""
    import streamlit as st

    from backprop_core.datasets import make_dataset
    from ui.own_data import clicked, data_panel
    from ui.own_data.edits import of_dataset

    data = st.session_state.get("saved", "")
    generated = of_dataset(make_dataset("spiral", 40, 0.0, 0, 0.5, classes=2))
    panel = data_panel(data, generated)
    click = st.session_state.pop("click", None)
    if click is not None:
        panel_data = clicked("own_data", click, generated, panel.label)
        st.session_state["saved"] = panel_data
        st.rerun()
    st.session_state["saved"] = panel.data
    st.session_state["panel"] = panel


@pytest.fixture
def at() -> AppTest:
    return AppTest.from_function(_page, default_timeout=30).run()


def saved(at: AppTest) -> str:
    return at.session_state["saved"]


def paste(at: AppTest, text: str) -> AppTest:
    by_label(at.text_area, "…or paste CSV text").input(text)
    return by_label(at.button, "Load the pasted CSV").click().run()


def test_the_generated_data_is_described_and_downloadable(at):
    assert not at.exception
    assert saved(at) == ""
    assert "The generated data: 40 points: 20 of class 0, 20 of class 1" in at.caption[0].value
    assert [b.label for b in at.get("download_button")] == ["Download CSV"]
    assert not at.error


def test_pasted_csv_is_trained_on_and_goes_in_the_link(at):
    paste(at, GOOD)
    assert not at.error and not at.exception
    points, _ = read_csv(GOOD)
    assert decode(saved(at)) == (points, None)
    assert "Your data: 6 points: 2 of class 0, 2 of class 1, 2 of class 2" in at.caption[0].value


def test_an_uploaded_file_is_read_and_regression_files_work_too(at):
    by_label(at.file_uploader, "Upload a CSV file").set_value(("d.csv", OTHER.encode(), "text/csv"))
    at.run()
    assert not at.error
    assert decode(saved(at))[0] == read_csv(OTHER)[0]
    assert by_label(at.toggle, "Draw points").proto.disabled  # drawing adds class points


HOSTILE = {
    "empty": b"",
    "10 MB": b"x1,x2,label\n" + b"1,1,0\n" * 1_750_000,
    "binary": bytes(range(256)) * 4,
    "formula": b"x1,x2,label\n=cmd|' /C calc'!A0,1,0\n1,2,1\n3,4,0\n5,6,1\n",
    "5 classes of one point": b"x1,x2,label\n0,0,0\n1,1,1\n2,2,2\n3,3,3\n4,4,4\n",
    "NaN": b"x1,x2,label\n0,0,0\nnan,1,1\n2,2,1\n3,3,0\n",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_upload_gives_one_message_and_keeps_the_previous_data(at, name):
    paste(at, GOOD)
    before = saved(at)
    uploader = by_label(at.file_uploader, "Upload a CSV file")
    uploader.set_value((f"{name}.csv", HOSTILE[name], "text/csv"))
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    assert at.error[0].value.startswith("That CSV was not loaded; the previous data is kept.")
    assert saved(at) == before


def test_hostile_pasted_text_is_refused_the_same_way(at):
    paste(at, "x1,x2,label\n@SUM(1+1),0,0\n")
    assert len(at.error) == 1 and saved(at) == ""
    paste(at, GOOD)  # a good load clears the message
    assert not at.error and saved(at)


def test_clicks_in_drawing_mode_add_points_of_the_chosen_class_and_undo_takes_them_back(at):
    by_label(at.toggle, "Draw points").set_value(True).run()
    radio = by_label(at.radio, "Class to draw")
    assert radio.options == ["Class 0 (blue)", "Class 1 (orange)", "Class 2 (green)"]
    radio.set_value(2).run()
    at.session_state["click"] = {"x": 1.23456, "y": -2.0}
    at.run()
    assert saved(at) == ""  # one point of a new class: pending until it has two
    assert "class 2 has fewer than 2 points" in at.info[0].value
    at.session_state["click"] = {"x": 1.5, "y": -2.5}
    at.run()
    points, why = decode(saved(at))
    assert why is None and len(points.y) == 42 and points.classes == 3
    assert points.y[-2:].tolist() == [2, 2] and points.X[-2].tolist() == [1.235, -2.0]
    by_label(at.button, "Undo").click().run()
    assert saved(at) == "" and "class 2 has fewer" in at.info[0].value
    by_label(at.button, "Undo").click().run()
    assert saved(at) == ""


def test_clear_then_a_drawing_is_pending_until_usable(at):
    by_label(at.toggle, "Draw points").set_value(True).run()
    paste(at, GOOD)
    kept = saved(at)
    by_label(at.button, "Clear").click().run()
    assert saved(at) == kept  # nothing to train on yet: the previous data stays
    for k, (x, y, c) in enumerate([(0, 0, 0), (1, 1, 0), (2, 2, 1)]):
        by_label(at.radio, "Class to draw").set_value(c).run()
        at.session_state["click"] = {"x": x, "y": y}
        at.run()
        assert saved(at) == kept, k
        assert "is not trained on yet" in at.info[0].value
    by_label(at.radio, "Class to draw").set_value(1).run()
    at.session_state["click"] = {"x": 3, "y": 3}
    at.run()
    points, _ = decode(saved(at))
    assert points.y.tolist() == [0, 0, 1, 1] and not at.info


def test_generated_data_button_goes_back_and_undo_returns(at):
    paste(at, GOOD)
    mine = saved(at)
    by_label(at.button, "Generated data").click().run()
    assert saved(at) == ""
    by_label(at.toggle, "Draw points").set_value(True).run()
    by_label(at.button, "Undo").click().run()
    assert saved(at) == mine


def test_a_link_with_other_data_replaces_the_panels_state(at):
    paste(at, GOOD)
    theirs = encode(read_csv(OTHER)[0])
    at.session_state["saved"] = theirs  # as if the visitor opened someone's link
    at.run()
    assert saved(at) == theirs and "4 points" in at.caption[0].value


def test_a_drawing_on_more_points_than_a_link_carries_is_refused_with_the_way_out():
    def page() -> None:
        import streamlit as st

        from backprop_core.datasets import make_dataset
        from ui.own_data import clicked, data_panel
        from ui.own_data.edits import of_dataset

        current = of_dataset(make_dataset("spiral", 600, 0.0, 0, 0.5))
        data_panel("", current)
        if "click" in st.session_state:
            st.session_state["saved"] = clicked("own_data", st.session_state["click"], current, 0)

    at = AppTest.from_function(page, default_timeout=30).run()
    at.session_state["click"] = {"x": 0, "y": 0}
    at.run()
    at.run()
    assert at.session_state["saved"] == ""
    assert "at most 500 points" in at.warning[0].value
