"""Writing where writing fails (issue 12, case 6): a full disk on standard output (/dev/full) or under --out
(a file size limit stands in for a full file system), and a reader that stops early (`| head -1`).
Real processes: what is tested is what the process writes, prints and exits with."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

#: run the CLI with exports streamed above 10 quads (as for a large store) instead of 250,000
STREAMED = "import sys, bbkg.store.export as e; e.SORTED_LIMIT = 10; from bbkg.cli import run; run(sys.argv[1:])"
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"

pytestmark = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")


def _bbkg(args: list, *, stdout, streamed: bool = False, preexec=None, cwd: Path = ROOT) -> subprocess.Popen:
    launcher = ["-c", STREAMED] if streamed else ["-m", "bbkg"]
    return subprocess.Popen([sys.executable, *launcher, *map(str, args)], cwd=cwd, stdout=stdout,
                            stderr=subprocess.PIPE, text=True, preexec_fn=preexec)


@pytest.mark.parametrize("args, streamed", [
    (["query", "--sparql", ALL, "--format", "csv"], False),
    (["export", "--format", "nq"], False),
    (["export", "--format", "turtle"], True),
    (["queries"], False),  # printed by click.echo
], ids=["query", "export", "export-streamed", "queries"])
def test_a_full_disk_on_standard_output_is_one_line_and_exit_2(args, streamed, ecosystem_trig):
    data = [] if args == ["queries"] else ["--data", ecosystem_trig]
    with open("/dev/full", "wb") as full:
        done = _bbkg([*args, *data], stdout=full, streamed=streamed)
        _, err = done.communicate(timeout=120)
    assert done.returncode == 2, err
    assert err.splitlines() == ["Error: standard output: cannot write: No space left on device; free some space "
                                "or write elsewhere"]


def _small_files() -> None:
    """In the child: files may not grow past 4 KB (EFBIG, as a full file system refuses the next block)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.parametrize("args, streamed", [
    (["export", "--format", "nq"], True),
    (["query", "--sparql", ALL, "--format", "csv"], False),
], ids=["export-streamed", "query"])
def test_a_full_file_system_under_out_is_one_line_and_leaves_the_file(tmp_path, args, streamed, ecosystem_trig):
    out = tmp_path / "out.txt"
    out.write_text("earlier output\n")
    done = _bbkg([*args, "--data", ecosystem_trig, "--out", out], stdout=subprocess.PIPE, streamed=streamed,
                 preexec=_small_files)
    stdout, err = done.communicate(timeout=120)
    assert done.returncode == 2 and stdout == "", err
    assert err.splitlines() == [f"Error: {out}: cannot write: File too large; free some space or write elsewhere"]
    assert out.read_text() == "earlier output\n"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary file left


@pytest.mark.parametrize("args, streamed", [
    (["export", "--format", "nq"], True),
    (["query", "--sparql", ALL], False),
], ids=["export-streamed", "query"])
def test_a_reader_that_stops_early_ends_the_command_quietly(args, streamed, ecosystem_trig):
    done = _bbkg([*args, "--data", ecosystem_trig], stdout=subprocess.PIPE, streamed=streamed)
    first = done.stdout.readline()
    done.stdout.close()  # as `| head -1` does
    err = done.stderr.read()
    done.wait(timeout=120)
    assert first and err == "" and done.returncode == 0
