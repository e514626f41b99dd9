"""Import-shaped data for the benchmark (scripts/bench.py --scale small|full): the importers' generators
(scripts/synth_kbo.py: a KBO Full extract; scripts/synth_cordis.py: the CORDIS packages of H2020, HORIZON
and FP7), then, into ONE store, the curated graph (`bbkg load graph/bbkg.trig`), `bbkg import kbo` and
`bbkg import cordis` of all three packages (every country), each step a whole process with its time,
peak memory and the store's size after it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from bench_run import ROOT, SCRIPTS, bbkg, checked, folder_mb

#: the sizes per scale: KBO enterprises, and (projects, participations) per CORDIS programme; full = a real
#: KBO Full extract (1.9M enterprises) and the scale goal of issue 15 for CORDIS (100k projects, 1M
#: participations in one store)
SCALES = {
    "small": {"kbo": 100_000, "cordis": {"H2020": (2_000, 20_000), "HORIZON": (1_000, 10_000), "FP7": (2_000, 20_000)}},
    "full": {"kbo": 1_900_000,
             "cordis": {"H2020": (40_000, 400_000), "HORIZON": (25_000, 250_000), "FP7": (35_000, 350_000)}},
}


def generate(scale: str, workdir: Path) -> dict:
    """Write (or reuse, when made with the same sizes) the KBO extract and the CORDIS packages."""
    sizes = SCALES[scale]
    folder = workdir / f"imports-{scale}"
    stamp = folder / "generated.json"
    if stamp.exists() and json.loads(stamp.read_text())["sizes"] == json.loads(json.dumps(sizes)):
        return json.loads(stamp.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    print(f"[bench] {scale}: generating a KBO extract of {sizes['kbo']:,} enterprises", file=sys.stderr)
    kbo = checked([sys.executable, str(SCRIPTS / "synth_kbo.py"), "--out", str(folder / "kbo"), "--enterprises",
                   str(sizes["kbo"])], "synth_kbo.py")
    packages, counts, seconds = [], [], kbo["seconds"]
    for programme, (projects, participations) in sizes["cordis"].items():
        print(f"[bench] {scale}: generating CORDIS {programme}, {projects:,} projects", file=sys.stderr)
        done = checked([sys.executable, str(SCRIPTS / "synth_cordis.py"), str(folder / "cordis"), "--programme",
                        programme, "--projects", str(projects), "--participations", str(participations)],
                       "synth_cordis.py", stdout=subprocess.PIPE)
        counts.append(json.loads(done["stdout"]))
        packages.append(counts[-1]["path"])
        seconds += done["seconds"]
    made = {"sizes": sizes, "kbo": str(folder / "kbo" / "KboOpenData_0200_2025_11_01_Full.zip"),
            "cordis": packages, "cordis_counts": counts, "seconds": seconds}
    stamp.write_text(json.dumps(made, indent=2))
    return made


def quads_in(store: Path) -> int:
    """The number of quads the store's marker records."""
    return json.loads((store / "bbkg-store.json").read_text())["quads"]


def build_store(made: dict, store: Path) -> list[dict]:
    """The curated graph, the KBO Full extract and all CORDIS packages into one new store: one entry per step
    (seconds, peak MB, store MB and quads after it, the command's summary)."""
    shutil.rmtree(store, ignore_errors=True)
    curated = ROOT / "graph" / "bbkg.trig"
    steps = [("load the curated graph", bbkg("load", curated, "--store", store)),
             ("import kbo (Full extract, --nace biotech)", bbkg("import", "kbo", made["kbo"], "--store", store, "-q")),
             (f"import cordis ({len(made['cordis'])} packages, every country)",
              bbkg("import", "cordis", *made["cordis"], "--store", store, "-q"))]
    out = []
    for name, cmd in steps:
        print(f"[bench] imports: {name}", file=sys.stderr)
        done = checked(cmd, name, stdout=subprocess.PIPE)
        out.append({"name": name, "times": [done["seconds"]], "peak_mb": done["peak_mb"],
                    "store_mb": folder_mb(store), "quads": quads_in(store),
                    "summary": " / ".join(done["stdout"].strip().splitlines()[:2])[:160]})
    return out


def describe(made: dict) -> str:
    """One line on what was generated."""
    cordis = ", ".join(f"{c['programme']} {c['projects']:,} projects / {c['participation_rows']:,} participations"
                       for c in made["cordis_counts"])
    return f"KBO Full extract of {made['sizes']['kbo']:,} enterprises; CORDIS {cordis}"
