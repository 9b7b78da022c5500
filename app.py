"""Entry point: `streamlit run app.py`. The pages draw everything, see moskvich.ui."""

from moskvich.ui.navigation import navigation

navigation().run()
