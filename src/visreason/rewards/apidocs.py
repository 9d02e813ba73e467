"""The reward server's /docs page: its OpenAPI schema as plain HTML, with nothing fetched.

FastAPI's own /docs loads Swagger UI from a CDN, which fails on the offline machines reward
servers often run on; this page is self-contained.
"""

from __future__ import annotations

import html
import json
from typing import Any


def _type_of(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type_of(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list[{_type_of(schema.get('items', {}))}]"
    return str(schema.get("type", "any"))


def _fields(schema: dict[str, Any]) -> str:
    required = set(schema.get("required", ()))
    rows = []
    for name, field in schema.get("properties", {}).items():
        default = f" (default {json.dumps(field['default'])})" if "default" in field else ""
        rows.append(f"<tr><td><code>{html.escape(name)}</code>{' *' if name in required else ''}"
                    f"</td><td><code>{html.escape(_type_of(field))}</code></td>"
                    f"<td>{html.escape(field.get('description', ''))}{html.escape(default)}"
                    "</td></tr>")
    if not rows:
        return ""
    return "<table><tr><th>field</th><th>type</th><th>meaning</th></tr>" + "".join(rows) + \
        "</table>"


def docs_page(spec: dict[str, Any]) -> str:
    """One HTML page describing every endpoint and schema of an OpenAPI `spec`."""
    info = spec.get("info", {})
    parts = [f"<h1>{html.escape(info.get('title', 'API'))} {html.escape(info.get('version', ''))}"
             f"</h1><p>{html.escape(info.get('description', ''))}</p>",
             "<p>The machine-readable schema is at <a href='/openapi.json'>/openapi.json</a>.</p>"]
    for path, methods in spec.get("paths", {}).items():
        for method, operation in methods.items():
            parts.append(f"<h2><code>{method.upper()} {html.escape(path)}</code></h2>")
            summary = operation.get("description") or operation.get("summary") or ""
            parts.append(f"<p>{html.escape(summary)}</p>")
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                parts.append(f"<p>body: <code>{html.escape(_type_of(media['schema']))}</code></p>")
            for status, response in operation.get("responses", {}).items():
                for media in response.get("content", {}).values():
                    parts.append(f"<p>{html.escape(status)}: "
                                 f"<code>{html.escape(_type_of(media.get('schema', {})))}</code>"
                                 "</p>")
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        parts.append(f"<h3 id='{html.escape(name)}'>{html.escape(name)}</h3>"
                     f"<p>{html.escape(schema.get('description', ''))}</p>{_fields(schema)}")
    style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;"
             "text-align:left;vertical-align:top}")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>"
            f"{html.escape(info.get('title', 'API'))}</title><style>{style}</style></head>"
            f"<body>{''.join(parts)}</body></html>")
