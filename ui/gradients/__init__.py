"""The Vanishing & exploding lab's Streamlit side: settings, controls, verdict words, sections,
charts. The numbers come from :mod:`backprop_core.depth_lab`."""
