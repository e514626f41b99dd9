"""Reading and writing RDF: formats by file extension, located syntax errors, deterministic serialisation,
and atomic output (a temporary file, then a rename).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from bbkg.errors import InputError
from bbkg.namespaces import (
    PREFIXES,
)
from bbkg.resources import display

#: export format name -> (pyoxigraph format, keeps named graphs)
EXPORT_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}


HEADER = "# Built by `bbkg build` from graph/*.csv and ontology/bbkg.ttl. Do not edit: edit the tables.\n"


def _term_key(term: object) -> str:
    return str(term)


def _canonical(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Relabel blank nodes canonically (RDFC-1.0) so that output does not depend on parsing.

    Only the quads that hold a blank node take part: the others keep their terms either way.
    """
    def blank(q: ox.Quad) -> bool:
        return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) or isinstance(
            q.graph_name, ox.BlankNode
        )

    with_blanks = [q for q in quads if blank(q)]
    if not with_blanks:
        return quads
    dataset = ox.Dataset(with_blanks)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return [q for q in quads if not blank(q)] + list(dataset)


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Return distinct quads in a stable order: graph, subject, predicate, object."""
    unique = _canonical(list(dict.fromkeys(quads)))
    return sorted(unique, key=lambda q: (_term_key(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def sorted_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """Return the distinct triples of all graphs (the union) in a stable order."""
    unique = {q.triple for q in _canonical(list(quads))}
    return sorted(unique, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def serialize(quads: Iterable[ox.Quad], fmt: str, *, header: str = "") -> bytes:
    """Serialise quads in an export format (graphs kept or merged as the format allows)."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of: " + ", ".join(EXPORT_FORMATS))
    ox_format, keeps_graphs = EXPORT_FORMATS[fmt]
    items = sorted_quads(quads) if keeps_graphs else sorted_triples(quads)
    prefixes = PREFIXES if ox_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    if not prefixes:
        return ox.serialize(items, format=ox_format)
    body = ox.serialize(items, format=ox_format, prefixes=prefixes)
    # pyoxigraph writes the @prefix lines in hash order: rewrite them in our fixed order
    lines = body.split(b"\n")
    start = 0
    while start < len(lines) and lines[start].startswith(b"@prefix "):
        start += 1
    used = {line.split(b" ")[1][:-1].decode() for line in lines[:start]}
    block = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in prefixes.items() if p in used)
    return header.encode() + block.encode() + b"\n".join(lines[start:])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: all or nothing."""
    write_all_atomic({Path(path): data})


def target_mode(path: Path) -> int:
    """Return the mode the written file gets: the existing file's (which must be writable), or the usual one."""
    import stat

    try:
        info = path.stat()
    except FileNotFoundError:
        return 0o666 & ~_umask()
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", path=str(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError("cannot write: not a regular file; choose another output path", path=str(path))
    if not info.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise InputError("cannot write: the file is read-only; make it writable or choose another output path",
                         path=str(path))
    return stat.S_IMODE(info.st_mode)


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Write several files so that none is replaced unless all temporary files were written."""
    temps: list[tuple[str, Path]] = []
    modes = {path: target_mode(path) for path in files}  # refuses a read-only target before writing anything
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))
            os.fchmod(fd, modes[path])  # mkstemp makes 0600: keep the target's mode, or give the usual one
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp, path in temps:
            os.replace(tmp, path)
        temps = []
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", path=str(exc.filename or "")) from None
    finally:
        for tmp, _ in temps:
            try:
                os.unlink(tmp)
            except OSError:
                pass


@contextlib.contextmanager
def atomic_file(path: Path | str) -> Iterator[BinaryIO]:
    """Yield a binary handle on a temporary file beside ``path`` that replaces ``path`` only when the
    block ends without an error (streamed output, all or nothing; the target's mode is kept)."""
    path = Path(path)
    mode = target_mode(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        tmp = ""
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", path=str(exc.filename or path)) from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def emit(data: bytes, out: Path | str | None) -> None:
    """Write ``data`` to ``out`` atomically, or to standard output when ``out`` is None or '-'."""
    if out is None or str(out) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(out, data)


def parse_rdf_file(path: Path, graph: ox.NamedNode | None = None) -> list[ox.Quad]:
    """Parse an RDF file into quads; a syntax error becomes ``path:line:col: message``."""
    fmt = rdf_format(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=display(path)) from None
    try:
        quads = list(ox.parse(data, format=fmt))
    except SyntaxError as exc:
        raise InputError(
            f"invalid {fmt.name}: {exc.msg}; fix the syntax there",
            path=display(path),
            line=exc.lineno,
            col=exc.offset,
        ) from None
    if graph is not None:
        quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]
    return quads


FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def rdf_format(path: Path) -> ox.RdfFormat:
    """Return the RDF format of a file by its extension."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"unknown RDF file extension {path.suffix!r}; use one of: " + ", ".join(sorted(FORMATS)),
            path=display(path),
        )
    return fmt
