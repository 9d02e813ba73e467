"""Frames between the host, the sandbox worker and its per-call child: a JSON header, then blobs.

No pickle in either direction: the host must never deserialise objects a compromised worker
could shape. A frame is a 4-byte big-endian header length, the UTF-8 JSON header (which lists
the blob lengths under "blobs") and the blobs. Readers check every length against a budget
before allocating, so a hostile writer costs at most the budget. Standard library only: the
worker imports this file by path, outside the visreason package.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import struct
import time
from typing import Any

MAX_HEADER = 1 << 20
IMAGE_MODES = {"L": 1, "RGB": 3, "RGBA": 4}  # what crosses the boundary: 8-bit, 1-4 bands


class FrameError(Exception):
    """A frame that is truncated, too large, late or malformed."""


def big_pipe() -> tuple[int, int]:
    """os.pipe() with a 1 MiB buffer where allowed: a 512 px image then crosses in one go
    instead of sixteen context switches."""
    read_end, write_end = os.pipe()
    with contextlib.suppress(OSError):
        fcntl.fcntl(write_end, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    return read_end, write_end


def _head(header: dict[str, Any], blobs: list[bytes] | tuple[bytes, ...]) -> bytes:
    head = dict(header)
    head["blobs"] = [len(b) for b in blobs]
    raw = json.dumps(head, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    if len(raw) > MAX_HEADER:
        raise FrameError("frame header too large")
    return struct.pack("!I", len(raw)) + raw


def encode(header: dict[str, Any], blobs: list[bytes] | tuple[bytes, ...] = ()) -> bytes:
    return b"".join((_head(header, blobs), *blobs))


def write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def send(fd: int, header: dict[str, Any], blobs: list[bytes] | tuple[bytes, ...] = ()) -> None:
    """Write one frame; large blobs go out as they are, without a joined copy."""
    head = _head(header, blobs)
    if sum(len(b) for b in blobs) < (1 << 16):
        write_all(fd, b"".join((head, *blobs)))
        return
    write_all(fd, head)
    for blob in blobs:
        write_all(fd, blob)


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
    while got < size:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise FrameError("timed out")
            if not poller.poll(max(1, int(left * 1000))):
                continue
        count = os.readv(fd, [view[got:]])
        if count == 0:
            raise FrameError("closed")
        got += count
    return bytes(buffer)


def receive(fd: int, deadline: float | None = None,
            max_bytes: int = 256 << 20) -> tuple[dict[str, Any], list[bytes]]:
    """One frame from `fd`; FrameError when it is late, cut short or over `max_bytes`."""
    (length,) = struct.unpack("!I", _read_exact(fd, 4, deadline))
    if length > MAX_HEADER:
        raise FrameError(f"header of {length} bytes is over the limit")
    try:
        header = json.loads(_read_exact(fd, length, deadline))
    except ValueError as exc:
        raise FrameError(f"header is not JSON ({exc})") from None
    if not isinstance(header, dict):
        raise FrameError("header is not an object")
    sizes = header.get("blobs", [])
    if (not isinstance(sizes, list) or len(sizes) > 64
            or not all(isinstance(s, int) and s >= 0 for s in sizes)):
        raise FrameError("bad blob list")
    if sum(sizes) > max_bytes:
        raise FrameError(f"frame of {sum(sizes)} bytes is over the {max_bytes}-byte budget")
    return header, [_read_exact(fd, size, deadline) for size in sizes]


def check_images(specs: Any, blobs: list[bytes], max_images: int, max_pixels: int) -> list[dict]:
    """Validate image descriptors against their blobs; raises FrameError naming the problem."""
    if not isinstance(specs, list) or len(specs) > max_images or len(specs) != len(blobs):
        raise FrameError("image list does not match its data")
    checked = []
    for spec, blob in zip(specs, blobs, strict=False):
        if not isinstance(spec, dict):
            raise FrameError("bad image descriptor")
        mode, size = spec.get("mode"), spec.get("size")
        if mode not in IMAGE_MODES or not isinstance(size, list) or len(size) != 2:
            raise FrameError("bad image descriptor")
        width, height = size
        if not (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0):
            raise FrameError("bad image size")
        if width * height > max_pixels:
            raise FrameError("image too large")
        if width * height * IMAGE_MODES[mode] != len(blob):
            raise FrameError("image data does not match its size")
        checked.append({"mode": mode, "size": [width, height]})
    return checked
