"""The Moskvich dashboard: sourced figures on the revived Moskvich plant, in any currency."""

import pandas as pd

# The dashboard's tables are small (hundreds to a few thousand rows), and pandas works with their text
# columns faster as Python strings than in pyarrow's arrays: drawing every chart in every view took
# 0.99 CPU-s against 1.30 s. The columns are of the same `str` dtype either way.
pd.set_option("mode.string_storage", "python")
