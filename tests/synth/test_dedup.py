"""Near-duplicate rejection: TF-IDF cosine and MinHash LSH, one by one and in batch."""

from __future__ import annotations

import json
import random

import pytest

from visreason.core.errors import VisreasonError
from visreason.core.sample import Sample
from visreason.data.read import read_dataset
from visreason.synth.dedup import (
    NearDuplicateIndex,
    _need,
    dedup_texts,
    duplicates_in_order,
    tokens,
)
from visreason.synth.filters import dedup_dataset

WORDS = [f"w{i}" for i in range(5000)]


def corpus(count: int, seed: int = 0) -> tuple[list[str], set[int]]:
    """`count` documents of 120 random words; every fifth (after the first few) is an earlier
    document with two words changed. Returns the texts and the positions of the copies."""
    rng = random.Random(seed)
    texts: list[str] = []
    copies = set()
    for position in range(count):
        if position >= 5 and position % 5 == 0:
            words = texts[rng.randrange(position)].split()
            if position - 1 not in copies:
                words[3], words[60] = "changed", "edited"
                texts.append(" ".join(words))
                copies.add(position)
                continue
        texts.append(" ".join(rng.choice(WORDS) for _ in range(120)))
    return texts, copies


pytestmark = pytest.mark.synth


@pytest.mark.parametrize("backend", ["tfidf", "minhash"])
def test_edited_copies_are_found_one_by_one_and_in_batch(backend) -> None:
    texts, copies = corpus(300)
    index = NearDuplicateIndex(backend)
    hits = {i for i, text in enumerate(texts) if index.add(text) is not None}
    assert hits == copies
    assert len(index) == 300 - len(copies)
    assert set(duplicates_in_order(texts, backend)) == copies
    assert dedup_texts(texts, backend) == [i for i in range(300) if i not in copies]


def test_the_closest_kept_document_and_its_similarity_are_named() -> None:
    base = "the treaty was signed in paris in 1783 ending the war of independence"
    index = NearDuplicateIndex("tfidf")
    assert index.add(base) is None
    assert index.add("photosynthesis turns light water and carbon dioxide into sugar") is None
    position, similarity = index.add(base + " formally")
    assert position == 0 and 0.75 <= similarity < 1.0
    assert index.add(base) == (0, pytest.approx(1.0))
    found = duplicates_in_order([base, "unrelated words entirely here", base.upper()])
    assert found == {2: (0, pytest.approx(1.0))}


def test_thresholds_decide() -> None:
    a = "one two three four five six seven eight nine ten"
    b = "one two three four five six seven eight eleven twelve"
    loose = NearDuplicateIndex("tfidf", threshold=0.3)
    strict = NearDuplicateIndex("tfidf", threshold=0.99)
    assert loose.add(a) is None and loose.add(b) is not None
    assert strict.add(a) is None and strict.add(b) is None
    with pytest.raises(VisreasonError, match="threshold"):
        NearDuplicateIndex("tfidf", threshold=1.5)
    with pytest.raises(VisreasonError, match="unknown dedup backend"):
        NearDuplicateIndex("exact")


def test_chinese_text_is_compared_by_characters() -> None:
    assert tokens("巴黎条约 1783") == ["巴", "黎", "条", "约", "1783"]
    index = NearDuplicateIndex("tfidf")
    assert index.add("一七八三年签订的巴黎条约结束了美国独立战争并承认了美国独立") is None
    assert index.add("一七八三年签订的巴黎条约结束了美国独立战争并承认美国的独立") is not None
    assert index.add("光合作用把光能转化为化学能储存在葡萄糖分子之中") is None


def test_a_resumed_index_knows_earlier_documents() -> None:
    for backend in ("tfidf", "minhash"):
        index = NearDuplicateIndex(backend)
        index.force_add("alpha beta gamma delta epsilon zeta eta theta iota kappa")
        assert index.add("alpha beta gamma delta epsilon zeta eta theta iota kappa") is not None


def test_a_missing_library_names_the_extra() -> None:
    with pytest.raises(VisreasonError, match=r"visreason\[synth\]"):
        _need("visreason_no_such_module", "no-such-package")


def test_the_filter_writes_kept_items_and_what_each_dropped_one_repeats(tmp_path) -> None:
    texts, copies = corpus(40, seed=3)
    samples = [Sample(id=f"s{i}", game="synth_text", task="t", category="", split="",
                      qa_type="", plot_level="", qa_level="", question=f"Question {i}?",
                      options=None, answer="a", answer_type="text", analysis="", image=None,
                      state={"document": text}, seed=0, answer_form="open")
               for i, text in enumerate(texts)]
    kept, dropped = dedup_dataset(samples, tmp_path, "tfidf")
    assert (kept, dropped) == (40 - len(copies), len(copies))
    assert [s.id for s in read_dataset(tmp_path)] == [f"s{i}" for i in range(40)
                                                       if i not in copies]
    lines = [json.loads(x) for x in (tmp_path / "duplicates.jsonl").read_text().splitlines()]
    assert [x["id"] for x in lines] == [f"s{i}" for i in sorted(copies)]
    for line in lines:
        original = texts[int(line["duplicate_of"][1:])].split()
        copy = texts[int(line["id"][1:])].split()
        assert sum(a != b for a, b in zip(original, copy, strict=True)) <= 2
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["counts"] == {"kept": kept, "rejected": {"duplicate": dropped}}


def test_similarities_match_a_direct_computation_across_blocks() -> None:
    """Every check's best match and score against TF-IDF cosine computed from scratch over
    the same hashed terms (idf = ln((1 + N) / (1 + df)) + 1, N the kept documents and the
    candidate), through enough documents to fill the row-major tail and merge blocks."""
    import numpy as np

    rng = random.Random(5)
    vocabulary = WORDS[:400]  # a small vocabulary: documents overlap a lot
    texts = [" ".join(rng.choice(vocabulary) for _ in range(30)) for _ in range(300)]
    index = NearDuplicateIndex("tfidf", threshold=0.9)
    kept: list[dict[int, float]] = []

    def weighted(doc: dict[int, float], df: dict[int, int], n: int) -> dict[int, float]:
        return {t: v * (np.log((1 + n) / (1 + df.get(t, 0))) + 1) for t, v in doc.items()}

    for text in texts:
        row = index._tf(text)
        tf = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
        expected = None
        if kept:
            df: dict[int, int] = {}
            for doc in kept:
                for term in doc:
                    df[term] = df.get(term, 0) + 1
            query = weighted(tf, df, len(kept) + 1)
            scores = []
            for doc in kept:
                other = weighted(doc, df, len(kept) + 1)
                dot = sum(v * other.get(t, 0.0) for t, v in query.items())
                scores.append(dot / np.sqrt(sum(v * v for v in query.values())
                                            * sum(v * v for v in other.values())))
            best = int(np.argmax(scores))
            expected = (best, scores[best])
        found = index._tfidf_closest(row)
        if expected is None:
            assert found is None
        else:
            assert found[0] == expected[0] and found[1] == pytest.approx(expected[1], abs=1e-9)
        if found is None or found[1] < index.threshold:
            index._keep_tf(row)
            index.texts.append(text)
            kept.append(tf)
    # two 128-row blocks were merged into one column-major block; the rest wait row-major
    assert [b[0].shape[0] for b in index._blocks] == [256] and index._tail is not None
