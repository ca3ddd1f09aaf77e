"""Every page loads in a real browser with no exception shown."""

import pytest

from tests.e2e.conftest import exceptions, goto

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["", "step", "playground", "gradients"])
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
