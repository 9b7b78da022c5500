"""The floor bench/browser.py measures the dashboard against: what Streamlit and Plotly cost on their own.

One slider, one `st.write` of the converted amount and one Plotly bar chart.
"""

import plotly.graph_objects as go
import streamlit as st

rate = st.slider("RUB per USD", min_value=30.0, max_value=150.0, value=61.59, step=0.01)
amount = 5e9 / rate
st.write(f"5 bn RUB ≈ ${amount / 1e6:.1f}M")
st.plotly_chart(go.Figure(go.Bar(x=["Investment"], y=[amount], text=[f"${amount / 1e6:.1f}M"])))
