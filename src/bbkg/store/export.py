"""Writing a store out in an export format: sorted and byte-stable up to a size, streamed above it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from bbkg.errors import InputError
from bbkg.namespaces import PREFIXES
from bbkg.rdfio import EXPORT_FORMATS, emit, serialize, target_mode, write_error
from bbkg.store.base import Store

#: above this many quads, exports are streamed in the store's own order instead of sorted in Python
SORTED_LIMIT = 250_000


def export_store(store: Store, fmt: str, out: Path | str | None, *, header: str = "") -> None:
    """Write a store's data in ``fmt`` to ``out`` (atomically) or standard output.

    Up to ``SORTED_LIMIT`` quads the output is sorted (byte-stable across machines). Larger
    Oxigraph stores are streamed by pyoxigraph in the store's index order (stable for the same
    data and pyoxigraph version), at about a million quads a second in memory; Turtle and
    N-Triples then may repeat a triple that several named graphs state.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of: " + ", ".join(EXPORT_FORMATS))
    if store.count() <= SORTED_LIMIT:
        emit(serialize(store.quads(), fmt, header=header), out)
        return
    ox_format, _ = EXPORT_FORMATS[fmt]
    prefixes = PREFIXES if ox_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None

    def write(handle) -> None:
        if header and prefixes:
            handle.write(header.encode())
        store.dump(handle, ox_format, prefixes)

    if out is None or str(out) == "-":
        try:
            write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise write_error(exc, None) from None
        return
    path = Path(out)
    mode = target_mode(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise write_error(exc, path) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        os.unlink(tmp)
        if isinstance(exc, OSError):
            raise write_error(exc, path) from None
        raise
