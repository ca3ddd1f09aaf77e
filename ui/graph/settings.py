"""The Computational graph page's settings, declared once (pure: no Streamlit).

``step`` is the position on the timeline (0 nothing computed, 1 forward done, 2 output gradient
seeded, then one more per operation node passing its gradient back), so a shared link shows the
same node highlighted with the same numbers.
"""

from __future__ import annotations

from backprop_core.graph import FORWARD, MAX_LEN, MAX_NODES
from backprop_core.graph.parse import MAX_VALUES_LEN
from backprop_core.settings import Choice, Int, Schema, Text

from .presets import NEURON

GRAPH = Schema(
    page="graph",
    fields=(
        Text(
            "expr",
            NEURON.expr,
            max_len=MAX_LEN,
            label="Expression",
            help="Numbers, names, + − * /, ** with a number as exponent (x**2), and "
            "exp log tanh sigmoid relu sin cos sqrt abs — e.g. (a*b + c)**2 or log(1 + exp(x)). "
            f"At most {MAX_NODES} nodes.",
        ),
        Text(
            "values",
            NEURON.values,
            max_len=MAX_VALUES_LEN,
            label="Values",
            help="name=number pairs separated by commas, e.g. x1=2, w1=-3. A name without a "
            "value is 1.",
        ),
        Int(
            "step",
            FORWARD,
            lo=0,
            hi=MAX_NODES + 2,
            label="Position",
            help="0: nothing computed; 1: forward done; 2: grad(output) = 1; then one more per "
            "node that has passed its gradient back.",
        ),
        Choice(
            "dir",
            "auto",
            choices=("auto", "lr", "tb"),  # Graphviz's rankdir, in lower case as Choice keys are
            names={"auto": "to fit", "lr": "left to right", "tb": "top to bottom"},
            label="Draw the graph",
            help="Which way the arrows run, from the inputs to the output. *To fit*: left to "
            "right while the graph is at most 5 nodes deep, top to bottom when deeper.",
        ),
    ),
)
