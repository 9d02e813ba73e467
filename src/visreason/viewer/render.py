"""The Jinja2 environment the pages are rendered with (autoescaped: dataset text is untrusted)."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

ASSETS = ("viewer.css", "viewer.js")
ASSET_TYPES = {"viewer.css": "text/css; charset=utf-8",
               "viewer.js": "text/javascript; charset=utf-8"}


def _jinja():
    try:
        import jinja2
    except ImportError as exc:
        from ..core.errors import VisreasonError

        raise VisreasonError("the viewer needs the 'viewer' extra: "
                             "pip install 'visreason[viewer]'") from exc
    return jinja2


@functools.cache
def environment():
    jinja2 = _jinja()
    return jinja2.Environment(
        loader=jinja2.PackageLoader("visreason.viewer", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
    )


def render(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(**context)


@functools.cache
def asset(name: str) -> bytes:
    """A bundled stylesheet or script, by its fixed name (never a path from a request)."""
    if name not in ASSETS:
        raise KeyError(name)
    return resources.files("visreason.viewer").joinpath("static", name).read_bytes()
