"""Playground: train a small network on 2-D data live and watch every gradient.

Thin on purpose: the settings come from the URL (or this visit's last ones) into the sidebar,
become one validated config, and the live area reads it, trains and draws it (``ui/playground/``).
"""

from ui import playground as pg
from ui.layout import header, show_problems
from ui.playground import spec

header(
    "Playground",
    "A small network learns to separate classes of points while you watch: each square "
    "in the network is one unit's output over the plane, and the charts below show the loss "
    "and every gradient as training goes.",
    "press **Play**, then switch the dataset to Spiral with 3 classes, turn on **Draw points** "
    "and click the plane to add your own, or push the learning rate to 10 and watch the loss "
    "blow up.",
)

pg.sidebar(spec.current())
show_problems(spec.url_problems())
show_problems(pg.notes(), "Some settings")
pg.live_area()
