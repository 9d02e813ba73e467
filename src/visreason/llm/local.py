"""A transformers backend behind the same `chat()` as the HTTP client (extra `eval`).

For people without a vLLM/SGLang server: loads an image-text-to-text model and its processor
(from a local directory or given objects) and generates one conversation at a time.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

from ..core.errors import VisreasonError
from .cache import ResponseCache, request_key
from .messages import to_hf_messages
from .types import ChatResult, Usage


def _load(path: str, device: str | None, dtype: str | None) -> tuple[Any, Any]:
    try:
        import torch
        from transformers import AutoModelForImageTextToText, AutoProcessor
    except ImportError as exc:
        raise VisreasonError("the local backend needs the 'eval' extra: "
                             "pip install 'visreason[eval]'") from exc
    if not os.path.isdir(path):
        raise VisreasonError(f"local model {path!r} is not a directory (no downloads are made)")
    torch_dtype = getattr(torch, dtype) if dtype else "auto"
    processor = AutoProcessor.from_pretrained(path, local_files_only=True)
    model = AutoModelForImageTextToText.from_pretrained(path, dtype=torch_dtype,
                                                        local_files_only=True)
    return model.to(device or "cpu").eval(), processor


class LocalChatClient:
    """In-process generation; `max_tokens`, `temperature` and `top_p` map to `generate()`."""

    def __init__(
        self,
        model_path: str | os.PathLike[str] | None = None,
        *,
        model: Any = None,
        processor: Any = None,
        name: str | None = None,
        device: str | None = None,
        dtype: str | None = None,
        max_new_tokens: int = 512,
        cache: ResponseCache | str | os.PathLike[str] | None = None,
    ) -> None:
        if model is None or processor is None:
            if model_path is None:
                raise VisreasonError("the local backend needs a model directory")
            model, processor = _load(os.fspath(model_path), device, dtype)
        self._model = model
        self._processor = processor
        self.model = name or (os.fspath(model_path) if model_path else type(model).__name__)
        self.max_new_tokens = max_new_tokens
        self.cache = cache if isinstance(cache, ResponseCache) or cache is None \
            else ResponseCache(cache)
        self.usage = Usage()
        self._lock: asyncio.Lock | None = None

    async def chat(self, messages: list[dict[str, Any]], *, model: str | None = None,
                   headers: dict[str, str] | None = None, **params: Any) -> ChatResult:
        key = request_key(self.model, messages, params) if self.cache is not None else None
        if key is not None and self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None and isinstance(hit.get("text"), str):
                result = ChatResult(hit["text"], self.model, int(hit.get("prompt_tokens", 0)),
                                    int(hit.get("completion_tokens", 0)), 0.0, 0, True)
                self.usage.add(result)
                return result
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:  # one generation at a time: the model is not re-entrant
            started = time.perf_counter()
            result = await asyncio.to_thread(self._generate, messages, params)
            result.latency = time.perf_counter() - started
        self.usage.add(result)
        if key is not None and self.cache is not None:
            self.cache.put(key, {"text": result.text, "model": result.model,
                                 "prompt_tokens": result.prompt_tokens,
                                 "completion_tokens": result.completion_tokens})
        return result

    def _generate(self, messages: list[dict[str, Any]], params: dict[str, Any]) -> ChatResult:
        import torch

        inputs = self._processor.apply_chat_template(
            to_hf_messages(messages), add_generation_prompt=True, tokenize=True,
            return_dict=True, return_tensors="pt",
        ).to(self._model.device)
        temperature = float(params.get("temperature") or 0.0)
        options: dict[str, Any] = {
            "max_new_tokens": int(params.get("max_tokens") or self.max_new_tokens),
            "do_sample": temperature > 0,
        }
        if temperature > 0:
            options["temperature"] = temperature
            if params.get("top_p") is not None:
                options["top_p"] = float(params["top_p"])
        with torch.inference_mode():
            output = self._model.generate(**inputs, **options)
        prompt_len = inputs["input_ids"].shape[1]
        new_tokens = output[0, prompt_len:]
        text = self._processor.decode(new_tokens, skip_special_tokens=True)
        eos = getattr(self._model.generation_config, "eos_token_id", None)
        eos_ids = set(eos if isinstance(eos, list) else [eos])
        finished = len(new_tokens) > 0 and int(new_tokens[-1]) in eos_ids
        return ChatResult(text=text, model=self.model, prompt_tokens=int(prompt_len),
                          completion_tokens=len(new_tokens),
                          finish_reason="stop" if finished else "length")

    async def aclose(self) -> None:
        """Nothing to release: the model lives as long as this object."""
