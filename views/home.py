"""Home: what backpropagation is, its four stages, and a card per lab."""

import streamlit as st

from ui.layout import header

header(
    "Backprop Lab",
    "Backpropagation is how a neural network learns: it works out, for every weight, how much "
    "nudging that weight would change the error — using the chain rule, from the output back to "
    "the input — and then moves each weight a little downhill. Here you watch it happen with "
    "real numbers, checked against finite differences.",
)

st.subheader("One training step, in four stages")
cards = [
    (
        "1 · Forward",
        "Inputs flow through the layers: each unit computes z = Σ w·a + b and a = f(z).",
        r"a_{l+1} = f(a_l W_l + b_l)",
    ),
    (
        "2 · Loss",
        "One number for how wrong the prediction ŷ is against the target y.",
        r"L = \tfrac{1}{N}\textstyle\sum (\hat y - y)^2",
    ),
    (
        "3 · Backward",
        "The chain rule sends the error back: each layer's δ comes from the layer above.",
        r"\delta_l = \delta_{l+1} W_{l+1}^{\top} \odot f'(z_l)",
    ),
    (
        "4 · Update",
        "Every weight steps against its gradient, scaled by the learning rate η.",
        r"w \leftarrow w - \eta\,\frac{\partial L}{\partial w}",
    ),
]
# Two rows of two: four columns beside the sidebar on a 1024-px projector are narrower than the
# formulas (they needed a sideways scroll).
stages = [col for _ in range(2) for col in st.columns(2)]
for col, (title, text, formula) in zip(stages, cards):
    with col.container(border=True, height="stretch"):
        st.markdown(f"**{title}**")
        st.caption(text)
        st.latex(r"\small " + formula)

st.subheader("The labs")
labs = [
    (
        "Step by step",
        "A 2-2-2 network you can edit cell by cell. Click **Next** to run forward, loss, "
        "backward and update one stage at a time, and see any weight's chain rule with numbers.",
        "views/step_by_step.py",
        ":material/footprint:",
    ),
    (
        "Playground",
        "Train on spirals, circles and XOR live. Watch the decision boundary, the loss and every "
        "gradient; push the learning rate until it diverges; share the exact state by link.",
        "views/playground.py",
        ":material/scatter_plot:",
    ),
    (
        "Vanishing & exploding",
        "Stack up to 50 layers and see the gradient shrink to nothing or blow up — and how "
        "ReLU, Xavier / He initialisation and clipping fix it.",
        "views/gradients.py",
        ":material/trending_down:",
    ),
]
for col, (title, text, page, icon) in zip(st.columns(3), labs):
    with col.container(border=True):
        st.markdown(f"#### {title}")
        st.markdown(text)
        st.page_link(page, label=f"Open {title}", icon=icon)
