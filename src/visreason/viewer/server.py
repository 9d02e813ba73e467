"""Serve a collection on a socket this module binds itself, loopback unless told otherwise.

Binding first (rather than letting uvicorn do it) gives a clear error for a port in use and
the real port when 0 asks for any free one.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

from ..core.errors import VisreasonError
from .app import LOOPBACK_HOSTS, create_app
from .collection import Collection


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on (host, port); VisreasonError when the port is taken."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise VisreasonError(f"cannot resolve host {host!r}: {exc}") from exc
    family, kind, proto, _, address = infos[0]
    # The protocol must be IPPROTO_TCP: asyncio only turns Nagle off (TCP_NODELAY) on such
    # sockets, and with it on every response waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, kind, proto or socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise VisreasonError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
                             f"choose another --port") from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(collection: Collection, host: str = "127.0.0.1", port: int = 8765,
          ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted; `ready` gets the URL once the socket listens."""
    try:
        import uvicorn
    except ImportError as exc:
        raise VisreasonError("the viewer needs the 'viewer' extra: "
                             "pip install 'visreason[viewer]'") from exc
    sock = bind(host, port)
    allowed = (*LOOPBACK_HOSTS, host) if is_loopback(host) else None
    app = create_app(collection, allowed_hosts=allowed, warm=True)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    if ready is not None:
        ready(f"http://{shown}:{bound_port}/")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
