"""Live charts that never show a blank frame: two layers in one place, the newer on top once
its picture is decoded."""

from __future__ import annotations

import streamlit as st

from ui.charts import PLOT_CONFIG

STEADY = "_playground_steady"
# In the browser: mark each live chart once its picture is decoded (a freshly drawn chart's
# image takes a frame or more to decode, and until then its place is white). The stack's CSS
# keeps the newer layer hidden until marked, so the older picture shows until then.
_PICTURED_JS = """export default function () {
  if (window.__playgroundPictured) return;
  window.__playgroundPictured = true;
  const mark = (img) => {
    const plot = img.closest('.js-plotly-plot');
    const src = img.getAttribute('href') || img.getAttribute('xlink:href');
    if (!plot || !src) return;
    const copy = new Image();
    copy.src = src;
    copy.decode().catch(() => {}).then(() => requestAnimationFrame(() => {
      plot.setAttribute('data-pictured', '1');
    }));
  };
  const inStack = (i) => i.closest('[class*="st-key-playground_stack_"]');
  document.querySelectorAll('image').forEach((i) => inStack(i) && mark(i));
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        const found = n.matches('image') ? [n] : [...n.querySelectorAll('image')];
        found.filter(inStack).forEach(mark);
      }
    }
  }).observe(document.body, {childList: true, subtree: true});
}"""
PICTURED = st.components.v2.component(
    "backprop_lab.playground_pictured", html="<span></span>", js=_PICTURED_JS
)


def steady_chart(where, name: str, fig, playing: bool) -> None:
    """``fig``, drawn while playing so that no frame is blank.

    A Plotly chart whose figure changes is a new element to Streamlit's browser side: the old
    one is removed and the new one drawn from scratch, and in between (a few frames, longer for
    the pictures, which are images to decode) its place is empty. While playing, each chart
    therefore has two layers in one grid cell, and each redraw replaces only the older one and
    lifts it on top: the other layer is re-sent unchanged (the same figure, so the browser
    keeps it as it is) and shows through until the new one's picture is decoded (the browser
    marks it, see ``_PICTURED_JS``). Until the first Play there is one layer: Play starts by
    keeping it, and a pause keeps swapping, so neither shows a blank frame either.
    """
    layers = st.session_state.setdefault(STEADY, {})
    top, figs, played = layers.get(name, (0, (None, None), False))
    played = played or playing
    if played:  # from the first Play on, every redraw swaps layers, paused ones too
        top = 1 - top
        figs = (fig, figs[1]) if top == 0 else (figs[0], fig)
    else:  # never played: one chart, in the layer the first Play will keep
        top, figs = 0, (fig, None)
    layers[name] = (top, figs, played)
    stack = f"playground_stack_{name}"
    with where.container(key=stack):
        for i, f in enumerate(figs):
            with st.container(key=f"{stack}_{i}"):
                if f is not None:
                    st.plotly_chart(f, config=PLOT_CONFIG, theme=None, key=f"{stack}_{i}_chart")
        hide_new = (
            f".st-key-{stack}_{top} .js-plotly-plot:not([data-pictured]) {{visibility: hidden;}}"
            if played
            else ""
        )
        st.html(
            f"<style>.st-key-{stack} {{display: grid; grid-template-columns: minmax(0, 1fr);}}"
            f".st-key-{stack} > * {{grid-area: 1 / 1; width: 100%;}}"
            f".st-key-{stack} > *:has(.st-key-{stack}_{top}) {{z-index: 1;}}{hide_new}</style>"
        )
