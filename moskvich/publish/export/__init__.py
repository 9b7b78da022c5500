"""Exports: every registry chart in every format; all of them in one ZIP; and the whole dashboard as
one HTML report that opens offline.

Exported images and HTML carry their context on the image, the way Datawrapper and Our World in
Data exports do: the title above the chart; the sources, the exchange rates used, the notes and the
export date below it, in the language of the export (moskvich.base.i18n), as is every number and
date (moskvich.base.fmt). File names and CSV columns stay the same in every language.

- `drawing`: each chart drawn for export, its title, legend and footer laid out for a static image;
- `names`: the files' names and the interactive chart's toolbar;
- `report`: the HTML from the templates, one chart's page and the whole dashboard's report;
- `formats`: the formats and how one chart is made into each (`render`);
- `files`: every chart at once, into a folder or one ZIP with its README.
"""
