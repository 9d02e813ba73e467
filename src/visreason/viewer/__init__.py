"""Browse datasets, evaluation runs and agent trajectories in a web page, or as a static site.

`visreason view PATH` serves server-rendered pages (they work without JavaScript) on the
loopback address; `visreason gallery PATH --out site/` writes the same pages as files.
Needs the 'viewer' extra (Starlette, Jinja2, uvicorn).
"""

from __future__ import annotations

from .collection import Collection, open_collection

__all__ = ["Collection", "open_collection"]
