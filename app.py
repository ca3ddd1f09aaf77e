"""Backprop Lab: the router. Page config and navigation only; every page lives in views/."""

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
    # "auto": open on a wide screen, closed on a phone (an open sidebar covers most of it).
    initial_sidebar_state="auto",
)

# A page's URL is its file name (views/x.py -> /x); why views/ and not pages/: README.
st.navigation(
    [
        st.Page("views/home.py", title="Home", icon=":material/home:", default=True),
        st.Page(
            "views/step_by_step.py",
            title="Step by step",
            icon=":material/footprint:",
        ),
        st.Page("views/practice.py", title="Practice", icon=":material/quiz:"),
        st.Page(
            "views/playground.py",
            title="Playground",
            icon=":material/scatter_plot:",
        ),
        st.Page(
            "views/gradients.py",
            title="Vanishing & exploding",
            icon=":material/trending_down:",
        ),
        st.Page("views/graph.py", title="Computational graph", icon=":material/account_tree:"),
        st.Page("views/optimizers.py", title="Learning rate & optimizers", icon=":material/speed:"),
    ]
).run()
