"""Writing a download the way users get it: a zip file, or the folder it unpacks to."""

from __future__ import annotations

import zipfile
from pathlib import Path


def write_download(target: Path, name: str, files: dict[str, str], as_zip: bool = True) -> Path:
    """Write ``files`` (name -> UTF-8 text) as ``target/name.zip``, or as the folder ``target/name``."""
    if not as_zip:
        folder = target / name
        folder.mkdir(parents=True)
        for file, text in files.items():
            (folder / file).write_bytes(text.encode("utf-8"))
        return folder
    path = target / f"{name}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file, text in files.items():
            archive.writestr(file, text.encode("utf-8"))
    return path
