"""Near-duplicate rejection: TF-IDF cosine (scikit-learn) or MinHash LSH (datasketch).

TF-IDF cosine over word unigrams and bigrams is the finer measure and the default (a document
closer than 0.75 to an earlier one is a duplicate). Its index refits the vectorizer each time
the kept set doubles (and on every insert while it is small), so checking n documents one by
one costs O(n log n) fits instead of n; between fits, words the vocabulary lacks are ignored.
MinHash LSH over word shingles estimates Jaccard similarity in constant time per query and
suits sets too large for pairwise cosine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..core.errors import VisreasonError

BACKENDS = ("tfidf", "minhash")
DEFAULT_THRESHOLD = {"tfidf": 0.75, "minhash": 0.7}
_REFIT_BELOW = 64  # documents: below this the vectorizer is refitted on every insert
_WORDS = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def _need(module: str, package: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise VisreasonError(f"near-duplicate filtering needs {package}: pip install "
                             "'visreason[synth]'") from exc


def tokens(text: str) -> list[str]:
    """Lower-case words; CJK text, which has no spaces, as single characters."""
    words = []
    for word in _WORDS.findall(text.casefold()):
        words.extend(word if _CJK.search(word) else (word,))
    return words


class NearDuplicateIndex:
    """Documents kept so far; `add(text)` keeps a new one unless it is too close to one of them.

    `add` returns None when kept, else (index of the closest kept document, similarity).
    """

    def __init__(self, backend: str = "tfidf", threshold: float | None = None,
                 num_perm: int = 128, shingle: int = 3) -> None:
        if backend not in BACKENDS:
            raise VisreasonError(f"unknown dedup backend {backend!r}; choose from "
                                 f"{', '.join(BACKENDS)}")
        self.backend = backend
        self.threshold = DEFAULT_THRESHOLD[backend] if threshold is None else threshold
        if not 0.0 < self.threshold <= 1.0:
            raise VisreasonError(f"dedup threshold must be in (0, 1], not {self.threshold}")
        self.texts: list[str] = []
        if backend == "tfidf":
            self._text = _need("sklearn.feature_extraction.text", "scikit-learn")
            self._vectorizer: Any = None
            self._matrix: Any = None
            self._fitted = 0
        else:
            self._datasketch = _need("datasketch", "datasketch")
            self.num_perm, self.shingle = num_perm, shingle
            self._lsh = self._datasketch.MinHashLSH(threshold=self.threshold, num_perm=num_perm)
            self._hashes: list[Any] = []

    def __len__(self) -> int:
        return len(self.texts)

    # -- TF-IDF ---------------------------------------------------------------------------
    def _refit(self) -> None:
        self._vectorizer = self._text.TfidfVectorizer(tokenizer=tokens, lowercase=False,
                                                      token_pattern=None, ngram_range=(1, 2),
                                                      sublinear_tf=True)
        self._matrix = self._vectorizer.fit_transform(self.texts)
        self._fitted = len(self.texts)

    def _tfidf_closest(self, text: str) -> tuple[int, float] | None:
        if not self.texts:
            return None
        if self._vectorizer is None or len(self.texts) < _REFIT_BELOW \
                or len(self.texts) >= 2 * self._fitted:
            self._refit()
        elif self._matrix.shape[0] < len(self.texts):
            tail = self._vectorizer.transform(self.texts[self._matrix.shape[0]:])
            from scipy.sparse import vstack

            self._matrix = vstack([self._matrix, tail]).tocsr()
        vector = self._vectorizer.transform([text])
        similarities = (self._matrix @ vector.T).toarray().ravel()
        best = int(similarities.argmax())
        return best, float(similarities[best])

    # -- MinHash --------------------------------------------------------------------------
    def _minhash(self, text: str) -> Any:
        words = tokens(text)
        size = self.shingle if len(words) >= self.shingle else max(1, len(words))
        shingles = {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))}
        sketch = self._datasketch.MinHash(num_perm=self.num_perm)
        sketch.update_batch([s.encode("utf-8") for s in shingles])
        return sketch

    def _minhash_closest(self, sketch: Any) -> tuple[int, float] | None:
        found = [(int(key), sketch.jaccard(self._hashes[int(key)]))
                 for key in self._lsh.query(sketch)]
        return max(found, key=lambda pair: pair[1]) if found else None

    # -- shared ---------------------------------------------------------------------------
    def add(self, text: str) -> tuple[int, float] | None:
        """Keep `text` unless a kept document is at least `threshold` similar to it."""
        if self.backend == "tfidf":
            closest = self._tfidf_closest(text)
            if closest is not None and closest[1] >= self.threshold:
                return closest
            self.texts.append(text)
            return None
        sketch = self._minhash(text)
        closest = self._minhash_closest(sketch)
        if closest is not None and closest[1] >= self.threshold:
            return closest
        self._lsh.insert(str(len(self.texts)), sketch)
        self._hashes.append(sketch)
        self.texts.append(text)
        return None

    def force_add(self, text: str) -> None:
        """Keep `text` without a check (documents a resumed run had already accepted)."""
        self.texts.append(text)
        if self.backend == "minhash":
            sketch = self._minhash(text)
            self._lsh.insert(str(len(self.texts) - 1), sketch)
            self._hashes.append(sketch)


def duplicates_in_order(texts: Sequence[str], backend: str = "tfidf",
                        threshold: float | None = None) -> dict[int, tuple[int, float]]:
    """Positions of texts too close to an earlier kept one -> (that one's position, similarity).

    TF-IDF here fits once on all texts and compares in blocks, the exact batch measure.
    """
    if backend == "minhash":
        index = NearDuplicateIndex("minhash", threshold)
        kept: list[int] = []
        found: dict[int, tuple[int, float]] = {}
        for position, text in enumerate(texts):
            hit = index.add(text)
            if hit is None:
                kept.append(position)
            else:
                found[position] = (kept[hit[0]], hit[1])
        return found
    index = NearDuplicateIndex("tfidf", threshold)  # validates the threshold, checks sklearn
    if not texts:
        return {}
    vectorizer = index._text.TfidfVectorizer(tokenizer=tokens, lowercase=False,
                                             token_pattern=None, ngram_range=(1, 2),
                                             sublinear_tf=True)
    matrix = vectorizer.fit_transform(list(texts)).tocsr()
    kept_rows: list[int] = []
    found = {}
    block = 512
    for start in range(0, len(texts), block):
        rows = matrix[start:start + block]
        within = (rows @ rows.T).toarray()
        earlier = (rows @ matrix[kept_rows].T).toarray() if kept_rows else None
        for offset in range(rows.shape[0]):
            position = start + offset
            best: tuple[int, float] | None = None
            if earlier is not None and earlier.shape[1]:
                column = int(earlier[offset].argmax())
                best = (kept_rows[column], float(earlier[offset, column]))
            for other in range(offset):  # kept rows of this block
                if start + other in found:
                    continue
                if best is None or within[offset, other] > best[1]:
                    best = (start + other, float(within[offset, other]))
            if best is not None and best[1] >= index.threshold:
                found[position] = best
        kept_rows += [start + o for o in range(rows.shape[0]) if start + o not in found]
    return found


def dedup_texts(texts: Iterable[str], backend: str = "tfidf",
                threshold: float | None = None) -> list[int]:
    """Positions of the texts kept, in order."""
    items = list(texts)
    dropped = duplicates_in_order(items, backend, threshold)
    return [i for i in range(len(items)) if i not in dropped]
