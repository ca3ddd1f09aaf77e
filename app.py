"""Backprop Lab: the router. Page config and navigation only; every page lives in pages/."""

from pathlib import Path

import streamlit as st
from threadpoolctl import threadpool_limits

# One BLAS thread per process: every visitor's script runs in its own thread, so on a small server
# single-threaded matrix products share the cores fairly instead of oversubscribing them (measured
# on a busy 2-core machine: the 50-layer gradients lab ran several times slower with OpenBLAS's
# default threads; see bench/bench_gradients.py).
threadpool_limits(1, user_api="blas")

ASSETS = Path(__file__).parent / "assets"

st.set_page_config(
    page_title="Backprop Lab",
    page_icon=str(ASSETS / "icon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)

# Each page's URL is its file name (pages/playground.py -> /playground), never a custom url_path:
# before a fresh server has run this script once it only knows the files in pages/, so a shared
# deep link to any other path would open with Streamlit's "Page not found" dialog.
st.navigation(
    [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page(
            "pages/step_by_step.py",
            title="Step by step",
            icon=":material/footprint:",
        ),
        st.Page(
            "pages/playground.py",
            title="Playground",
            icon=":material/scatter_plot:",
        ),
        st.Page(
            "pages/gradients.py",
            title="Vanishing & exploding",
            icon=":material/trending_down:",
        ),
    ]
).run()
