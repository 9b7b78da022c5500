"""The floor bench/browser.py measures the dashboard against: what Streamlit and Plotly cost on their own.

One slider, one `st.write` of the converted amount and `?charts=N` Plotly bar charts (one unless the
link asks for more), each of an amount converted at the slider's rate: a page that redraws N charts
on a move is measured against this app with N.
"""

import plotly.graph_objects as go
import streamlit as st

charts = max(1, int(st.query_params.get("charts", "1")))
rate = st.slider("RUB per USD", min_value=30.0, max_value=150.0, value=61.59, step=0.01)
amount = 5e9 / rate
st.write(f"5 bn RUB ≈ ${amount / 1e6:.1f}M")
for i in range(1, charts + 1):
    value = amount * i
    bar = go.Bar(x=["Investment"], y=[value], text=[f"${value / 1e6:.1f}M"])
    st.plotly_chart(go.Figure(bar), key=f"chart_{i}")
