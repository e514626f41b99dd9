"""Put what an importer writes as N-Quads into a store at the bulk loader's speed.

Handing an import's quads to the store as Python objects (``Store.bulk_extend``) runs at about
90k quads/s; writing them as N-Quads to a file first and bulk-loading that file by path (see
:mod:`bbkg.store.pieces`) is several times faster, in bounded memory. The file is written beside the
store folder (the same disk, not a memory-backed temporary folder) as ``.DIR.import-PID.nq`` and
removed afterwards, whatever happens; one left by a killed import is removed by the next command on
the store (:func:`bbkg.store.versions.recover`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from bbkg.errors import InputError
from bbkg.resources import display

#: an import loads its staging file in smaller pieces than ``bbkg load`` (128 MB: about 0.75 GB peak
#: for the loader), as the importer's own tables are in memory too (target: an import under 1 GB)
PIECE_BYTES = 128 * 2**20


def staging_file(store_dir: Path) -> Path:
    """The file an import into ``store_dir`` writes its N-Quads to, beside the store folder."""
    return store_dir.parent / f".{store_dir.name}.import-{os.getpid()}.nq"


def load_produced(store_dir: Path | str, produce: Callable[[BinaryIO], object],
                  before: Callable[[ox.Store], None] | None = None, note=None):
    """Run ``produce`` into a staging N-Quads file, then load that file into the store, all or nothing
    (``before`` first changes the store's copy: an importer drops its old graph there). Return what
    ``produce`` returned and the :class:`~bbkg.store.disk.LoadReport`. Nothing in the store changes when
    ``produce`` raises."""
    from bbkg.store.disk import load_store
    from bbkg.store.pieces import piecewise

    store_dir = Path(store_dir)
    try:
        store_dir.parent.mkdir(parents=True, exist_ok=True)  # as a load creates it
    except OSError as exc:
        raise InputError(f"cannot create the store folder: {exc.strerror}", path=display(store_dir)) from None
    staged = staging_file(store_dir)
    try:
        with staged.open("wb") as handle:
            result = produce(handle)

        def change(store: ox.Store) -> None:
            if before is not None:
                before(store)
            piecewise(store, staged, ox.RdfFormat.N_QUADS, PIECE_BYTES, lambda size: None)

        loaded = load_store([], store_dir, before=change, note=note)
    finally:
        staged.unlink(missing_ok=True)
    return result, loaded
