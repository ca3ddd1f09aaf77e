"""A visitor's own data on the Playground: draw it, bring it as CSV, download it; it travels in
the link. :func:`data_panel` draws the controls, :func:`clicked` takes a click on the plane."""

from .panel import Panel, clicked, data_panel

__all__ = ["Panel", "clicked", "data_panel"]
