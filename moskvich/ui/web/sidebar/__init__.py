"""The sidebar every page shares, one module per part:

- `panel`: the settings part, top to bottom, drawn on every run by the app's own script;
- `language`: the choice of language and the hidden widget that keeps it in the link;
- `rates`: how money is converted, the rate sliders and boxes, the hidden boxes that keep the rates
  in the link, and their callbacks;
- `presets`: the presets and the official rate of any day;
- `prices`: nominal money or roubles of a year;
- `freshness`: how current the rates are;
- `notices`: what a setting could not do, cleared by the next;
- `exports`: the report and the ZIP of every chart.
"""
