"""Stage 7, site: the graph published as a static linked-data website that works from ``file://`` and any
static host: a page per organisation, place, partnership, source and ontology term at the path of its IRI,
with Turtle and JSON-LD beside it and JSON-LD inside it; list pages, a page per named query, search in the
browser, the map and the network; in English, Dutch, French and (where labels exist) German.

``model`` indexes the graph, ``paths`` says where each IRI and triple lives, ``facts``, ``visual`` and
``pages`` make the context of an entity page, ``extras`` the other pages and the search index, ``rdf`` the
data files, ``conneg`` the Apache and nginx rewrite rules, ``build`` writes it all; ``templates/`` and
``static/`` hold the page templates, the style sheet and the search script.
"""

from __future__ import annotations

__all__ = ["build_site"]


def build_site(store, out, **options):
    """Write the site for the data in ``store`` into the folder ``out``; see :func:`bbkg.site.build.build_site`."""
    from bbkg.site.build import build_site as build

    return build(store, out, **options)
