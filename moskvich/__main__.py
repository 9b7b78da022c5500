"""`python -m moskvich`, see moskvich.cli."""

import sys

from moskvich import browser  # light: pandas and plotly are not loaded yet

browser.start_early(sys.argv[1:])

from moskvich.cli import main  # noqa: E402 - once the browser is starting

sys.exit(main())
