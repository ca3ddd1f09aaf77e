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


LAYERS = 3  # the newest and two older pictures: one to show while the newest decodes, and one
# more for when a redraw arrives before the previous one has decoded (a busy browser)


def steady_chart(where, name: str, fig, playing: bool) -> None:
    """``fig``, drawn so that while playing no frame is blank.

    A Plotly chart whose figure changes is a new element to Streamlit's browser side: the old
    one is removed and the new one drawn from scratch, and in between (a few frames, longer for
    the pictures, which are images to decode) its place is empty. From the first Play on, each
    chart therefore has ``LAYERS`` layers in one grid cell; each redraw replaces only the oldest
    and lifts it on top. The others are re-sent unchanged (the same figure, so the browser keeps
    them as they are), and a layer whose picture is not decoded yet is hidden (the browser marks
    decoded ones, see ``_PICTURED_JS``): the newest decoded picture is the one on screen. Until
    the first Play there is one layer, which Play keeps; a pause keeps rotating.
    """
    layers = st.session_state.setdefault(STEADY, {})
    top, figs, played = layers.get(name, (0, (None,) * LAYERS, False))
    played = played or playing
    if played:
        top = (top + 1) % LAYERS
        figs = tuple(fig if i == top else f for i, f in enumerate(figs))
    else:  # never played: one chart, in a layer the first Play will keep
        top, figs = 0, (fig,) + (None,) * (LAYERS - 1)
    layers[name] = (top, figs, played)
    stack = f"playground_stack_{name}"
    with where.container(key=stack):
        for i, f in enumerate(figs):
            with st.container(key=f"{stack}_{i}"):
                if f is not None:
                    st.plotly_chart(f, config=PLOT_CONFIG, theme=None, key=f"{stack}_{i}_chart")
        order = "".join(  # the newest on top: z-index LAYERS, the oldest 1
            f".st-key-{stack} > *:has(.st-key-{stack}_{i}) {{z-index: {LAYERS - age};}}"
            for i, age in ((i, (top - i) % LAYERS) for i in range(LAYERS))
        )
        hide = (
            f".st-key-{stack} .js-plotly-plot:not([data-pictured]) {{visibility: hidden;}}"
            if played
            else ""
        )
        st.html(
            f"<style>.st-key-{stack} {{display: grid; grid-template-columns: minmax(0, 1fr);}}"
            f".st-key-{stack} > * {{grid-area: 1 / 1; width: 100%;}}{order}{hide}</style>"
        )
