"""Docs that check themselves: the README's generated parts, commands' help, README commands."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, run_cli


def test_readme_generated_sections_are_fresh():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_readme.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr


def test_every_command_has_help_and_is_in_the_readme():
    from bbkg.cli import COMMANDS, SUMMARIES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert SUMMARIES.get(name), f"{name} has no summary"
        proc = run_cli(name, "--help")
        assert proc.returncode == 0 and len(proc.stdout.splitlines()) > 3, name
        assert f"bbkg {name}" in readme, f"README does not mention `bbkg {name}`"


def test_import_is_light():
    code = "import sys, bbkg; heavy = {'rdflib','pyoxigraph','networkx','pyvis','SPARQLWrapper','pyshacl'}; " \
           "print(sorted(heavy & set(sys.modules)))"
    proc = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr


def test_help_imports_no_rdf_library():
    code = ("import sys; from bbkg.cli import main\n"
            "try:\n    main.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print(sorted({'rdflib','pyoxigraph','networkx','pyvis'} & set(sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip().endswith("[]"), proc.stdout + proc.stderr


def test_ruff_is_clean():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "scripts"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:]
