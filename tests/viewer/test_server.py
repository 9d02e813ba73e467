"""`visreason view` as users run it: a real process on loopback, hit from this process."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import view_process


def get(url: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict]:
    """A GET with the path sent exactly as written (no client-side normalisation)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def test_serves_on_loopback_only(dataset_url, samples) -> None:
    parts = urlsplit(dataset_url)
    assert parts.hostname == "127.0.0.1"
    status, body, headers = get(dataset_url, "/")
    assert status == 200 and samples[0].id.encode() in body
    assert "render;dur=" in headers["server-timing"]
    status, body, headers = get(dataset_url, "/image/0")
    assert status == 200 and headers["content-type"] == "image/png"
    assert body == Path(samples[0].image).read_bytes()
    # Nothing listens on this machine's other addresses.
    try:
        other = socket.gethostbyname(socket.gethostname())
    except OSError:  # a container without a resolvable host name: nothing else to try
        return
    if not other.startswith("127."):
        with pytest.raises(OSError):
            socket.create_connection((other, parts.port), timeout=2).close()


def test_foreign_host_header_is_refused(dataset_url) -> None:
    assert get(dataset_url, "/", {"Host": "attacker.example"})[0] == 400
    assert get(dataset_url, "/", {"Host": "localhost"})[0] == 200


def test_runs_side_by_side(runs_url, runs) -> None:
    status, body, _ = get(runs_url, "/?outcome=wrong&run=1&per=500")
    assert status == 200
    text = body.decode()
    assert "alpha vs beta" in text
    assert text.count('class="card wrong"') == len(runs["beta"][1])
    assert get(runs_url, "/plot/bars.png")[1].startswith(b"\x89PNG")


def test_busy_port_is_a_clear_error(dataset) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "visreason", "view", str(dataset),
                               "--port", str(port)], capture_output=True, text=True,
                              timeout=120)
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args, message", [
    (["/nonexistent/dataset"], "does not exist"),
    (["{tmp}"], "holds no dataset"),
])
def test_bad_path_is_a_clear_error(tmp_path, args, message) -> None:
    args = [a.format(tmp=tmp_path) for a in args]
    done = subprocess.run([sys.executable, "-m", "visreason", "view", *args, "--port", "0"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and message in done.stderr
    assert "Traceback" not in done.stderr


def test_another_loopback_address(dataset) -> None:
    with view_process(dataset, "--host", "127.0.0.2") as url:
        assert url.startswith("http://127.0.0.2:")
        assert get(url, "/")[0] == 200  # its own address is a good Host
        assert get(url, "/", {"Host": "attacker.example"})[0] == 400


def test_loopback_test() -> None:
    from visreason.viewer.server import is_loopback

    assert all(map(is_loopback, ("127.0.0.1", "127.3.2.1", "localhost", "::1", "[::1]")))
    assert not any(map(is_loopback, ("0.0.0.0", "::", "192.168.1.2", "example.org")))


def test_listening_socket_turns_nagle_off() -> None:
    """Without TCP_NODELAY every keep-alive response waits for the client's delayed ACK."""
    from visreason.viewer.server import bind

    sock = bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP  # asyncio sets nodelay on such sockets only
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        sock.close()
