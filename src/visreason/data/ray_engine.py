"""Run a dataset's chunks as Ray tasks, locally or on a cluster (`--engine ray`).

The chunks are the ones the local engine runs, and each is a pure function of its payload, so
the dataset comes out byte for byte the same. Ray schedules the tasks and retries one whose
worker died (`max_retries`); the chunk's durable record is written last, so a retried chunk
simply writes its files again and a rerun of the command skips every chunk whose record and
checksums hold. On a cluster, the output directory must be on storage every node can write
(a shared file system), and visreason must be installed on every node.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from ..core.errors import VisreasonError

P = TypeVar("P")
R = TypeVar("R")

# Retries of a task whose worker process died (killed, out of memory, node lost). An exception
# raised by the chunk itself (a full disk) is not retried: it ends the run with its message.
MAX_RETRIES = 3


def check_available() -> None:
    try:
        import ray  # noqa: F401
    except ImportError as exc:
        raise VisreasonError("--engine ray needs Ray: pip install 'visreason[ray]'") from exc


def ray_map(work: Callable[[P], R], payloads: Iterable[P], *, address: str | None = None,
            workers: int | None = None) -> Iterator[R]:
    """`work(payload)` for every payload as Ray tasks, yielded as they finish.

    Joins the running Ray session if there is one, else starts one (`address`: a cluster's
    address or "auto"; none: a local Ray on `workers` CPUs) and shuts it down at the end.
    """
    check_available()
    import ray

    started = not ray.is_initialized()
    if started:
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                   "logging_level": logging.ERROR, "configure_logging": False}
        if address:
            options["address"] = address
        else:
            options["num_cpus"] = workers or os.cpu_count() or 1
        try:
            ray.init(**options)
        except ConnectionError as exc:
            raise VisreasonError(f"cannot reach the Ray cluster at {address!r}: {exc}") from exc
    try:
        task = ray.remote(num_cpus=1, max_retries=MAX_RETRIES)(work)
        pending = [task.remote(payload) for payload in payloads]
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            try:
                result = ray.get(done[0])
            except ray.exceptions.RayError as exc:
                raise VisreasonError(f"a chunk failed on Ray after {MAX_RETRIES} retries: "
                                     f"{exc}; rerun the same command to resume") from exc
            yield result
    finally:
        if started:
            ray.shutdown()
