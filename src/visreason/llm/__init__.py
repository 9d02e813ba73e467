"""One OpenAI-compatible chat client for everything that talks to a model.

`ChatClient` (async) and `SyncChatClient` speak to vLLM, SGLang or hosted APIs; `LocalChatClient`
(extra `eval`) runs a transformers model in-process behind the same `chat()` call.
"""

from .cache import ResponseCache, request_key
from .client import ChatClient, SyncChatClient, resolve_endpoint
from .messages import image_data_url, user_message
from .types import SAMPLE_HEADER, ChatBackend, ChatResult, LLMError, Usage

__all__ = [
    "SAMPLE_HEADER", "ChatBackend", "ChatClient", "ChatResult", "LLMError", "LocalChatClient",
    "ResponseCache", "SyncChatClient", "Usage", "image_data_url", "request_key",
    "resolve_endpoint", "user_message",
]


def __getattr__(name: str):  # the local backend imports torch: only when asked for
    if name == "LocalChatClient":
        from .local import LocalChatClient

        return LocalChatClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
