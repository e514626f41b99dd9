"""Stage 4, query: named queries and their answers.

``catalogue`` discovers ``queries/*.rq`` and reads their grlc-style headers; ``params`` binds user
values (labels in any language, slugs, IRIs) to RDF terms; ``results`` turns answers into plain
Python values and the SPARQL 1.1 result formats; ``stats`` counts what a graph holds. ``time``
holds windows of dates and the SPARQL that keeps what was active in one; ``activity`` asks what was
active in each of several windows; ``changes`` lists the events dated in a window and ``releases``
compares the facts of two releases.
"""
