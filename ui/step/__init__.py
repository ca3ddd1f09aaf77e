"""The Step-by-step page's UI, one idea per module.

Pure (no Streamlit, testable on their own): ``model`` (the lab: network, example, position in
the step, moves), ``targets``, ``cells`` (typed numbers), ``stages`` (what is known at a stage,
the diagram's numbers), ``formulas`` (each stage's LaTeX), ``tables``, ``chain`` (one weight's
chain rule), ``settings`` (the page's link: its fields declared once).

Streamlit: ``session`` (per-visitor state), ``controls``, ``panels``, ``editors``, ``lessons``
(MSE vs cross-entropy, why backprop is cheap) and ``link`` (the lab to and from the URL).
"""
