"""Every chart of the dashboard, registered page by page in the order the pages show them.

Each page's module states the order of its charts (its `CHARTS`); the order of the pages is stated
here. See `moskvich.plots.registry` for what a chart is.
"""

from moskvich.plots import exchange_rates, money, overview, production
from moskvich.plots.registry import CHARTS, Chart, Drawn, PageKey, charts_for, charts_shown, register

register(*overview.CHARTS, *production.CHARTS, *money.CHARTS, *exchange_rates.CHARTS)

__all__ = ["CHARTS", "Chart", "Drawn", "PageKey", "charts_for", "charts_shown"]
