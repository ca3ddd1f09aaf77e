"""Every page loads in a real browser with no exception shown."""

import pytest

from tests.e2e.conftest import exceptions, free_port, goto, start_server, wait_healthy

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["", "step_by_step", "playground", "gradients"])
def test_page_loads_without_exception(server, page, path):
    goto(page, f"{server}/{path}")
    assert page.locator('[data-testid="stMain"]').count() == 1
    assert exceptions(page) == 0


def test_navigation_lists_every_lab(server, page):
    goto(page, server)
    links = page.locator('[data-testid="stSidebarNavLink"]')
    texts = [links.nth(i).inner_text() for i in range(links.count())]
    for title in ("Home", "Step by step", "Playground", "Vanishing & exploding"):
        assert any(title in t for t in texts), texts


def test_deep_links_work_on_a_fresh_server(browser):
    """The first visit a new server ever gets may be a shared deep link: no "Page not found"."""
    port = free_port()
    proc = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc)
        for path in ("step_by_step", "playground?lr=0.1", "gradients"):
            context = browser.new_context()
            pg = context.new_page()
            goto(pg, f"{base}/{path}")
            pg.wait_for_timeout(500)  # the dialog, when it comes, follows the first run
            assert "Page not found" not in pg.locator("body").inner_text(), path
            assert exceptions(pg) == 0
            context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
