"""Vanishing & exploding gradients: why a deep net's first layers stop learning (or blow up),
measured layer by layer, with the remedies one click away."""

from ui import gradients as lab
from ui.layout import header, show_problems

header(
    "Vanishing & exploding gradients",
    "Backpropagation multiplies the error signal once per layer on its way back to the input, "
    "so in a deep net it can shrink to nothing or blow up. Here you see it, layer by layer.",
    "set **Depth** to 30 with Sigmoid, then press **ReLU + He init** below the verdict.",
)
problems = lab.load_state()
view = lab.controls()
lab.sync_url(view)
show_problems(problems)

if view.compare:
    lab.compare_view(view)
else:
    lab.single_view(lab.run(view.settings))
