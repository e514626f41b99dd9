"""`bbkg serve` as a process (issue 12, case 5): it starts on a port with a connection in TIME-WAIT, its
Oxigraph server dies with it even on SIGKILL, and the next start removes the killed one's database."""

from __future__ import annotations

import errno
import os
import signal
import socket
import time
from pathlib import Path

import pytest

from remote_servers import start_serve, stop_serve

pytestmark = pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")


def _time_wait_port() -> int:
    """Return a port of 127.0.0.1 with a connection in TIME-WAIT on it, as a server that just stopped leaves
    it: its listener had SO_REUSEADDR (as servers have, the Oxigraph server and bbkg's front too), and its
    side closed the connection first."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = listener.accept()
    accepted.close()
    assert client.recv(1) == b""
    client.close()
    listener.close()
    return port


def _states(port: int) -> set[str]:
    """The TCP states of the sockets whose local port is ``port`` (06 is TIME-WAIT)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].rsplit(":", 1)[1], 16) == port:
            found.add(fields[3])
    return found


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _gone(pid: int, seconds: float = 10) -> bool:
    """Whether process ``pid`` ends (or is a zombie) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return True
        if "\nState:\tZ" in status:
            return True
        time.sleep(0.05)
    return False


def test_serve_restarts_on_a_port_in_time_wait_and_its_server_dies_with_it(tmp_path, ecosystem_trig):
    port = _time_wait_port()
    assert "06" in _states(port), "the test needs a connection in TIME-WAIT"
    with socket.socket() as plain, pytest.raises(OSError) as caught:
        plain.bind(("127.0.0.1", port))  # what the port check did before: refused
    assert caught.value.errno == errno.EADDRINUSE
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {"TMPDIR": str(temp)}
    server = start_serve(port, ecosystem_trig, env=env)
    try:
        children = _children(server.pid)
        assert len(children) == 1 and "oxigraph" in Path(f"/proc/{children[0]}/cmdline").read_text()
        server.send_signal(signal.SIGKILL)
        server.wait()
        assert _gone(children[0]), "the Oxigraph server outlived a killed `bbkg serve`"
        left = os.listdir(temp)
        assert len(left) == 1  # the killed one's database, left behind
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    again = start_serve(port, ecosystem_trig, env=env)  # the same port, at once
    try:
        now = os.listdir(temp)
        assert len(now) == 1 and now != left  # the killed one's removed, its own made
    finally:
        out, _ = stop_serve(again)
    assert "stopped" in out and os.listdir(temp) == []
