"""Placeholder while this lab is being built."""

import streamlit as st

st.title("gradients")
st.info("This lab is being built.")
