"""Entry point: `streamlit run app.py`. It draws what every page shares and runs the page the URL
asks for, see moskvich.ui."""

from moskvich import ui

ui.run()
