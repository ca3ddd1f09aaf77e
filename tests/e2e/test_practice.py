"""Practice in Chromium: type an answer, see the verdict and the worked solution; the page fits
a phone, a projector and a laptop."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest

from backprop_core.practice import NumericQuestion, make_question
from ui.format import fmt

from .conftest import exceptions, goto, wait_idle
from .fit import overflow_report

pytestmark = pytest.mark.e2e

SEED, KIND, LEVEL = 3, "grad_w_out", 1
URL = f"/practice?q={SEED}&kind={KIND}&level={LEVEL}"


FIRST_ALERT = "() => document.querySelector('[data-testid=\"stAlert\"]')?.innerText ?? ''"


def type_answer(page, text: str) -> None:
    """Type and submit an answer; returns once the verdict shown has changed (the script may
    not have started rerunning when Enter returns, so an idle page alone can be the old one)."""
    before = page.evaluate(FIRST_ALERT)
    box = page.get_by_role("textbox", name="Your answer")
    box.fill(text)
    box.press("Enter")
    page.wait_for_function(f"(b) => ({FIRST_ALERT})() !== b", arg=before)
    wait_idle(page)


def test_type_an_answer_and_see_the_verdict(server, page):
    q = make_question(SEED, KIND, LEVEL)
    assert isinstance(q, NumericQuestion)
    goto(page, server + URL)
    alerts = page.locator('[data-testid="stAlert"]')

    type_answer(page, "1/0")
    assert "is not a number" in alerts.first.inner_text()

    type_answer(page, f"{q.answer * 1.05:.6g}")
    assert "5.0% off" in alerts.first.inner_text()

    type_answer(page, f"{q.answer:.4g}")
    assert "Correct" in alerts.first.inner_text()
    assert page.get_by_text(f"Answer: {q.answer!r}").count() == 1
    assert exceptions(page) == 0

    # the solution's link opens Step by step on this very network, at the backward stage of the
    # asked weight: its link holds our weights, and its diagram shows the δ's they give
    page.get_by_role("link", name="Open this network in Step by step").click()
    page.wait_for_url("**/step_by_step?**")
    wait_idle(page)
    link = dict(parse_qsl(urlsplit(page.url).query))
    assert [float(w) for w in link["w"].split(",")] == [w for W in q.net.weights for w in W.ravel()]
    node_values = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(p => p.data)
             .filter(t => t.name === 'node values').flatMap(t => t.text)"""
    )
    deltas = [fmt(d) for d in np.concatenate([d.ravel() for d in q.run.grads.deltas[1:]])]
    assert node_values[-len(deltas) :] == deltas
    assert exceptions(page) == 0


@pytest.mark.parametrize("size", [(1280, 800), (1024, 768), (390, 844)])
def test_question_and_solution_fit(server, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        goto(page, server + "/practice?q=3&kind=hidden_delta&level=3")
        page.get_by_role("button", name="Show solution").click()
        wait_idle(page)
        assert overflow_report(page) == []
        wide = page.evaluate(  # a table wider than its column overlaps the next one
            """() => [...document.querySelector('[data-testid="stMain"]')
                   .querySelectorAll('[data-testid="stMarkdownContainer"]')]
                 .filter(e => e.scrollWidth > e.clientWidth + 1)
                 .map(e => e.innerText.slice(0, 40))"""
        )
        assert wide == []
        assert exceptions(page) == 0
    finally:
        context.close()
