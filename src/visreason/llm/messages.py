"""OpenAI chat messages with images as base64 data URLs, and the way back to PIL images."""

from __future__ import annotations

import base64
import binascii
import io
import os
from pathlib import Path
from typing import Any

from PIL import Image

from ..core.errors import VisreasonError
from ..render.encode import png_bytes

_MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
          (b"GIF8", "image/gif"), (b"RIFF", "image/webp"))


def _mime(data: bytes) -> str:
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    raise VisreasonError("image bytes are not PNG, JPEG, GIF or WebP")


def image_bytes(image: Any) -> bytes:
    """Encoded bytes of a PIL image, raw bytes, an HF image dict or a file path.

    Stored PNG files go out as they are: re-encoding would cost time and change nothing.
    """
    if isinstance(image, Image.Image):
        return png_bytes(image if image.mode in ("RGB", "RGBA", "L", "P") else image.convert("RGB"))
    if isinstance(image, dict):
        image = image.get("bytes") or image.get("path")
    if isinstance(image, (bytes, bytearray)):
        return bytes(image)
    if isinstance(image, (str, os.PathLike)):
        try:
            return Path(image).read_bytes()
        except OSError as exc:
            raise VisreasonError(f"cannot read image {str(image)!r}: {exc.strerror or exc}") \
                from exc
    raise VisreasonError(f"cannot send an image of type {type(image).__name__}")


def image_data_url(image: Any) -> str:
    data = image_bytes(image)
    return f"data:{_mime(data)};base64,{base64.b64encode(data).decode('ascii')}"


def user_message(text: str, images: tuple[Any, ...] | list[Any] = ()) -> dict[str, Any]:
    """A user turn: images first (as most VLM chat templates expect), then the text."""
    if not images:
        return {"role": "user", "content": text}
    parts: list[dict[str, Any]] = [
        {"type": "image_url", "image_url": {"url": image_data_url(img)}} for img in images
    ]
    parts.append({"type": "text", "text": text})
    return {"role": "user", "content": parts}


def decode_data_url(url: str) -> Image.Image:
    """The PIL image inside a data URL; remote URLs are refused (no network at run time)."""
    if not url.startswith("data:"):
        raise VisreasonError("only data: image URLs can be used locally, not remote addresses")
    head, _, payload = url.partition(",")
    if not head.endswith(";base64"):
        raise VisreasonError("image data URLs must be base64-encoded")
    try:
        image = Image.open(io.BytesIO(base64.b64decode(payload, validate=True)))
        image.load()
    except (binascii.Error, OSError) as exc:
        raise VisreasonError(f"unreadable image in data URL ({exc})") from exc
    return image


def to_hf_messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """OpenAI-style messages as transformers chat-template messages with PIL images."""
    out = []
    for message in messages:
        content = message.get("content")
        if isinstance(content, str) or content is None:
            out.append({"role": message["role"], "content": content or ""})
            continue
        parts = []
        for part in content:
            kind = part.get("type")
            if kind == "text":
                parts.append({"type": "text", "text": part.get("text", "")})
            elif kind == "image_url":
                url = part["image_url"]["url"] if isinstance(part.get("image_url"), dict) \
                    else part.get("image_url")
                parts.append({"type": "image", "image": decode_data_url(str(url)).convert("RGB")})
            else:
                raise VisreasonError(f"unsupported message part type {kind!r}")
        out.append({"role": message["role"], "content": parts})
    return out
