"""Every page loads in a real browser with no exception shown."""

import pytest

from tests.e2e.conftest import exceptions, free_port, goto, start_server, wait_healthy

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["", "step_by_step", "playground", "gradients"])
def test_page_loads_without_exception(server, page, path):
    goto(page, f"{server}/{path}")
    assert page.locator('[data-testid="stMain"]').count() == 1
    assert exceptions(page) == 0


TITLES = ["Home", "Step by step", "Playground", "Vanishing & exploding"]


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
