"""The persistent store: a folder that ``bbkg load`` fills once and every reading command opens
read-only with ``--store DIR``.

A store folder holds a marker, ``bbkg-store.json`` (store format, bbkg and pyoxigraph
versions, quad count, and the name of the current version), and the version folders, each an
Oxigraph (RocksDB) store (see :mod:`bbkg.store.versions`). Opening checks the marker, so that a
folder of other files or a store from an incompatible version is refused with a one-line error
instead of being read or overwritten.

Loading never writes into the current version: it copies it to a new version folder (a
RocksDB checkpoint of a read-only open: hard links, cheap), bulk-loads the files there and
then replaces the marker in one rename; before the rename it writes the version's label index
(:mod:`bbkg.store.labels`). A file that fails to parse halfway leaves the store as it was; readers keep working during the load and see the old data until the rename, the new
data after it. Loads run one at a time (a second one is refused); what a killed load leaves is
reported and removed by the next command on the store.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from bbkg.errors import IncompatibleStore, InputError
from bbkg.resources import display
from bbkg.store.labels import LabelIndex, write_label_index
from bbkg.store.versions import (
    MARKER,
    Note,
    next_version,
    pause,
    recover,
    remove_superseded,
    try_lock,
    version_number,
    write_marker,
    writer_lock,
)

#: 2: the data in version folders named by the marker (1: the data beside the marker)
STORE_FORMAT = 2


#: N-Quads / N-Triples files are loaded in pieces of this size: memory stays bounded
CHUNK_BYTES = 256 * 2**20


LINE_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)


REBUILD = "rebuild it with `bbkg load FILE --store {dir} --replace`"


Progress = Callable[[int], None]


@dataclass
class LoadReport:
    """What a load did: quads before and after, bytes read, seconds taken."""

    store: Path
    files: list[Path]
    quads_before: int
    quads_after: int
    bytes_read: int
    seconds: float
    marker: dict = field(default_factory=dict)

    @property
    def added(self) -> int:
        """Quads the load added (duplicates of quads already there do not count)."""
        return self.quads_after - self.quads_before

    def summary(self) -> str:
        """One line: what was loaded, how fast, how big the store is."""
        rate = self.added / self.seconds if self.seconds > 0 else 0.0
        if not self.files:
            return (f"updated {display(self.store)} in {self.seconds:.1f} s; the store holds {self.quads_after} quads "
                    f"(it held {self.quads_before})")
        return (
            f"loaded {self.added} quads from {len(self.files)} file(s) into {display(self.store)} "
            f"in {self.seconds:.1f} s ({rate:,.0f} quads/s); the store holds {self.quads_after} quads"
        )


def _oxigraph_series(version: str) -> str:
    """Return 'major.minor' of a version: Oxigraph may change its on-disk format between them."""
    return ".".join(version.split(".")[:2])


def read_marker(path: Path) -> dict:
    """Return the marker of a store folder, checked; raise InputError when it is no usable bbkg store."""
    shown = display(path)
    if not path.exists():
        raise InputError(f"no such store; create it with `bbkg load FILE --store {shown}`", path=shown)
    if not path.is_dir():
        raise InputError("not a store folder (it is a file); give the folder `bbkg load --store` made", path=shown)
    marker_path = path / MARKER
    if not marker_path.exists():
        entries = list(path.iterdir())
        if not entries:
            raise InputError(f"empty folder, not a bbkg store; fill it with `bbkg load FILE --store {shown}`",
                             path=shown)
        if all(version_number(e.name) is not None for e in entries):
            raise InputError("the store has no data yet: its first `bbkg load` has not finished; wait for it",
                             path=shown)
        raise InputError(f"not a bbkg store (no {MARKER}); give a folder made by `bbkg load FILE --store DIR`",
                         path=shown)
    try:
        marker = json.loads(marker_path.read_text(encoding="utf-8"))
        fmt, made_by, engine = int(marker["format"]), str(marker["bbkg"]), str(marker["pyoxigraph"])
    except (OSError, ValueError, KeyError, TypeError):
        raise IncompatibleStore(f"not a readable bbkg store: {MARKER} is unreadable; " + REBUILD.format(dir=shown),
                                path=display(marker_path)) from None
    if fmt != STORE_FORMAT or _oxigraph_series(engine) != _oxigraph_series(ox.__version__):
        raise IncompatibleStore(
            f"incompatible store: format {fmt} written by bbkg {made_by} with pyoxigraph {engine}; this bbkg "
            f"reads format {STORE_FORMAT} with pyoxigraph {_oxigraph_series(ox.__version__)}.x; "
            + REBUILD.format(dir=shown),
            path=shown,
        )
    data = marker.get("data")
    if not isinstance(data, str) or version_number(data) is None or not (path / data).is_dir():
        raise IncompatibleStore(f"not a readable bbkg store: the data folder {data!r} that {MARKER} names is "
                                "missing; " + REBUILD.format(dir=shown), path=shown)
    return marker


def data_folder(path: Path | str) -> Path:
    """Return the folder of a store's current version: an Oxigraph store that tools may open read-only
    (without the reader's lock that :func:`open_disk_store` takes, a later load may remove it)."""
    path = Path(path)
    return path / read_marker(path)["data"]


def open_disk_store(path: Path | str, graph: str | None = None, *, note: Note | None = None):
    """Open a store folder read-only (several readers can share it, also during a load); return an
    ``OxigraphStore`` that holds its version until it is dropped. What a killed load left is reported
    through ``note`` (default: a line on stderr) and removed first."""
    from bbkg.store.oxigraph import OxigraphStore

    path = Path(path)
    recover(path, note)
    for _ in range(10):
        data = read_marker(path)["data"]
        hold = try_lock(path / data, exclusive=False, wait=True)  # no load removes it while we read it
        # a load that finished in between may have removed it; a version the marker still names is whole
        if hold is None or read_marker(path)["data"] != data:
            del hold
            continue
        try:
            store = OxigraphStore(path / data, read_only=True, graph=graph)
        except (OSError, RuntimeError) as exc:
            raise InputError(f"cannot open the store: {exc}; " + REBUILD.format(dir=display(path)),
                             path=display(path)) from None
        store.hold = hold
        if graph is None:
            store.label_index = LabelIndex.open(path / data)
        return store
    raise InputError("the store changed under every attempt to open it (loads in a row); try again",
                     path=display(path))


def _open_writable(path: Path) -> ox.Store:
    try:
        return ox.Store(str(path))
    except (OSError, RuntimeError) as exc:
        raise InputError(f"cannot open the store: {exc}", path=display(path)) from None


def _load_file(store: ox.Store, path: Path, progress: Progress | None, chunk_bytes: int) -> int:
    """Bulk-load one file; return the bytes read. Syntax errors become ``path:line:col``."""
    from bbkg.rdfio import rdf_format
    from bbkg.store.pieces import piecewise

    fmt = rdf_format(path)

    def after_piece(size: int) -> None:
        pause("loading")
        if progress:
            progress(size)

    try:
        if fmt in LINE_FORMATS:
            return piecewise(store, path, fmt, chunk_bytes, after_piece)
        store.bulk_load(path=str(path), format=fmt)
        size = path.stat().st_size
        after_piece(size)
        return size
    except SyntaxError as exc:
        # pyoxigraph's message repeats the location, counted within the piece: keep what follows
        message = re.sub(r"^Parser error (?:at|between) .*?: ", "", str(exc.msg))
        raise InputError(
            f"invalid {fmt.name}: {message}; fix the syntax there (the store is unchanged)",
            path=display(path),
            line=(exc.lineno + getattr(exc, "lines_before", 0)) if exc.lineno else None,
            col=exc.offset,
        ) from None
    except (OSError, RuntimeError) as exc:
        raise InputError(f"cannot load: {exc}", path=display(path)) from None


def load_store(
    files: Iterable[Path | str],
    path: Path | str,
    *,
    replace: bool = False,
    progress: Progress | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    note: Note | None = None,
    before: Callable[[ox.Store], None] | None = None,
) -> LoadReport:
    """Bulk-load RDF files into the store folder ``path`` (created if missing); all or nothing.

    Adds to the store's quads, or replaces them with ``replace``. ``progress`` is called with
    the number of bytes read so far, piece by piece. ``before`` changes the store's copy before the
    files are loaded into it (an importer drops or rewrites its own named graph there), inside the same
    all or nothing. ``note`` is called with the one-line report of what an earlier killed load left
    (default: a line on stderr). Raises :class:`InputError` for a missing or unparsable file, a folder
    that is not a bbkg store, an incompatible store, or a store that another load is filling. Readers
    may use the store all along.
    """
    started = time.perf_counter()
    path = Path(path)
    files = _checked(files)
    with _loading(path, note):  # one load at a time; what a killed load left is reported and removed
        existing = any(path.iterdir())
        current, quads_before = _open_existing(path, replace) if existing else (None, 0)  # read-only
        pause("locked")
        fresh = next_version(path)
        target: ox.Store | None = None
        try:
            if current is not None and not replace:
                current.backup(str(fresh))
                pause("copied")
            target = _open_writable(fresh)
            if before is not None:
                before(target)
            read = sum(_load_file(target, file, progress, chunk_bytes) for file in files)
            pause("loaded")
            target.flush()
            quads_after = len(target)
            pause("counted")
            write_label_index(target, fresh)
            # RocksDB tidies its folder when it closes: close both stores before the switch
            del target
            target = None
            current = None
            pause("closed")
            marker = _write_marker(path, fresh.name, quads_after, files)  # the switch: one rename
            pause("switched")
        except BaseException as exc:
            del target
            current = None
            _discard(fresh, exc)
            raise
        remove_superseded(path, fresh.name)  # the versions no reader holds any more
    return LoadReport(path, files, quads_before, quads_after, read, time.perf_counter() - started, marker)


def _discard(fresh: Path, exc: BaseException) -> None:
    """Remove the unfinished version ``fresh`` after ``exc``, once nothing holds its stores.

    The traceback's frames (and those of the error it replaced) still hold the stores, and a RocksDB
    store that closes after its folder is gone writes part of it again: clear them first.
    """
    cause: BaseException | None = exc
    while cause is not None:
        traceback.clear_frames(cause.__traceback__)
        cause = cause.__context__
    shutil.rmtree(fresh, ignore_errors=True)


def _checked(files: Iterable[Path | str]) -> list[Path]:
    """Return the files as paths, each an existing file in an RDF format known by its extension."""
    from bbkg.rdfio import rdf_format

    paths = [Path(f) for f in files]
    for file in paths:
        rdf_format(file)
        if not file.is_file():
            raise InputError("no such file; check the path", path=display(file))
    return paths


@contextmanager
def _loading(path: Path, note: Note | None) -> Iterator[None]:
    """Hold the store's load lock (creating the folder when missing) and recover what killed loads
    left; a first load that fails leaves no folder."""
    created = _make_folder(path)
    lock = writer_lock(path)
    try:
        recover(path, note, locked=True)
        yield
    except BaseException:
        if created and not any(path.iterdir()):
            path.rmdir()
        raise
    finally:
        lock.close()


def _make_folder(path: Path) -> bool:
    """Create the store folder when missing; return whether it was created. A file there is refused."""
    if path.exists() and not path.is_dir():
        read_marker(path)  # says it is a file
    if path.exists():
        return False
    try:
        path.mkdir(parents=True)
    except OSError as exc:
        raise InputError(f"cannot create the store folder: {exc.strerror}", path=display(path)) from None
    return True


def _open_existing(path: Path, replace: bool) -> tuple[ox.Store | None, int]:
    """Open the current version of an existing store read-only (None with ``replace``), after checking
    it is a bbkg store of this version; return it with its number of quads (the marker's: no scan)."""
    try:
        marker = read_marker(path)
    except IncompatibleStore:
        # replacing may overwrite a bbkg store of another version, never other files
        if not (replace and (path / MARKER).is_file()):
            raise
        return None, 0
    if replace:
        return None, 0
    try:
        current = ox.Store.read_only(str(path / marker["data"]))
    except (OSError, RuntimeError) as exc:
        raise InputError(f"cannot open the store: {exc}; " + REBUILD.format(dir=display(path)),
                         path=display(path)) from None
    quads = marker.get("quads")
    return current, quads if isinstance(quads, int) and quads >= 0 else len(current)


def _write_marker(path: Path, data: str, quads: int, files: list[Path]) -> dict:
    """Point the store's ``bbkg-store.json`` at the version ``data`` (format, versions, size, what was
    loaded), in one rename; return it."""
    from bbkg import __version__

    marker = {
        "format": STORE_FORMAT,
        "bbkg": __version__,
        "pyoxigraph": ox.__version__,
        "data": data,
        "quads": quads,
        "loaded": [file.name for file in files],
        "updated": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    write_marker(path, json.dumps(marker, indent=2) + "\n")
    return marker
