"""The Computational graph page's pieces: its settings, presets, DOT drawing, text and widgets."""
