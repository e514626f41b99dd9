"""bbkg: the Belgian Biotech Knowledge Graph, with a query layer on top.

Importing this package is cheap: it loads no RDF library, touches no file and no network.
The library lives in submodules (``bbkg.api`` for notebooks and scripts).
"""

__version__ = "0.1.0"
