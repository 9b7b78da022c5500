"""Entry point: `streamlit run app.py`. It draws what every page shares and runs the page the URL
asks for, see moskvich.ui.web.

`streamlit run` finds `app` below and serves it (an `st.App`, so that the server's responses carry the
framing policy of moskvich.ui.web.framing, and the plain HTTP addresses of moskvich.publish.routes are
served beside the pages); Streamlit then runs this file as each session's script, as `__main__`, where
it runs the app.
"""

import streamlit as st

if __name__ == "__main__":
    from moskvich.ui import web

    web.run()
else:
    from moskvich.publish.routes import routes
    from moskvich.ui.web.framing import MIDDLEWARE

    app = st.App(__file__, routes=routes(), middleware=MIDDLEWARE)
