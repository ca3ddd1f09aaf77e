"""Vanishing & exploding gradients: why a deep net's first layers stop learning (or blow up),
measured layer by layer, with the remedies one click away."""

from ui.gradients import page
from ui.layout import header

header(
    "Vanishing & exploding gradients",
    "Backpropagation multiplies the error signal once per layer on its way back to the input, "
    "so in a deep net it can shrink to nothing or blow up. Here you see it, layer by layer.",
    "set **Depth** to 30 with Sigmoid, then press **ReLU + He init** below the verdict.",
)
page.show()
