"""Stage 6, render: what people read and look at.

``tables`` writes rows as terminal tables, CSV, TSV, JSON or Markdown; ``results`` labels query
answers for people; ``metrics`` lays out the metrics report; ``style``, ``html``, ``images`` and
``graphfiles`` draw the network (offline HTML, PNG/SVG, GEXF/GraphML) and ``diagram`` picks the
format by file extension; ``evolution`` draws small multiples (the network at several dates) and
``history`` lays out timelines, diffs and the counts as of a date; ``templates/`` holds the page
templates.
"""
