"""The Playground: its settings, sidebar, live area and charts, one idea per module.

``settings`` (the schema, pure) · ``spec`` (the schema in this session, as a RunConfig) ·
``sidebar`` (widgets) · ``run`` (cached and live training) · ``live`` (Play / Step / Reset, the
fragment) · ``status`` (what the messages say) · ``draw`` (layout of the charts) · ``steady``
(charts without blank frames) · ``network_chart``, ``boundary_chart``, ``curves``,
``gradient_grid`` (figures) · ``pictures`` (PNG tiles).
"""

from ui.playground.live import live_area
from ui.playground.sidebar import notes, sidebar
from ui.playground.spec import DEFAULTS, KEYS, LIMITS, LR_GRID

__all__ = ["DEFAULTS", "KEYS", "LIMITS", "LR_GRID", "live_area", "notes", "sidebar"]
