"""The run a visitor sees: trained from scratch (cached) or continued live (Play, Step).

Training is a pure function of the config: :func:`trained` caches it (bounded, pickled copies),
so moving a slider back and forth costs nothing the second time. Play and Step continue a
:class:`~backprop_core.training.LiveRun` kept in this visitor's ``st.session_state`` (never
shared), resumed from the cached snapshot bit-for-bit, so the epoch in the URL always reproduces
the view.
"""

from __future__ import annotations

import streamlit as st

from backprop_core.config import RunConfig
from backprop_core.training import LiveRun, Snapshot, train_snapshot

LIVE = "_playground_live"


@st.cache_data(max_entries=48, show_spinner=False)
def trained(cfg: RunConfig) -> Snapshot:
    """``cfg.epochs`` epochs from scratch; the cache hands out pickled copies, never shared."""
    return train_snapshot(cfg)


def live_run(cfg: RunConfig) -> LiveRun:
    """This visitor's run for ``cfg``, at epoch ``cfg.epochs`` (resumed from the cache)."""
    run: LiveRun | None = st.session_state.get(LIVE)
    same = run is not None and run.config.replace(epochs=0) == cfg.replace(epochs=0)
    if not same or run.epoch != cfg.epochs:
        run = LiveRun.resume(trained(cfg))
        st.session_state[LIVE] = run
    return run


def snapshot_for(cfg: RunConfig) -> Snapshot:
    """The live run's snapshot when it is exactly there, else the cached training."""
    run: LiveRun | None = st.session_state.get(LIVE)
    if (
        run is not None
        and run.epoch == cfg.epochs
        and run.config.replace(epochs=0) == cfg.replace(epochs=0)
    ):
        return run.snapshot()
    return trained(cfg)
