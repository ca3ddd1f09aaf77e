"""Streamlit and Plotly glue shared by the pages. Chart builders are pure: data -> Figure."""
