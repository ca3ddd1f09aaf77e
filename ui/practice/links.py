"""Where a question leads: the Step page on exactly its network and stage, and the lab that
shows a concept's effect. Pure (no Streamlit): each returns the target page's own settings
values, built by that page's schema, so the links always speak the page's current format."""

from __future__ import annotations

import dataclasses

from backprop_core.depth_lab import DepthSettings
from backprop_core.practice import NumericQuestion
from backprop_core.settings import Values
from ui.gradients.settings import GRADIENTS
from ui.step.settings import STEP, n_stages, step_values


def step_link_values(q: NumericQuestion) -> Values | None:
    """The Step page's values for this question's network at the stage showing the asked number;
    None for a batch of two (the Step page works on one example)."""
    net, p = q.net, q.problem
    if p.batch != 1:
        return None
    last = n_stages(net.sizes)
    stage = q.stage + 1  # the Step page counts Start as 0
    values = step_values(
        net.sizes,
        net.hidden.name,
        net.output_act.name,
        net.loss_fn.name,
        net.weights,
        net.biases,
        p.X[0],
        p.Y[0],
        p.lr,
        stage=min(stage, last - 1),
    )
    if stage == last:  # the update is shown once a step was taken from these numbers
        values, _ = STEP.validate({**values, "steps": 1, "stage": last})
    return values


def gradients_values(s: DepthSettings) -> Values:
    return GRADIENTS.validate({**GRADIENTS.defaults(), **dataclasses.asdict(s)})[0]
