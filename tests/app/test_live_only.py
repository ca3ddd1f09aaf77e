"""A setting only the live area shows reruns that area alone (the browser then redraws only
it, not the sidebar's ~40 widgets); the data settings, and any change while the link's
problems are on show, still rerun the whole page. The charts below follow once the canvas
reports it has drawn (the report itself is sent by the browser: tests/e2e)."""

from __future__ import annotations

import pytest

import ui.layout
from tests.app.conftest import by_label, canvas, open_page
from tests.app.test_playground import PAGE, button, epoch_shown, url


@pytest.fixture
def page_runs(monkeypatch) -> list[str]:
    """One entry per full run of a page (each draws its header once)."""
    runs: list[str] = []
    header = ui.layout.header

    def counted(*args, **kwargs):
        runs.append(args[0])
        return header(*args, **kwargs)

    monkeypatch.setattr(ui.layout, "header", counted)
    return runs


def test_the_learning_rate_retrains_the_live_area_without_a_full_rerun(page_runs):
    at = open_page(PAGE, {"epochs": "20"})
    runs, before = len(page_runs), canvas(at)
    by_label(at.select_slider, "Learning rate").set_value(0.3).run()
    assert not at.exception
    assert len(page_runs) == runs  # the page itself did not run again
    after = canvas(at)
    assert after["run"] != before["run"] and after["info"]["id"] == after["run"]
    assert url(at)["lr"] == "0.3" and epoch_shown(at) == 20


@pytest.mark.parametrize(
    ("kind", "label", "value"),
    [
        ("selectbox", "Activation", "relu"),
        ("selectbox", "Optimizer", "adam"),
        ("number_input", "Batch size", 5),
        ("toggle", "Show test data", False),
    ],
)
def test_every_network_and_view_setting_goes_to_the_url_from_the_live_area(
    page_runs, kind, label, value
):
    at = open_page(PAGE)
    runs = len(page_runs)
    by_label(getattr(at, kind), label).set_value(value).run()
    assert not at.exception and len(page_runs) == runs
    # AppTest keeps only what a run drew (a browser keeps the sidebar): the link must say it
    link = open_page(PAGE, url(at))
    assert by_label(getattr(link, kind), label).value == value


def test_the_noise_reruns_the_page_so_the_data_panel_shows_the_new_points(page_runs):
    at = open_page(PAGE)
    runs = len(page_runs)
    by_label(at.slider, "Noise").set_value(0.5).run()
    assert len(page_runs) == runs + 1
    assert url(at)["noise"] == "0.5"


def test_a_change_while_playing_restarts_at_epoch_0_with_the_new_run_described():
    at = open_page(PAGE)
    button(at, "Play").click().run()
    before = int(url(at)["epochs"])
    by_label(at.select_slider, "Learning rate").set_value(0.1).run()
    assert not at.exception
    assert int(url(at)["epochs"]) < before  # one batch of the new run, from epoch 0
    live = canvas(at)
    # the canvas is told the new run's description, not only its frames
    assert live["playing"] and live["info"] is not None and live["info"]["id"] == live["run"]
    assert button(at, "Pause")


def test_the_links_problems_go_at_the_first_change_of_a_live_only_setting(page_runs):
    at = open_page(PAGE, {"lr": "abc"})
    assert len(at.warning) == 1
    runs = len(page_runs)
    by_label(at.selectbox, "Activation").set_value("relu").run()
    assert len(page_runs) == runs + 1 and len(at.warning) == 0


def test_the_canvas_is_asked_to_report_only_when_the_charts_below_lag_behind():
    at = open_page(PAGE, {"epochs": "20"})
    assert "report" not in canvas(at)  # a full run draws the charts after the canvas
    by_label(at.select_slider, "Learning rate").set_value(0.3).run()
    live = canvas(at)
    assert live["report"] == f"{live['run']}:20"
    at.run()  # in a browser the report brings the charts; here a full run draws them
    assert "report" not in canvas(at)
    by_label(at.toggle, "Show test data").set_value(False).run()  # the same run: they fit
    assert "report" not in canvas(at) and canvas(at)["view"]["showTest"] is False
