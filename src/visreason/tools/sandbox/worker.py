"""The sandbox worker: a warm fork server that runs each call in a fresh, confined child.

Started by the host as `python -I worker.py CONFIG` (inside bubblewrap when available). It
imports the allowed libraries once, confines itself (see confine.py), says it is ready, then
for every request forks a child that confines itself further, runs the code under the
Python-level guard and writes its result to a private pipe. The worker itself never runs
model code, so nothing a call does (a crash, a memory bomb, a monkeypatch) reaches the next
call, and a call costs a fork, not an interpreter start. Loaded by path: no visreason
imports.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import importlib.util
import io
import json
import math
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _load(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"visreason_sandbox_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


protocol = _load("protocol")
confine = _load("confine")
guard = _load("guard")

PRELOAD = ("PIL.Image", "PIL.ImageOps", "PIL.ImageEnhance", "PIL.ImageFilter", "PIL.ImageDraw",
           "PIL.ImageChops", "PIL.ImageStat", "PIL.ImageColor", "PIL.ImageFont", "PIL.ImageMath",
           "PIL.ImageMorph", "PIL.ImageSequence", "PIL.ImagePalette", "PIL.ImageTransform",
           "numpy", "numpy.fft", "numpy.linalg", "numpy.random", "numpy.polynomial",
           "numpy.lib.stride_tricks", "math", "cmath", "random", "itertools", "functools",
           "collections", "statistics", "colorsys", "fractions", "decimal", "heapq", "bisect",
           "re", "json", "copy", "linecache", "encodings.idna", "warnings")
CONVENIENCE = {"Image": "PIL.Image", "ImageOps": "PIL.ImageOps", "ImageEnhance": "PIL.ImageEnhance",
               "ImageFilter": "PIL.ImageFilter", "ImageDraw": "PIL.ImageDraw", "np": "numpy",
               "math": "math"}
RESULT_NAMES = ("result", "output", "processed_image")


class _Bounded(io.TextIOBase):
    """Captured print output, cut at a limit so a flood costs nothing."""

    def __init__(self, limit: int) -> None:
        self.limit, self.parts, self.size, self.cut = limit, [], 0, False

    def write(self, text: str) -> int:
        text = str(text)
        if self.size < self.limit:
            piece = text[: self.limit - self.size]
            self.parts.append(piece)
            self.size += len(piece)
        if self.size >= self.limit and len(text):
            self.cut = True
        return len(text)

    def value(self) -> str:
        return "".join(self.parts) + ("\n[output truncated]" if self.cut else "")


def _import_all(allow_cv2: bool) -> list[str]:
    loaded = []
    for name in PRELOAD:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except ImportError:
            continue
    if allow_cv2:
        try:
            import cv2

            cv2.setNumThreads(0)
            loaded.append("cv2")
        except Exception:  # an optional library that fails to load is simply absent
            pass
    import PIL.Image

    PIL.Image.init()  # every image plugin now, while files can still be read
    _exercise()
    return loaded


def _exercise() -> None:
    """Run the common operations once, so the modules they import lazily (numpy's reductions,
    PIL's filters and default font) are loaded before file access ends. A step that fails
    here (an older library) is skipped: this is only a warm-up."""
    import numpy as np
    from PIL import (
        Image,
        ImageChops,
        ImageDraw,
        ImageEnhance,
        ImageFilter,
        ImageFont,
        ImageOps,
        ImageStat,
    )

    picture = Image.new("RGB", (16, 12), (200, 30, 30))
    array = np.asarray(picture).astype(np.float32)
    steps: list[Any] = [
        lambda: [f(array) for f in (np.min, np.max, np.mean, np.std, np.sum, np.argmax,
                                    np.median, np.var, np.ptp, np.any, np.all, np.cumsum)],
        lambda: (array.min(), array.max(), array.mean(), array.std(), array.sum(),
                 array.argmax()),
        lambda: (np.percentile(array, 50), np.quantile(array, 0.5), np.histogram(array, 4)),
        lambda: (np.clip(array, 0, 255).round().astype(np.uint8), np.rot90(array),
                 np.flip(array), np.unique(array), np.sort(array, axis=None),
                 np.where(array > 1)),
        lambda: (np.fft.fft2(array[..., 0]), np.linalg.norm(array),
                 np.random.default_rng(0).random(2)),
        lambda: (str(array), repr(array), f"{array.mean():.2f}"),
        lambda: [picture.resize((8, 6), m) for m in Image.Resampling],
        lambda: [picture.rotate(30, resample=m, expand=True) for m in
                 (Image.Resampling.NEAREST, Image.Resampling.BILINEAR,
                  Image.Resampling.BICUBIC)],
        lambda: [picture.convert(mode) for mode in ("L", "1", "P", "RGBA", "LA", "CMYK",
                                                     "HSV", "I", "F", "YCbCr")],
        lambda: (Image.fromarray(np.zeros((4, 4), np.uint8)),
                 Image.fromarray(np.zeros((4, 4, 3), np.uint8))),
        lambda: picture.transpose(Image.Transpose.ROTATE_90).crop((0, 0, 4, 4))
        .point(lambda v: v // 2),
        lambda: [picture.filter(k) for k in (
            ImageFilter.GaussianBlur(1), ImageFilter.SHARPEN, ImageFilter.MedianFilter(3),
            ImageFilter.FIND_EDGES, ImageFilter.UnsharpMask(), ImageFilter.BoxBlur(1))],
        lambda: [op(picture) for op in (ImageOps.autocontrast, ImageOps.equalize,
                                        ImageOps.mirror, ImageOps.flip, ImageOps.grayscale,
                                        ImageOps.invert)],
        lambda: (ImageOps.pad(picture, (20, 20)), ImageOps.fit(picture, (8, 8))),
        lambda: [e(picture).enhance(1.5) for e in (
            ImageEnhance.Contrast, ImageEnhance.Brightness, ImageEnhance.Sharpness,
            ImageEnhance.Color)],
        lambda: ImageDraw.Draw(picture.copy()).text((0, 0), "a", fill="white",
                                                    font=ImageFont.load_default()),
        lambda: ImageDraw.Draw(picture.copy()).rectangle((1, 1, 5, 5), outline="red"),
        lambda: (ImageStat.Stat(picture).mean, picture.histogram(),
                 ImageChops.difference(picture, picture)),
    ]
    for step in steps:
        try:
            step()
        except Exception:  # a warm-up step an older library lacks
            continue


# -- the child's side --------------------------------------------------------------------------
def _transferable(obj: Any, max_pixels: int) -> Any:
    """A PIL image in L, RGB or RGBA from an image or array the code produced, else None."""
    import numpy as np
    from PIL import Image

    if isinstance(obj, Image.Image):
        if obj.width * obj.height > max_pixels:
            raise ValueError(f"image of {obj.width}x{obj.height} is larger than allowed")
        if obj.mode in ("L", "RGB", "RGBA"):
            return obj
        if obj.mode in ("1", "I", "I;16", "F"):
            return obj.convert("L")
        has_alpha = "A" in obj.mode or (obj.mode == "P" and "transparency" in obj.info)
        return obj.convert("RGBA" if has_alpha else "RGB")
    if isinstance(obj, np.ndarray):
        if obj.ndim not in (2, 3):
            raise ValueError(f"array of shape {obj.shape} is not an image")
        if obj.shape[0] * obj.shape[1] > max_pixels:
            raise ValueError(f"array of shape {obj.shape} is larger than allowed")
        if obj.ndim == 3 and obj.shape[2] == 1:
            obj = obj[:, :, 0]
        if obj.ndim == 3 and obj.shape[2] not in (3, 4):
            raise ValueError(f"array of shape {obj.shape} is not an image")
        if obj.dtype == bool:
            obj = obj.astype(np.uint8) * 255
        elif obj.dtype != np.uint8:
            values = obj.astype(np.float64)
            if values.size and np.nanmax(values) <= 1.0:
                values = values * 255.0
            obj = np.clip(np.nan_to_num(values), 0, 255).astype(np.uint8)
        return Image.fromarray(np.ascontiguousarray(obj))
    return None


def _error_text(exc: BaseException, code: str, limits: dict[str, Any]) -> str:
    if isinstance(exc, MemoryError):
        return f"MemoryError: the code needed more than {limits['memory_mb']} MB"
    if isinstance(exc, RecursionError):
        return "RecursionError: maximum recursion depth exceeded"
    lines = code.splitlines()
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<code>"]
    parts = ["Traceback (most recent call last):"] if frames else []
    for frame in frames[-3:]:
        source = lines[frame.lineno - 1].strip() if frame.lineno and \
            0 < frame.lineno <= len(lines) else ""
        parts.append(f'  File "<code>", line {frame.lineno}' + (f"\n    {source}" if source
                                                                   else ""))
    message = str(exc)
    if len(message) > 500:
        message = message[:500] + "..."
    parts.append(f"{type(exc).__name__}: {message}" if message else type(exc).__name__)
    return "\n".join(parts)


def _execute(code: str, image: Any, limits: dict[str, Any], python_guard: bool
             ) -> tuple[dict[str, Any], list[bytes]]:
    import numpy as np
    from PIL import Image

    out = _Bounded(int(limits["max_output_chars"]))
    shown: list[Any] = []

    def show(obj: Any, *args: Any, **kwargs: Any) -> None:
        """Return this image (or array) to the model; call once per image."""
        if len(shown) < int(limits["max_images"]):
            shown.append(obj)

    def bounded_print(*args: Any, sep: Any = " ", end: Any = "\n", **kwargs: Any) -> None:
        out.write(str(sep).join(str(a) for a in args) + str(end))

    Image.Image.show = lambda self, *a, **k: show(self)  # this child only
    sys.stdout = sys.stderr = out
    namespace: dict[str, Any] = {"image": image, "show": show}
    if python_guard:
        namespace["__builtins__"] = guard.make_builtins(bounded_print)
        for name, module in CONVENIENCE.items():
            namespace[name] = guard.ModuleProxy(sys.modules[module])
    else:  # a test hook: only the operating-system layers stand
        import builtins

        namespace["__builtins__"] = builtins
        for name, module in CONVENIENCE.items():
            namespace[name] = sys.modules[module]
    header: dict[str, Any] = {"ok": True, "error": None, "status": "ok"}
    last_value: list[Any] = []
    try:
        tree = guard.check_code(code) if python_guard else ast.parse(code, "<code>")
        if tree.body and isinstance(tree.body[-1], ast.Expr):  # a notebook-style last value
            last = tree.body[-1]
            tree.body[-1] = ast.Expr(ast.Call(ast.Name("_vr_keep", ast.Load()), [last.value],
                                              []))
            ast.fix_missing_locations(tree)
            namespace["_vr_keep"] = last_value.append
        exec(compile(tree, "<code>", "exec"), namespace)
    except guard.GuardError as exc:
        header.update(ok=False, status="refused", error=f"Refused: {exc}")
    except BaseException as exc:  # the model reads the error and tries again
        header.update(ok=False, status="memory" if isinstance(exc, MemoryError) else "error",
                      error=_error_text(exc, code, limits))
    produced = list(shown)
    if not produced:
        for name in RESULT_NAMES:
            if name in namespace:
                value = namespace[name]
                many = isinstance(value, (list, tuple)) and value and all(
                    isinstance(v, (Image.Image, np.ndarray)) for v in value)
                produced = list(value) if many else [value]
                break
    if not produced and last_value:
        produced = [last_value[0]]
    images, blobs, notes = [], [], []
    for item in produced[: int(limits["max_images"])]:
        try:
            picture = _transferable(item, int(limits["max_image_pixels"]))
        except (ValueError, TypeError, MemoryError) as exc:
            notes.append(str(exc))
            continue
        if picture is None:
            if not shown:
                text = repr(item)
                notes.append(f"result = {text[:300]}" + ("..." if len(text) > 300 else ""))
            continue
        images.append({"mode": picture.mode, "size": [picture.width, picture.height]})
        blobs.append(picture.tobytes())
    header.update(stdout=out.value(), images=images, note="; ".join(notes)[:1000] or None)
    return header, blobs


def _child(request_fd: int, out_fd: int, config: dict[str, Any], rules: Any,
           baseline: int | None) -> None:
    """Runs in a child forked ahead of its call: confine, wait for the call, run, report."""
    from PIL import Image

    os.setpgid(0, 0)
    low, high = sorted((request_fd, out_fd))
    os.closerange(3, low)
    os.closerange(low + 1, high)
    os.closerange(high + 1, 1 << 16)
    limits = config["limits"]
    memory = int(limits["memory_mb"]) << 20
    confine.set_limits(memory + (baseline or 2 << 30), max(1, math.ceil(limits["cpu_seconds"])),
                       int(config["file_mb"]) << 20, 16)
    if config.get("landlock_applied"):  # a second, child-only domain: signals stay inside
        confine.landlock(config["workdir"])
    if rules is not None:
        rules.load()
    try:
        request, blobs = protocol.receive(request_fd, None, 256 << 20)
    except protocol.FrameError:
        os._exit(0)
    limits = request["limits"]
    image = None
    spec = request.get("image")
    if spec is not None:
        image = Image.frombytes(spec["mode"], tuple(spec["size"]), blobs[0])
    header, out_blobs = _execute(str(request.get("code", "")), image, limits,
                                 bool(config.get("python_guard", True)))
    header["cpu"] = round(time.process_time(), 4)
    try:
        protocol.send(out_fd, header, out_blobs)
    except (OSError, protocol.FrameError):
        os._exit(3)
    os._exit(0)


# -- the worker's side -------------------------------------------------------------------------
def _kill_group(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(OSError):
            kill(pid, signal.SIGKILL)


def _stop(pid: int) -> int:
    _kill_group(pid)
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return 0


def _died(status: int, timed_out: bool, limits: dict[str, Any]) -> tuple[str, str]:
    if timed_out:
        return "timeout", (f"TimeoutError: the code ran longer than {limits['timeout']:g} s "
                           "and was stopped")
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number in (signal.SIGXCPU, signal.SIGKILL):
            return "cpu", (f"TimeoutError: the code used more than {limits['cpu_seconds']:g} s "
                           "of CPU time and was stopped")
        if number == signal.SIGXFSZ:
            return "error", "OSError: file size limit exceeded"
        return "crash", f"the code crashed the interpreter (signal {number})"
    code = os.waitstatus_to_exitcode(status)
    return "crash", f"the code ended the interpreter (exit status {code})"


def _clear(workdir: str) -> None:
    def remove(path: str) -> None:
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                for entry in os.listdir(path):
                    remove(os.path.join(path, entry))
                os.rmdir(path)
            else:
                os.unlink(path)
        except OSError:
            pass

    try:
        entries = os.listdir(workdir)
    except OSError:
        return
    for entry in entries:
        remove(os.path.join(workdir, entry))


class _Forked:
    """A child forked and confined ahead of time, waiting for its one call."""

    def __init__(self, config: dict[str, Any], rules: Any, baseline: int | None) -> None:
        request_read, self.request_fd = protocol.big_pipe()
        self.result_fd, result_write = protocol.big_pipe()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - runs in the child
            try:
                os.close(self.request_fd)
                os.close(self.result_fd)
                _child(request_read, result_write, config, rules, baseline)
            finally:
                os._exit(4)
        os.close(request_read)
        os.close(result_write)

    def close(self) -> int:
        status = _stop(self.pid)
        for fd in (self.request_fd, self.result_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        return status


def _serve_call(child: _Forked, request: dict[str, Any], blobs: list[bytes],
                config: dict[str, Any]) -> tuple[dict[str, Any], list[bytes]]:
    """Hand the call to the waiting child and collect its result; the child is killed after."""
    limits = request["limits"]
    started = time.monotonic()
    budget = int(limits["max_images"]) * int(limits["max_image_pixels"]) * 4 + (1 << 16)
    frame_error = None
    try:
        protocol.send(child.request_fd, request, blobs)
        header, out_blobs = protocol.receive(child.result_fd,
                                             started + float(limits["timeout"]), budget)
        header["images"] = protocol.check_images(header.get("images", []), out_blobs,
                                                 int(limits["max_images"]),
                                                 int(limits["max_image_pixels"]))
    except (protocol.FrameError, OSError) as exc:
        header, out_blobs = {}, []
        frame_error = str(exc) if isinstance(exc, protocol.FrameError) else "closed"
    _kill_group(child.pid)
    seconds = round(time.monotonic() - started, 4)
    if frame_error is not None:
        timed_out = frame_error == "timed out"
        if frame_error == "closed" or timed_out:
            kind, text = _died(child.close(), timed_out, limits)
        else:
            kind, text = "output", f"the code's output could not be returned ({frame_error})"
        return {"ok": False, "status": kind, "error": text, "stdout": "", "images": [],
                "seconds": seconds}, []
    reply = {"ok": bool(header.get("ok")), "status": str(header.get("status", "error")),
             "error": header.get("error") if isinstance(header.get("error"), str) else None,
             "stdout": str(header.get("stdout", ""))[: int(limits["max_output_chars"]) + 40],
             "note": header.get("note") if isinstance(header.get("note"), str) else None,
             "images": header["images"], "seconds": seconds}
    return reply, out_blobs


def main() -> None:
    config = json.loads(sys.argv[1])
    req_fd, resp_fd = int(config["req_fd"]), int(config["resp_fd"])
    layers: dict[str, Any] = {"process": True, "python_guard": bool(config.get("python_guard",
                                                                                True))}
    if config.get("bwrap"):
        layers["namespaces"] = "bubblewrap"
    elif config.get("unshare", True):
        layers["namespaces"] = confine.unshare_network()
    else:
        layers["namespaces"] = None
    modules = _import_all(bool(config.get("allow_cv2", True)))
    seccomp_ok = config.get("seccomp", True) and confine.seccomp_available()
    devnull = os.open(os.devnull, os.O_RDWR)
    baseline = confine.address_space()
    confine.set_limits(None, None, int(config["file_mb"]) << 20, 64)
    layers["rlimits"] = True
    abi = confine.landlock(config["workdir"]) if config.get("landlock", True) else None
    config["landlock_applied"] = abi is not None
    layers["landlock"] = abi
    rules = None
    layers["seccomp"] = False
    if seccomp_ok:
        rules = confine.child_filter(files=abi is not None)
        confine.worker_filter().load()
        layers["seccomp"] = True
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    protocol.send(resp_fd, {"ready": True, "layers": layers, "modules": modules,
                            "pid": os.getpid()})
    gc.freeze()  # children then leave the worker's objects alone: fewer copied pages
    child = _Forked(config, rules, baseline)
    while True:
        try:
            request, blobs = protocol.receive(req_fd, None, 256 << 20)
        except protocol.FrameError:
            child.close()
            os._exit(0)  # the host went away
        if request.get("op") == "stop":
            child.close()
            os._exit(0)
        reply, out_blobs = _serve_call(child, request, blobs, config)
        protocol.send(resp_fd, reply, out_blobs)
        child.close()
        _clear(config["workdir"])
        child = _Forked(config, rules, baseline)


if __name__ == "__main__":
    main()
