"""The persistent store: an Oxigraph (RocksDB) folder that ``bbkg load`` fills once and
every reading command opens read-only with ``--store DIR``.

A store folder holds Oxigraph's files and a marker, ``bbkg-store.json`` (store format,
bbkg and pyoxigraph versions, quad count). Opening checks the marker, so that a folder of
other files or a store from an incompatible version is refused with a one-line error
instead of being read or overwritten.

Loading never writes into the store in place: it copies the current store to a fresh
folder beside it (a RocksDB checkpoint: hard links, cheap), bulk-loads the files there and
swaps the folders by renaming. A file that fails to parse halfway leaves the store as it
was. While a load runs, the store is locked (RocksDB's ``LOCK`` file): a second load, or a
reader, gets a clear error instead of undefined behaviour.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from bbkg.errors import IncompatibleStore, InputError
from bbkg.resources import display

STORE_FORMAT = 1


MARKER = "bbkg-store.json"


#: N-Quads / N-Triples files are loaded in pieces of this size: memory stays bounded
CHUNK_BYTES = 128 * 2**20


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


def _locked_error(path: Path) -> InputError:
    return InputError(
        "the store is locked by another process (a running `bbkg load` or another writer); "
        "wait for it to finish, or stop it",
        path=display(path),
    )


def _is_locked(path: Path) -> bool:
    """Return whether another process holds RocksDB's write lock on the store."""
    import fcntl

    lock = path / "LOCK"
    if not lock.exists():
        return False
    fd = os.open(lock, os.O_RDONLY)
    try:
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # also releases the probe's lock
    return False


def read_marker(path: Path) -> dict:
    """Return the marker of a store folder, checked; raise InputError when it is no usable bbkg store."""
    shown = display(path)
    if not path.exists():
        raise InputError(f"no such store; create it with `bbkg load FILE --store {shown}`", path=shown)
    if not path.is_dir():
        raise InputError("not a store folder (it is a file); give the folder `bbkg load --store` made", path=shown)
    marker_path = path / MARKER
    if not marker_path.exists():
        if not any(path.iterdir()):
            raise InputError(f"empty folder, not a bbkg store; fill it with `bbkg load FILE --store {shown}`",
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
    return marker


def open_disk_store(path: Path | str, graph: str | None = None):
    """Open a store folder read-only (several readers can share it); return an ``OxigraphStore``."""
    from bbkg.store.oxigraph import OxigraphStore

    path = Path(path)
    read_marker(path)
    if _is_locked(path):
        raise _locked_error(path)
    try:
        return OxigraphStore(path, read_only=True, graph=graph)
    except (OSError, RuntimeError) as exc:
        raise InputError(f"cannot open the store: {exc}; " + REBUILD.format(dir=display(path)),
                         path=display(path)) from None


def _open_writable(path: Path) -> ox.Store:
    try:
        return ox.Store(str(path))
    except (OSError, RuntimeError) as exc:
        if "lock" in str(exc).lower():
            raise _locked_error(path) from None
        raise InputError(f"cannot open the store: {exc}", path=display(path)) from None


def _chunks(path: Path, size: int) -> Iterable[tuple[bytes, int]]:
    """Yield pieces of a line-based RDF file cut at line ends, each with the number of lines before it."""
    lines_before = 0
    rest = b""
    with path.open("rb") as handle:
        while True:
            block = handle.read(size)
            if not block:
                if rest:
                    yield rest, lines_before
                return
            block = rest + block
            cut = block.rfind(b"\n") + 1
            if cut == 0:
                rest = block
                continue
            piece, rest = block[:cut], block[cut:]
            yield piece, lines_before
            lines_before += piece.count(b"\n")


def _load_file(store: ox.Store, path: Path, progress: Progress | None, chunk_bytes: int) -> int:
    """Bulk-load one file; return the bytes read. Syntax errors become ``path:line:col``."""
    from bbkg.rdfio import rdf_format

    fmt = rdf_format(path)
    lines_before = 0
    try:
        if fmt in LINE_FORMATS:
            done = 0
            for piece, lines_before in _chunks(path, chunk_bytes):
                store.bulk_load(piece, format=fmt)
                done += len(piece)
                if progress:
                    progress(len(piece))
            return done
        store.bulk_load(path=str(path), format=fmt)
        size = path.stat().st_size
        if progress:
            progress(size)
        return size
    except SyntaxError as exc:
        # pyoxigraph's message repeats the location, counted within the piece: keep what follows
        message = re.sub(r"^Parser error (?:at|between) .*?: ", "", str(exc.msg))
        raise InputError(
            f"invalid {fmt.name}: {message}; fix the syntax there (the store is unchanged)",
            path=display(path),
            line=(exc.lineno + lines_before) if exc.lineno else None,
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
    before: Callable[[ox.Store], None] | None = None,
) -> LoadReport:
    """Bulk-load RDF files into the store folder ``path`` (created if missing); all or nothing.

    Adds to the store's quads, or replaces them with ``replace``. ``progress`` is called with
    the number of bytes read so far, piece by piece. ``before`` changes the store's copy before the
    files are loaded into it (an importer drops or rewrites its own named graph there), inside the same
    all or nothing. Raises :class:`InputError` for a missing or
    unparsable file, a folder that is not a bbkg store, an incompatible or locked store.
    """
    from bbkg.rdfio import rdf_format

    started = time.perf_counter()
    path = Path(path)
    files = [Path(f) for f in files]
    for file in files:
        rdf_format(file)
        if not file.is_file():
            raise InputError("no such file; check the path", path=display(file))
    existing = path.exists() and (not path.is_dir() or any(path.iterdir()))
    current = _open_existing(path, replace) if existing else None  # holds the lock for the whole load
    quads_before = 0 if (current is None or replace) else len(current)
    fresh = path.parent / f".{path.name}.loading-{os.getpid()}"
    if fresh.exists():
        shutil.rmtree(fresh)
    target: ox.Store | None = None
    try:
        if current is not None and not replace:
            current.backup(str(fresh))
        target = _open_writable(fresh)
        if before is not None:
            before(target)
        read = sum(_load_file(target, file, progress, chunk_bytes) for file in files)
        target.flush()
        quads_after = len(target)
        marker = _write_marker(fresh, quads_after, files)
        del target
        target = None
        # RocksDB tidies its folder *by name* when it closes: close the old store before the
        # swap, or it would delete files of the new one
        current = None
        old = _swap(fresh, path, existing)
    except BaseException as exc:
        # close both stores first: the traceback's frames still hold them, and a RocksDB store that
        # closes after its folder is gone writes part of it again
        traceback.clear_frames(exc.__traceback__)
        del target
        current = None
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return LoadReport(path, files, quads_before, quads_after, read, time.perf_counter() - started, marker)


def _open_existing(path: Path, replace: bool) -> ox.Store:
    """Open an existing store folder for writing, after checking it is a bbkg store of this version."""
    try:
        read_marker(path)
    except IncompatibleStore:
        # replacing may overwrite a bbkg store of another version, never other files
        if not (replace and (path / MARKER).is_file()):
            raise
    return _open_writable(path)


def _write_marker(folder: Path, quads: int, files: list[Path]) -> dict:
    """Write the store's ``bbkg-store.json`` (format, versions, size, what was loaded); return it."""
    from bbkg import __version__

    marker = {
        "format": STORE_FORMAT,
        "bbkg": __version__,
        "pyoxigraph": ox.__version__,
        "quads": quads,
        "loaded": [file.name for file in files],
        "updated": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (folder / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    return marker


def _swap(fresh: Path, path: Path, existing: bool) -> Path | None:
    """Put the freshly loaded folder in place of the store, by renames; return the old folder."""
    if not existing:
        os.replace(fresh, path)  # path is missing or an empty folder
        return None
    old = path.parent / f".{path.name}.old-{os.getpid()}"
    os.rename(path, old)
    try:
        os.rename(fresh, path)
    except OSError:
        os.rename(old, path)
        raise
    return old
