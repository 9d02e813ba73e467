"""The run's reply journal: read back on resume, a torn last line cut off."""

from __future__ import annotations

import pytest

from visreason.core.errors import VisreasonError
from visreason.llm.cache import ResponseCache
from visreason.synth.journal import JournalCache


def test_replies_survive_a_reopen_and_a_torn_last_line(tmp_path) -> None:
    path = tmp_path / "run" / "cache.jsonl"
    cache = JournalCache(path)
    assert isinstance(cache, ResponseCache) and len(cache) == 0
    cache.put("k1", {"text": "one \ud83d", "model": "m"})
    cache.put("k2", {"text": "two", "model": "m"})
    cache.put("k1", {"text": "one again", "model": "m"})
    cache.close()
    with open(path, "ab") as handle:
        handle.write(b'{"key": "k3", "text": "cut o')
    again = JournalCache(path)
    assert len(again) == 2
    assert again.get("k1") == {"text": "one again", "model": "m"}
    assert again.get("k3") is None
    again.put("k3", {"text": "three"})
    again.close()
    assert JournalCache(path).get("k3") == {"text": "three"}
    assert path.read_bytes().endswith(b'"three"}\n')


def test_an_unterminated_whole_line_is_kept_and_ended(tmp_path) -> None:
    path = tmp_path / "cache.jsonl"
    path.write_text('{"key": "a", "text": "x"}')
    cache = JournalCache(path)
    cache.put("b", {"text": "y"})
    cache.close()
    reread = JournalCache(path)
    assert reread.get("a") == {"text": "x"} and reread.get("b") == {"text": "y"}


def test_a_broken_line_inside_is_an_error(tmp_path) -> None:
    path = tmp_path / "cache.jsonl"
    path.write_text('{"key": "a", "text": "x"}\nnot json\n{"key": "b", "text": "y"}\n')
    with pytest.raises(VisreasonError, match=r"cache.jsonl:2: broken cache entry"):
        JournalCache(path)
