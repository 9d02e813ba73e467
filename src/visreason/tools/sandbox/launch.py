"""How a worker process is started: inside bubblewrap when it works here, else directly.

bubblewrap gives the worker new user, PID, network, IPC, UTS and cgroup namespaces, a file
system holding only the Python runtime (read-only), a small private tmpfs as work directory,
no /etc, no home, no environment and no capabilities; it dies with the host. Whether
bubblewrap can create namespaces depends on the kernel and the container, so it is probed
once per process.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

WORKER = Path(__file__).with_name("worker.py")
SANDBOX_DIR = "/sandbox"
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                    "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")


def clean_environment(home: str) -> dict[str, str]:
    """The whole environment a worker gets: nothing of the host's (no keys, no proxies)."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": home, "PYTHONHASHSEED": "0"}
    env.update({name: "1" for name in THREAD_VARIABLES})
    return env


def _module_root(name: str) -> str | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    origin = Path(spec.origin)
    return str(origin.parent.parent if origin.name == "__init__.py" else origin.parent)


def runtime_paths() -> list[str]:
    """Read-only paths the worker needs: the interpreter, its libraries, this package."""
    candidates = [sys.base_prefix, sys.prefix, sys.exec_prefix,
                  sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"],
                  *site.getsitepackages(), str(WORKER.parent),
                  str(Path(sys.executable).resolve().parent)]
    candidates += [root for name in ("numpy", "PIL", "pyseccomp", "cv2")
                   if (root := _module_root(name))]
    paths: list[str] = []
    for path in sorted({os.path.realpath(p) for p in candidates if p and os.path.exists(p)},
                       key=len):
        if not any(path == kept or path.startswith(kept.rstrip("/") + "/") for kept in paths):
            paths.append(path)
    return paths


def bwrap_command(file_mb: int) -> list[str]:
    """bubblewrap's arguments up to (not including) the command it runs."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise FileNotFoundError("bwrap")
    args = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--clearenv", "--hostname", "sandbox", "--ro-bind", "/usr", "/usr"]
    for name in ("lib", "lib64", "lib32", "bin", "sbin"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    args += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    for path in runtime_paths():
        if not path.startswith("/usr/"):
            args += ["--ro-bind", path, path]
    args += ["--dev", "/dev", "--proc", "/proc", "--size", str(file_mb << 20),
             "--tmpfs", SANDBOX_DIR, "--chdir", SANDBOX_DIR]
    for name, value in clean_environment(SANDBOX_DIR).items():
        args += ["--setenv", name, value]
    return args


@functools.cache
def bwrap_works() -> bool:
    """True when bubblewrap is installed and can build its namespaces here."""
    try:
        args = bwrap_command(1)
    except FileNotFoundError:
        return False
    try:
        done = subprocess.run([*args, sys.executable, "-I", "-c", "pass"],
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0
