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
stages = st.columns(4)
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
        r"\begin{gathered}\delta_l = \delta_{l+1} W_{l+1}^{\top} \\ \odot\, f'(z_l)\end{gathered}",
    ),
    (
        "4 · Update",
        "Every weight steps against its gradient, scaled by the learning rate η.",
        r"w \leftarrow w - \eta\,\frac{\partial L}{\partial w}",
    ),
]
for col, (title, text, formula) in zip(stages, cards):
    with col.container(border=True, height="stretch"):
        st.markdown(f"**{title}**")
        st.caption(text)
        st.latex(r"\small " + formula)

st.subheader("The labs")
labs = st.columns(3)
with labs[0].container(border=True):
    st.markdown("#### Step by step")
    st.markdown(
        "A 2-2-2 network you can edit cell by cell. Click **Next** to run forward, loss, "
        "backward and update one stage at a time, and see any weight's chain rule with numbers."
    )
    st.page_link("views/step_by_step.py", label="Open Step by step", icon=":material/footprint:")
with labs[1].container(border=True):
    st.markdown("#### Playground")
    st.markdown(
        "Train on spirals, circles and XOR live. Watch the decision boundary, the loss and every "
        "gradient; push the learning rate until it diverges; share the exact state by link."
    )
    st.page_link("views/playground.py", label="Open the Playground", icon=":material/scatter_plot:")
with labs[2].container(border=True):
    st.markdown("#### Vanishing & exploding")
    st.markdown(
        "Stack up to 50 layers and see the gradient shrink to nothing or blow up — and how "
        "ReLU, Xavier / He initialisation and clipping fix it."
    )
    st.page_link(
        "views/gradients.py", label="Open the gradients lab", icon=":material/trending_down:"
    )
