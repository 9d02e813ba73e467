"""Near-duplicate rejection: TF-IDF cosine (scikit-learn) or MinHash LSH (datasketch).

TF-IDF cosine over word unigrams and bigrams is the finer measure and the default (a document
closer than 0.75 to an earlier one is a duplicate). Checking documents one by one (the
pipeline) hashes terms (scikit-learn's HashingVectorizer) and keeps document frequencies, so
each check weighs terms by the idf of everything kept so far without refitting anything; it
reads only the posting lists of the candidate's terms. The batch
filter fits scikit-learn's TfidfVectorizer once on the whole set.
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
_FEATURES = 2**18  # hashed unigram and bigram features of the one-by-one index
_TAIL = 128  # kept rows gathered row-major before they join the column-major blocks
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
            text = _need("sklearn.feature_extraction.text", "scikit-learn")
            self._np = _need("numpy", "numpy")
            self._sparse = _need("scipy.sparse", "scipy")
            self._hasher = text.HashingVectorizer(
                tokenizer=tokens, lowercase=False, token_pattern=None, ngram_range=(1, 2),
                n_features=_FEATURES, alternate_sign=False, norm=None)
            self._log_df = self._np.zeros(_FEATURES)  # log(1 + document frequency)
            self._df = self._np.zeros(_FEATURES, dtype=self._np.int64)
            # [rows of sublinear term frequencies, their squares (both column-major), S0, S1,
            # S2] per block
            self._blocks: list[list[Any]] = []
            self._tail: list[Any] | None = None  # the same for the latest rows, row-major
            self._buffer = self._np.zeros(_FEATURES)  # a sparse vector's dense form, reused
            self._pairs = self._np.zeros((_FEATURES, 2))  # the same for two vectors
        else:
            self._datasketch = _need("datasketch", "datasketch")
            self.num_perm, self.shingle = num_perm, shingle
            self._lsh = self._datasketch.MinHashLSH(threshold=self.threshold, num_perm=num_perm)
            self._hashes: list[Any] = []

    def __len__(self) -> int:
        return len(self.texts)

    # -- TF-IDF ---------------------------------------------------------------------------
    def _tf(self, text: str) -> Any:
        row = self._hasher.transform([text]).tocsr()
        row.data = 1.0 + self._np.log(row.data)  # sublinear tf, as TfidfVectorizer's option
        return row

    def _tfidf_closest(self, row: Any) -> tuple[int, float] | None:
        """Cosine of TF-IDF vectors with scikit-learn's smooth idf, ln((1 + N) / (1 + df)) + 1,
        N counting the kept documents and the candidate, df the kept documents: no
        vocabulary is ever stale.

        Kept rows sit in column-major blocks, so a check reads only the posting lists of the
        candidate's terms, not every row; the latest rows (fewer than _TAIL) wait in one
        row-major block, read whole. With idf = c - L (L = ln(1 + df)) a kept row's squared
        norm is c^2 S0 - 2c S1 + S2, three sums per row kept up to date the same way
        whenever a document is kept."""
        if not self.texts:
            return None
        np = self._np
        scale = np.log(len(self.texts) + 2.0) + 1.0
        query_idf = scale - self._log_df[row.indices]
        weights = row.data * query_idf
        query_norm = float(np.sqrt(np.dot(weights, weights)))
        weights *= query_idf
        dots = [block[0][:, row.indices] @ weights for block in self._blocks]
        if self._tail is not None:
            self._buffer[row.indices] = weights
            dots.append(self._tail[0] @ self._buffer)
            self._buffer[row.indices] = 0.0
        parts = [*self._blocks, *([self._tail] if self._tail is not None else [])]
        s0, s1, s2 = (np.concatenate([b[k] for b in parts]) for k in (2, 3, 4))
        norms = np.sqrt(np.maximum(scale * scale * s0 - 2.0 * scale * s1 + s2, 0.0))
        norms *= query_norm
        products = np.concatenate(dots)
        similarities = np.divide(products, norms, out=np.zeros_like(products), where=norms > 0)
        best = int(similarities.argmax())
        return best, float(min(1.0, similarities[best]))

    def _keep_tf(self, row: Any) -> None:
        np, sparse = self._np, self._sparse
        indices = row.indices
        old = self._log_df[indices]
        self._df[indices] += 1
        new = np.log1p(self._df[indices])
        changes = np.column_stack([new - old, new * new - old * old])
        for block in self._blocks:
            change = block[1][:, indices] @ changes
            block[3] += change[:, 0]
            block[4] += change[:, 1]
        if self._tail is not None:
            self._pairs[indices] = changes
            change = self._tail[1] @ self._pairs
            self._pairs[indices] = 0.0
            self._tail[3] += change[:, 0]
            self._tail[4] += change[:, 1]
        self._log_df[indices] = new
        squared = row.multiply(row).tocsr()
        values = squared.data
        entry = [row, squared, np.array([values.sum()]), np.array([np.dot(values, new)]),
                 np.array([np.dot(values, new * new)])]
        if self._tail is None:
            self._tail = entry
        else:
            self._tail = [sparse.vstack([self._tail[0], row], format="csr"),
                          sparse.vstack([self._tail[1], squared], format="csr"),
                          *(np.concatenate([self._tail[k], entry[k]]) for k in (2, 3, 4))]
        if self._tail[0].shape[0] < _TAIL:
            return
        self._blocks.append([self._tail[0].tocsc(), self._tail[1].tocsc(), *self._tail[2:]])
        self._tail = None
        # Merge blocks like a binary counter: O(log n) blocks, each row copied O(log n) times.
        while len(self._blocks) > 1 and \
                self._blocks[-2][0].shape[0] <= 2 * self._blocks[-1][0].shape[0]:
            last, before = self._blocks.pop(), self._blocks.pop()
            self._blocks.append([sparse.vstack([before[0], last[0]], format="csc"),
                                 sparse.vstack([before[1], last[1]], format="csc"),
                                 *(np.concatenate([before[k], last[k]]) for k in (2, 3, 4))])

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
            row = self._tf(text)
            closest = self._tfidf_closest(row)
            if closest is not None and closest[1] >= self.threshold - 1e-9:
                return closest
            self._keep_tf(row)
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
        if self.backend == "tfidf":
            self._keep_tf(self._tf(text))
        else:
            sketch = self._minhash(text)
            self._lsh.insert(str(len(self.texts)), sketch)
            self._hashes.append(sketch)
        self.texts.append(text)


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
    index = NearDuplicateIndex("tfidf", threshold)  # validates the threshold
    if not texts:
        return {}
    text = _need("sklearn.feature_extraction.text", "scikit-learn")
    vectorizer = text.TfidfVectorizer(tokenizer=tokens, lowercase=False, token_pattern=None,
                                      ngram_range=(1, 2), sublinear_tf=True)
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
