"""Backprop Lab: the router. Page config and navigation only; every page lives in pages/."""

from pathlib import Path

import streamlit as st

ASSETS = Path(__file__).parent / "assets"

st.set_page_config(
    page_title="Backprop Lab",
    page_icon=str(ASSETS / "icon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)

st.navigation(
    [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page(
            "pages/step_by_step.py",
            title="Step by step",
            icon=":material/footprint:",
            url_path="step",
        ),
        st.Page(
            "pages/playground.py",
            title="Playground",
            icon=":material/scatter_plot:",
            url_path="playground",
        ),
        st.Page(
            "pages/gradients.py",
            title="Vanishing & exploding",
            icon=":material/trending_down:",
            url_path="gradients",
        ),
    ]
).run()
