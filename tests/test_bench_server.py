"""The benchmark's server path (scripts/bench_run.py): `oxigraph load` into a server database, `oxigraph
serve-read-only` on 127.0.0.1, a named query through `bbkg query --endpoint`, the server stopped after."""

from __future__ import annotations

import socket
import sys

import pytest
from conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "scripts"))

import bench_run  # noqa: E402


def test_server_path_answers_like_the_embedded_engine_and_stops(ecosystem_trig, tmp_path):
    location = tmp_path / "server-db"
    loaded = bench_run.server_load([ecosystem_trig], location)
    assert len(loaded["times"]) == 1 and loaded["store_mb"] > 0
    with bench_run.server(location) as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/query")
        there = run_cli("query", "organisations-by-region", "--format", "csv", "--endpoint", url)
        here = run_cli("query", "organisations-by-region", "--format", "csv", "--data", ecosystem_trig)
        assert there.returncode == 0, there.stderr
        assert there.stdout == here.stdout and there.stdout.count("\n") > 1
        # what the bench records for the server column: one whole process per query and repeat
        timed = bench_run.query_processes(["organisations-by-region"], ["--endpoint", url], 1)
        assert set(timed["organisations-by-region"]) == {"times", "peak_mb"}
        refused = bench_run.query_processes(["no-such-query"], ["--endpoint", url], 1)
        assert refused["no-such-query"]["error"].startswith("exit 2: ")
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    with pytest.raises(OSError):  # the server is gone
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
