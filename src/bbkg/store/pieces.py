"""Bulk-load a line-based RDF file (N-Quads, N-Triples) in pieces, at the engine's own speed.

Oxigraph's bulk loader holds memory in proportion to what one call reads, so a large file is loaded
in pieces cut at line ends. Each piece reaches the engine by path, as the whole file would: the piece's
bytes are copied by the kernel (``os.splice``) from the file into a pipe that ``Store.bulk_load`` reads
through ``/dev/fd/N``, in Rust, without the GIL and without a Python copy of the piece. Reading a piece
as a Python ``bytes`` object instead costs two copies of it in memory and a slower parse.

The lines before a piece are only counted when a syntax error has to be located in the whole file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

#: where a process's open file descriptors can be opened by path (Linux, macOS, the BSDs: every system
#: with the ``flock`` locks the store needs)
FD_FOLDER = Path("/dev/fd")


#: the most bytes the kernel copies from the file into the pipe in one call
COPY_BYTES = 1 << 20


#: the pipe's buffer (Linux allows up to /proc/sys/fs/pipe-max-size, 1 MiB by default, without privileges)
PIPE_BYTES = 1 << 20


def cuts(handle: BinaryIO, size: int, piece_bytes: int) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` byte ranges of at most about ``piece_bytes`` covering a file of ``size`` bytes,
    each ending just after a line end (or at the end of the file). The pieces are of equal size (a file of
    1.1 pieces is cut in two halves, not a whole piece and a tenth): every piece is one bulk load, with its
    own cost, and memory follows the largest."""
    piece_bytes = max(piece_bytes, 1)
    piece_bytes = -(-size // -(-size // piece_bytes)) if size else piece_bytes  # ceil(size / ceil(size / max))
    start = 0
    while start < size:
        end = min(start + piece_bytes, size)
        if end < size:
            handle.seek(end - 1)
            end += len(handle.readline()) - 1  # up to and with the next line end, which may be at end - 1
        yield start, end
        start = end


def lines_before(handle: BinaryIO, offset: int, block: int = 16 << 20) -> int:
    """Return the number of line ends in the first ``offset`` bytes of the file."""
    handle.seek(0)
    count, left = 0, offset
    while left > 0:
        data = handle.read(min(block, left))
        if not data:
            break
        count += data.count(b"\n")
        left -= len(data)
    return count


def _copy(source: int, sink: int, start: int, end: int) -> None:
    """Copy the bytes ``[start, end)`` of the file ``source`` into the pipe ``sink``."""
    offset = start
    while offset < end:
        if hasattr(os, "splice"):
            done = os.splice(source, sink, min(COPY_BYTES, end - offset), offset_src=offset)
        else:
            done = os.write(sink, os.pread(source, min(COPY_BYTES, end - offset), offset))
        if done == 0:
            return
        offset += done


def load_range(store: ox.Store, handle: BinaryIO, start: int, end: int, fmt: ox.RdfFormat) -> None:
    """Bulk-load the bytes ``[start, end)`` of an open file into ``store`` through a pipe.

    A syntax error propagates as pyoxigraph's ``SyntaxError`` (line counted within the piece); an error
    reading the file as ``OSError``."""
    read_end, write_end = os.pipe()
    if hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux: a larger pipe, fewer wake-ups between feeder and loader
        with contextlib.suppress(OSError):
            fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    failure: list[BaseException] = []

    def feed() -> None:
        try:
            _copy(handle.fileno(), write_end, start, end)
        except BrokenPipeError:
            pass  # the loader stopped reading: its own error says why
        except BaseException as exc:  # noqa: BLE001 (raised again in the loading thread)
            failure.append(exc)
        finally:
            os.close(write_end)

    feeder = threading.Thread(target=feed, name="bbkg-load-feed", daemon=True)
    feeder.start()
    try:
        store.bulk_load(path=str(FD_FOLDER / str(read_end)), format=fmt)
    finally:
        os.close(read_end)  # a feeder still writing gets EPIPE and ends
        feeder.join()
    if failure:
        raise failure[0]


def piecewise(store: ox.Store, path: Path, fmt: ox.RdfFormat, piece_bytes: int,
              after_piece: Callable[[int], None]) -> int:
    """Bulk-load a line-based file in pieces of about ``piece_bytes``; call ``after_piece`` with each
    piece's size; return the bytes read. A ``SyntaxError`` gets ``lines_before``: the line ends before
    its piece, to add to its line number."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        for start, end in list(cuts(handle, size, piece_bytes)):
            try:
                load_range(store, handle, start, end, fmt)
            except SyntaxError as exc:
                exc.lines_before = lines_before(handle, start)
                raise
            after_piece(end - start)
        return size

