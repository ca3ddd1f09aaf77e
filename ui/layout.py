"""Page furniture shared by every page: the title block and the one-line "try this"."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

# Streamlit's default top padding (6rem) pushes a lab below the fold on a 1280×800 projector.
COMPACT_CSS = """<style>
[data-testid="stMainBlockContainer"], .block-container { padding-top: 2.5rem; }
</style>"""


def header(title: str, lead: str, try_this: str | None = None) -> None:
    """A title, one sentence saying what the page shows, and one saying what to try."""
    st.html(COMPACT_CSS)
    st.title(title)
    st.markdown(lead)
    if try_this:
        st.caption(f"**Try this:** {try_this}")


def show_problems(problems: Iterable[str], what: str = "Some settings in the link") -> None:
    """One warning listing every ignored or clamped value; nothing when there are none."""
    problems = list(dict.fromkeys(problems))
    if problems:
        st.warning(f"{what} were ignored or adjusted:\n\n" + "\n".join(f"- {p}" for p in problems))
