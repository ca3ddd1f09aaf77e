"""Placeholder while this lab is being built."""

import streamlit as st

st.title("step_by_step")
st.info("This lab is being built.")
