"""igraph, imported without the matplotlib it loads for its own plotting, which bbkg never uses."""

from __future__ import annotations

import sys


def igraph():
    """Return the igraph module. Importing it imports matplotlib.pyplot eagerly (0.5-1 s of start-up) unless
    matplotlib is absent; it is hidden during that import only, so it stays importable for PNG output."""
    if "igraph" in sys.modules or "matplotlib" in sys.modules:
        import igraph as ig
        return ig
    sys.modules["matplotlib"] = None  # igraph.drawing's find_matplotlib then falls back to a placeholder
    try:
        import igraph as ig
    finally:
        del sys.modules["matplotlib"]
    return ig
