"""Run model-written Python on images in warm, confined worker processes.

`SandboxPool(workers).run(code, image)` returns a `ToolResult`. Isolation comes in layers
(see the README section "Thinking with images"): a separate process per call with a clean
environment and resource limits, namespaces through bubblewrap (or unshare), Landlock,
seccomp, and a Python-level guard. `pool.layers` says which are active here.
"""

from .pool import LAYERS, SandboxError, SandboxLimits, SandboxPool, ToolResult, shared_pool

__all__ = ["LAYERS", "SandboxError", "SandboxLimits", "SandboxPool", "ToolResult",
           "shared_pool"]
