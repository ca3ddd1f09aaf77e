"""Every page loads in a real browser with no exception shown, and fits a projector and a phone."""

import pytest

from tests.e2e.conftest import exceptions, free_port, goto, start_server, wait_healthy
from tests.e2e.fit import overflow_report

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["", "step_by_step", "playground", "gradients"])
def test_page_loads_without_exception(server, page, path):
    goto(page, f"{server}/{path}")
    assert page.locator('[data-testid="stMain"]').count() == 1
    assert exceptions(page) == 0


TITLES = [
    "Home",
    "Step by step",
    "Practice",
    "Playground",
    "Vanishing & exploding",
    "Computational graph",
    "Learning rate & optimizers",
]


def test_navigation_lists_every_lab(server, page):
    goto(page, server)
    links = page.locator('[data-testid="stSidebarNavLink"]')
    texts = [links.nth(i).inner_text() for i in range(links.count())]
    for title in TITLES:
        assert any(title in t for t in texts), texts


@pytest.mark.parametrize("path", ["step_by_step", "playground?lr=0.1", "gradients"])
def test_a_deep_link_is_the_first_visit_of_a_fresh_server(browser, path):
    """A shared link may be the first request a new server ever gets: the router must still run
    (no "Page not found", the app's own navigation and titles)."""
    port = free_port()
    proc = start_server(port)
    base = f"http://127.0.0.1:{port}"
    context = browser.new_context()
    try:
        wait_healthy(base, proc)
        pg = context.new_page()
        goto(pg, f"{base}/{path}")
        pg.wait_for_timeout(500)  # the dialog, when it comes, follows the first run
        assert "Page not found" not in pg.locator("body").inner_text()
        nav = pg.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
        assert [t.split("\n")[-1] for t in nav] == TITLES, nav
        assert exceptions(pg) == 0
    finally:
        context.close()
        proc.terminate()
        proc.wait(timeout=10)


FIT_PAGES = ["", "step_by_step", "playground", "gradients"]


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)], ids=["1024", "1280"])
def test_every_page_fits_a_projector(server, browser, size):
    """Nothing clipped and nothing scrolling sideways with the sidebar open (Streamlit's "auto"
    opens it at these widths): formulas, button labels, the page itself."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        pg = context.new_page()
        found = {}
        for path in FIT_PAGES:
            goto(pg, f"{server}/{path}")
            found[path or "home"] = overflow_report(pg)
        assert all(not v for v in found.values()), found
    finally:
        context.close()


def test_every_page_opens_on_a_phone_without_the_sidebar(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        pg = context.new_page()
        for path in FIT_PAGES:
            goto(pg, f"{server}/{path}")
            sidebar = pg.locator('[data-testid="stSidebar"]')
            assert sidebar.get_attribute("data-collapsed") == "true", path
            box = sidebar.bounding_box()
            assert box is None or box["x"] + box["width"] <= 0, (path, box)  # off screen
            sideways = [p for p in overflow_report(pg) if "scrolls sideways" in p]
            assert not sideways, (path, sideways)
            widths = pg.eval_on_selector_all(
                '[data-testid="stPlotlyChart"]', "cs => cs.map(c => c.clientWidth)"
            )
            shown = [w for w in widths if w > 0]  # charts in a closed tab have no width
            assert all(w >= 0.8 * 390 for w in shown), (path, widths)  # full width
    finally:
        context.close()
