"""Every registered page runs under AppTest with no exception."""

import pytest

from tests.app.conftest import PAGES, open_page


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page):
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]


def test_home_links_every_lab():
    at = open_page()
    text = " ".join(m.value for m in at.markdown)
    for lab in ("Step by step", "Playground", "Vanishing & exploding"):
        assert lab in text
