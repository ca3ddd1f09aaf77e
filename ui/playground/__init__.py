"""The Playground: its settings, sidebar, live area and charts, one idea per module.

``settings`` (the schema, pure) · ``spec`` (the schema in this session, as a RunConfig) ·
``sidebar`` (widgets) · ``run`` (cached and live training) · ``live`` (Play / Step / Reset and
the live canvas, ``ui.live_canvas``, in a fragment) · ``status`` (what the messages say) ·
``draw`` (the charts below the canvas) · ``curves``, ``gradient_grid`` (their figures) ·
``own_points`` (drawing points on the plane).
"""

from ui.playground.live import live_area
from ui.playground.sidebar import notes, sidebar
from ui.playground.spec import DEFAULTS, KEYS, LIMITS, LR_GRID

__all__ = ["DEFAULTS", "KEYS", "LIMITS", "LR_GRID", "live_area", "notes", "sidebar"]
