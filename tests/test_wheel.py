"""A wheel built with `python -m build` carries its queries, ontology, shipped graph and templates:
installed apart from the checkout, it runs `bbkg query`, `bbkg diagram` and `bbkg validate`."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, once_per_run


def built_wheel(tmp_path_factory) -> Path:
    """The wheel, built once per test run: `python -m build` writes build/ in the checkout, so two test
    workers building at once would trip over each other; the first builds, the others wait and reuse it."""
    def make(folder: Path) -> None:
        built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(folder), str(ROOT)],
                               capture_output=True, text=True)
        assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]

    return next(once_per_run(tmp_path_factory, "wheel", make).glob("bbkg-*.whl"))


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding only the built wheel; its dependencies come from the test venv's
    site-packages through a .pth file (so the checkout's editable install is not on its path)."""
    work = tmp_path_factory.mktemp("wheel")
    wheel = built_wheel(tmp_path_factory)
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("bbkg/data/queries/most-connected.rq", "bbkg/data/ontology/shapes.ttl",
                   "bbkg/data/graph/bbkg.trig", "bbkg/render/templates/network.html",
                   "bbkg/render/vendor/sigma-3.0.3.min.js", "bbkg/render/vendor/leaflet-1.9.4.js",
                   "bbkg/render/geodata/belgium.json", "bbkg/data/graph/municipality-coordinates.csv",
                   "bbkg/site/templates/entity.html", "bbkg/site/static/search.js"):
        assert needed in names, needed
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
                   check=True)
    (site / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


def run_installed(python: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-m", "bbkg", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_installed_wheel_is_not_the_checkout(installed, tmp_path):
    where = subprocess.run([str(installed), "-c", "import bbkg.resources as r; print(r.queries_dir())"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()
    assert str(ROOT) not in where and "site-packages" in where


def test_the_installed_wheel_queries_draws_and_validates(installed, tmp_path, ecosystem_trig):
    query = run_installed(installed, tmp_path, "query", "most-connected", "--format", "csv")
    assert query.returncode == 0, query.stderr
    assert query.stdout.startswith("org,partners,partnerships") and len(query.stdout.splitlines()) > 10
    diagram = run_installed(installed, tmp_path, "diagram", "--out", str(tmp_path / "network.html"))
    assert diagram.returncode == 0, diagram.stderr
    assert (tmp_path / "network.html").stat().st_size > 100_000
    drawn = run_installed(installed, tmp_path, "map", "--out", str(tmp_path / "map.html"))
    assert drawn.returncode == 0, drawn.stderr
    site = run_installed(installed, tmp_path, "site", "--data", str(ecosystem_trig), "--out", str(tmp_path / "site"))
    assert site.returncode == 0, site.stderr
    assert (tmp_path / "site" / "id" / "org" / "gamma-bio" / "index.html").exists()
    # the shipped graph, the shapes and the check queries all come from the wheel
    validate = run_installed(installed, tmp_path, "validate")
    assert validate.returncode == 0, validate.stderr
    assert validate.stdout.splitlines()[-1].startswith("conforms: ")
