"""The host side: a pool of warm sandbox workers that run model-written code on images.

`SandboxPool.run(code, image)` sends the code and one picture to an idle worker and returns
a `ToolResult` with the images the code produced, its printed text and an error text the
model can act on. Each worker is a fork server (see worker.py), so a call costs a fork and
two pipe transfers. A worker that dies or stops answering is killed and replaced in the
background; the call that found it broken returns an error result, never raises.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from PIL import Image

from ...core.errors import VisreasonError
from . import launch, protocol

LAYERS = ("process", "rlimits", "namespaces", "landlock", "seccomp", "python_guard")
STARTUP_SECONDS = 60.0
GRACE_SECONDS = 5.0


class SandboxError(VisreasonError):
    """The sandbox cannot start, or cannot give the isolation that was required."""


@dataclass(frozen=True)
class SandboxLimits:
    """What one call may use. `timeout` is wall-clock, enforced by killing the call."""

    timeout: float = 5.0
    cpu_seconds: float = 3.0
    memory_mb: int = 512
    file_mb: int = 16
    max_output_chars: int = 4000
    max_images: int = 4
    max_image_pixels: int = 16_000_000

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.cpu_seconds <= 0 or self.memory_mb < 16:
            raise SandboxError("sandbox limits must be positive (memory at least 16 MB)")


@dataclass
class ToolResult:
    """What a call produced: images, printed text, or an error the model can recover from.

    status: ok, error (the code raised), refused (the guard rejected it), timeout, cpu,
    memory, crash, output (too large to return) or unavailable (no worker could run it).
    """

    ok: bool
    status: str
    images: list[Image.Image] = field(default_factory=list)
    stdout: str = ""
    error: str | None = None
    note: str | None = None
    seconds: float = 0.0

    def text(self) -> str:
        """The text part of the tool's answer to the model."""
        parts = []
        if self.error:
            parts.append(f"Error:\n{self.error}")
        if self.stdout.strip():
            parts.append(f"Output:\n{self.stdout.rstrip()}")
        if self.note:
            parts.append(self.note)
        if self.ok and not self.images:
            parts.append("The code produced no image: put the new image in `result` (or pass "
                         "it to show()).")
        return "\n".join(parts)


def _as_transferable(image: Image.Image) -> Image.Image:
    if image.mode in ("L", "RGB", "RGBA"):
        return image
    if "A" in image.mode or (image.mode == "P" and "transparency" in image.info):
        return image.convert("RGBA")
    return image.convert("L" if image.mode in ("1", "I", "I;16", "F") else "RGB")


class _Worker:
    def __init__(self, config: dict[str, Any], use_bwrap: bool) -> None:
        self.workdir = None if use_bwrap else tempfile.mkdtemp(prefix="visreason-sandbox-")
        req_read, self.req_fd = protocol.big_pipe()
        self.resp_fd, resp_write = protocol.big_pipe()
        err_read, err_write = protocol.big_pipe()
        workdir = launch.SANDBOX_DIR if use_bwrap else self.workdir
        worker_config = {**config, "req_fd": req_read, "resp_fd": resp_write,
                         "workdir": workdir, "bwrap": use_bwrap}
        command = [sys.executable, "-I", str(launch.WORKER), json.dumps(worker_config)]
        if use_bwrap:
            command = [*launch.bwrap_command(int(config["file_mb"])), *command]
        try:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err_write,
                pass_fds=(req_read, resp_write), cwd=workdir if not use_bwrap else None,
                env=launch.clean_environment(workdir or "/"), start_new_session=True)
        finally:
            for fd in (req_read, resp_write, err_write):
                os.close(fd)
        self.err_fd = err_read
        self.calls = 0
        try:
            header, _ = protocol.receive(self.resp_fd, time.monotonic() + STARTUP_SECONDS, 0)
        except protocol.FrameError as exc:
            detail = self._stderr()
            self.kill()
            raise SandboxError(f"sandbox worker did not start ({exc}): {detail}") from None
        os.close(self.err_fd)
        self.err_fd = -1
        self.layers: dict[str, Any] = header.get("layers", {})
        self.modules: list[str] = header.get("modules", [])

    def _stderr(self) -> str:
        try:
            os.set_blocking(self.err_fd, False)
            return os.read(self.err_fd, 4000).decode("utf-8", "replace").strip()[-2000:]
        except OSError:
            return ""

    def call(self, request: dict[str, Any], blobs: list[bytes], limits: SandboxLimits
             ) -> tuple[dict[str, Any], list[bytes]]:
        self.calls += 1
        protocol.send(self.req_fd, request, blobs)
        budget = limits.max_images * limits.max_image_pixels * 4 + (1 << 16)
        header, out = protocol.receive(self.resp_fd,
                                       time.monotonic() + limits.timeout + GRACE_SECONDS,
                                       budget)
        header["images"] = protocol.check_images(header.get("images", []), out,
                                                 limits.max_images, limits.max_image_pixels)
        return header, out

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        for fd in (self.req_fd, self.resp_fd, self.err_fd):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.req_fd = self.resp_fd = self.err_fd = -1
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)


class SandboxPool:
    """Warm workers that run model-written Python on images; thread- and asyncio-safe.

    isolation: "auto" uses every layer that works here; "process" skips namespaces,
    Landlock and seccomp (for debugging only). `skip` leaves out single layers
    ("bubblewrap", "unshare", "landlock", "seccomp"), to see what the others stop.
    `require` names layers that must be active (e.g. ("namespaces", "seccomp")), else
    SandboxError. `python_guard=False` switches the Python-level layer off, which only tests
    of the operating-system layers should do.
    """

    def __init__(self, workers: int = 2, limits: SandboxLimits | None = None, *,
                 isolation: str = "auto", require: Iterable[str] = (),
                 skip: Iterable[str] = (), python_guard: bool = True,
                 allow_cv2: bool = True) -> None:
        if workers < 1:
            raise SandboxError("a sandbox pool needs at least one worker")
        if isolation not in ("auto", "process"):
            raise SandboxError(f"unknown isolation {isolation!r}; use auto or process")
        self.limits = limits or SandboxLimits()
        self.size = workers
        self.require = tuple(require)
        unknown = [name for name in self.require if name not in LAYERS]
        if unknown:
            raise SandboxError(f"unknown isolation layer(s) {unknown}; choose from {LAYERS}")
        skip = set(skip)
        unknown = skip - {"bubblewrap", "unshare", "landlock", "seccomp"}
        if unknown:
            raise SandboxError(f"unknown layer(s) to skip: {sorted(unknown)}")
        strong = isolation == "auto"
        self._use_bwrap = strong and "bubblewrap" not in skip and launch.bwrap_works()
        self._config = {"file_mb": self.limits.file_mb, "limits": asdict(self.limits),
                        "python_guard": python_guard, "allow_cv2": allow_cv2,
                        "unshare": strong and "unshare" not in skip,
                        "landlock": strong and "landlock" not in skip,
                        "seccomp": strong and "seccomp" not in skip}
        self._idle: queue.Queue[_Worker] = queue.Queue()
        # Workers are started from one long-lived thread: bubblewrap's --die-with-parent
        # follows the thread that started it, so a short-lived starter would kill its worker.
        self._requests: queue.Queue[Any] = queue.Queue()
        threading.Thread(target=self._spawner, daemon=True, name="sandbox-spawner").start()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
        self.layers: dict[str, Any] = {}
        self.replaced = 0
        try:
            first = self._spawn()
        except BaseException:
            self._requests.put(None)
            raise
        self.layers = dict(first.layers)
        missing = [name for name in self.require if not self.layers.get(name)]
        if missing:
            self.close()
            raise SandboxError(f"required isolation missing here: {', '.join(missing)} "
                               f"(active: {self.describe()})")
        self._idle.put(first)
        for _ in range(workers - 1):
            self._spawn_idle()
        _LIVE.add(self)

    # -- workers -------------------------------------------------------------------------
    def _spawner(self) -> None:
        while (job := self._requests.get()) is not None:
            done, box = job
            try:
                box.append(_Worker(self._config, self._use_bwrap))
            except BaseException as exc:  # handed to the waiting caller
                box.append(exc)
            done.set()

    def _spawn(self) -> _Worker:
        done, box = threading.Event(), []
        self._requests.put((done, box))
        done.wait()
        if isinstance(box[0], BaseException):
            raise box[0]
        worker = box[0]
        with self._lock:
            if self._closed:
                worker.kill()
                raise SandboxError("the sandbox pool is closed")
            self._workers.add(worker)
        return worker

    def _spawn_idle(self) -> None:
        for attempt in range(3):
            try:
                self._idle.put(self._spawn())
                return
            except SandboxError:
                if self._closed:
                    return
                time.sleep(0.5 * (attempt + 1))

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.discard(worker)
            closed = self._closed
        if not closed:
            self.replaced += 1
            threading.Thread(target=self._spawn_idle, daemon=True).start()  # waits on the spawner

    def describe(self) -> str:
        """The active isolation layers in one line (for logs and reports)."""
        return ", ".join(f"{k}={v}" for k, v in self.layers.items())

    # -- calls ---------------------------------------------------------------------------
    def run(self, code: str, image: Image.Image | None = None) -> ToolResult:
        """Run `code` with `image` bound to the name `image`; never raises for bad code."""
        limits = self.limits
        if self._closed:
            raise SandboxError("the sandbox pool is closed")
        request: dict[str, Any] = {"op": "run", "code": str(code), "limits": asdict(limits)}
        blobs: list[bytes] = []
        if image is not None:
            picture = _as_transferable(image)
            request["image"] = {"mode": picture.mode, "size": [picture.width, picture.height]}
            blobs.append(picture.tobytes())
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=STARTUP_SECONDS + limits.timeout * self.size)
        except queue.Empty:
            return ToolResult(False, "unavailable", error="the sandbox has no free worker",
                              seconds=time.monotonic() - started)
        try:
            header, out = worker.call(request, blobs, limits)
        except (protocol.FrameError, OSError) as exc:
            self._retire(worker)
            return ToolResult(False, "crash", error=f"the sandbox worker failed ({exc}); "
                              "the call was abandoned", seconds=time.monotonic() - started)
        if worker.alive():
            self._idle.put(worker)
        else:
            self._retire(worker)
        images = [Image.frombytes(spec["mode"], tuple(spec["size"]), blob)
                  for spec, blob in zip(header["images"], out, strict=True)]
        return ToolResult(ok=bool(header.get("ok")), status=str(header.get("status", "error")),
                          images=images, stdout=str(header.get("stdout") or ""),
                          error=header.get("error"), note=header.get("note"),
                          seconds=time.monotonic() - started)

    async def arun(self, code: str, image: Image.Image | None = None) -> ToolResult:
        """`run` without blocking the event loop."""
        return await asyncio.to_thread(self.run, code, image)

    def close(self) -> None:
        with self._lock:
            if self._closed and not self._workers:
                return
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        self._requests.put(None)
        for worker in workers:
            worker.kill()

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_LIVE: weakref.WeakSet[SandboxPool] = weakref.WeakSet()


@atexit.register
def _close_live_pools() -> None:
    for pool in list(_LIVE):
        pool.close()


_shared: SandboxPool | None = None
_shared_lock = threading.Lock()


def shared_pool(workers: int | None = None) -> SandboxPool:
    """One pool per process for trainer adapters and rewards (created on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared._closed:
            count = workers or int(os.environ.get("VISREASON_SANDBOX_WORKERS", "0")) or \
                max(1, min(4, os.cpu_count() or 1))
            _shared = SandboxPool(count)
        return _shared
