"""The versions inside a store folder, the locks that keep loads and readers apart, and the recovery
of what a killed load left behind.

A store folder ``DIR`` holds ``bbkg-store.json`` (the marker) and one or more version folders
``bbkg-data-N`` (each a complete Oxigraph store). The marker names the current version; a load
writes a new version beside it and then replaces the marker in one rename, which is the only
moment the store changes. Readers never see a version that is being written, so they keep
working during a load and see the old data or the new, whole.

Locks are ``flock`` locks on the folders themselves (nothing is written for them, and the
kernel drops them when a process dies, however it dies):

- a load holds an exclusive lock on ``DIR`` for its whole run, so loads run one at a time;
- a reader holds a shared lock on the version it reads, so no load removes it under it.

Whatever a load leaves when it is killed (a version newer than the current one, a temporary
marker) is found by the next command on the store, reported in one line and removed.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bbkg.errors import InputError
from bbkg.resources import display

MARKER = "bbkg-store.json"


VERSION = re.compile(r"bbkg-data-(\d+)")


#: the files of an Oxigraph (RocksDB) folder, as a store of format 1 kept them directly in DIR
ROCKSDB_FILE = re.compile(r"(\d+\.(sst|log|blob)|CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+)")


#: stores of format 1 loaded into ``.DIR.loading-PID`` and swapped through ``.DIR.old-PID`` beside DIR; an
#: import into DIR writes its N-Quads to ``.DIR.import-PID.nq`` beside it (:mod:`bbkg.store.staged`)
LEGACY = re.compile(r"\.(?P<name>.+)\.(?:(?P<kind>loading|old)|import)-(?P<pid>\d+)(?(kind)|\.nq)")


#: the environment variable that stops a load at a named step (tests kill it there)
PAUSE_VARIABLE = "BBKG_TEST_PAUSE"


Note = Callable[[str], None]


def note_on_stderr(message: str) -> None:
    """The default way to report a recovery: one line on standard error."""
    print(f"note: {message}", file=sys.stderr, flush=True)


def pause(step: str) -> None:
    """Stop here for good when ``BBKG_TEST_PAUSE`` names this step (after saying so on stderr).

    The crash tests start a real load with it, wait for the line, run readers, then kill the
    process, to check that a load killed at any step leaves the store whole."""
    if os.environ.get(PAUSE_VARIABLE) == step:
        print(f"paused at {step}", file=sys.stderr, flush=True)
        while True:
            time.sleep(3600)


def version_name(number: int) -> str:
    """Return the folder name of version ``number``."""
    return f"bbkg-data-{number}"


def version_number(name: str) -> int | None:
    """Return the number of a version folder name, or None when it is no version folder."""
    m = VERSION.fullmatch(name)
    return int(m.group(1)) if m else None


class FolderLock:
    """An ``flock`` lock on a folder, held until :meth:`close` (or until the process ends)."""

    def __init__(self, fd: int) -> None:
        self.fd: int | None = fd

    def close(self) -> None:
        """Release the lock."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __del__(self) -> None:
        self.close()


def try_lock(folder: Path, *, exclusive: bool, wait: bool = False) -> FolderLock | None:
    """Lock ``folder`` (shared or exclusive); return None when it is missing or, without ``wait``, held."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return None
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(fd)
        return None
    return FolderLock(fd)


def writer_lock(path: Path, wait: float = 3.0) -> FolderLock:
    """Take the store's load lock, waiting up to ``wait`` seconds (a reader may be tidying)."""
    deadline = time.monotonic() + wait
    while True:
        lock = try_lock(path, exclusive=True)
        if lock is not None:
            return lock
        if time.monotonic() > deadline:
            raise InputError("the store is being loaded by another process (a running `bbkg load`); "
                             "wait for it to finish, or stop it", path=display(path))
        time.sleep(0.05)


def write_marker(path: Path, marker_text: str) -> None:
    """Replace the marker in one rename (the moment a load takes effect), durably."""
    tmp = path / f".{MARKER}.tmp-{os.getpid()}"
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(marker_text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path / MARKER)
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def current_version(path: Path) -> str | None:
    """Return the version the marker names, or None when there is no readable marker."""
    import json

    try:
        data = json.loads((path / MARKER).read_text(encoding="utf-8")).get("data")
    except (OSError, ValueError, AttributeError):
        return None
    return data if isinstance(data, str) and version_number(data) is not None else None


def next_version(path: Path) -> Path:
    """Return the folder of the next version: one past every version present."""
    numbers = [n for entry in os.listdir(path) if (n := version_number(entry)) is not None]
    return path / version_name(max(numbers, default=0) + 1)


def remove_superseded(path: Path, keep: str) -> None:
    """Remove the versions other than ``keep`` that no reader holds, and the files of a format-1 store."""
    for entry in os.listdir(path):
        if ROCKSDB_FILE.fullmatch(entry):
            (path / entry).unlink(missing_ok=True)
        elif version_number(entry) is not None and entry != keep:
            lock = try_lock(path / entry, exclusive=True)
            if lock is not None:
                shutil.rmtree(path / entry, ignore_errors=True)
                lock.close()


def _crash_leftovers(path: Path) -> list[str]:
    """The entries of ``path`` that only a killed load leaves: newer versions, temporary markers."""
    if not path.is_dir():
        return []
    has_marker = (path / MARKER).exists()
    current = current_version(path)
    if has_marker and current is None:
        return []  # an unreadable marker: leave everything for `bbkg load --replace`
    current_number = version_number(current) if current else 0
    found = []
    for entry in sorted(os.listdir(path)):
        number = version_number(entry)
        if entry.startswith(f".{MARKER}.tmp-") or (number is not None and number > current_number):
            found.append(entry)
    return found


def _legacy_leftovers(path: Path) -> list[Path]:
    """Folders beside ``path`` that a killed load of a format-1 store left, and staging files of killed
    imports (their processes are gone)."""
    parent = path.parent if path.parent.is_dir() else None
    found = []
    for entry in sorted(os.listdir(parent)) if parent else []:
        m = LEGACY.fullmatch(entry)
        if m and m.group("name") == path.name and not _alive(int(m.group("pid"))):
            found.append(parent / entry)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(path: Path, note: Note | None = None, *, locked: bool = False) -> None:
    """Report and remove what killed loads left in (and beside) the store folder.

    Nothing is touched while a load runs (its folders are not leftovers): without ``locked``
    the load lock is tried once, and recovery is skipped when another process holds it.
    Superseded versions that no reader holds any more are removed quietly.
    """
    note = note or note_on_stderr
    legacy = _legacy_leftovers(path)
    if not legacy and not _crash_leftovers(path) and not _superseded(path):
        return
    lock = None if locked else try_lock(path, exclusive=True)
    if not locked and lock is None and path.is_dir():
        return
    try:
        crashed = _crash_leftovers(path)
        for entry in crashed:
            target = path / entry
            shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
        current = current_version(path)
        if current is not None:
            remove_superseded(path, current)
        restored = _recover_legacy(path, legacy)
        if crashed or legacy:
            removed = ", ".join(crashed + [p.name for p in legacy if p != restored])
            what = f"removed {removed}" if removed else ""
            if restored is not None:
                what += ("; " if what else "") + f"moved the previous data back from {restored.name}"
            note(f"{display(path)}: a `bbkg load` did not finish (it was killed or crashed); {what}; "
                 "the store holds the data of the last load that finished")
    finally:
        if lock is not None:
            lock.close()


def _superseded(path: Path) -> bool:
    current = current_version(path) if path.is_dir() else None
    return current is not None and any(version_number(e) is not None and e != current for e in os.listdir(path))


def _recover_legacy(path: Path, legacy: list[Path]) -> Path | None:
    """Remove a format-1 load's temporary folders and killed imports' staging files; put back the old data
    a swap left hidden. Return that one."""
    restored = None
    for folder in legacy:
        if folder.name.startswith(f".{path.name}.old-") and not path.exists():
            os.rename(folder, path)
            restored = folder
        elif folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
        else:
            folder.unlink(missing_ok=True)
    return restored
