"""MinHash signatures of folded text, computed with numpy and no per-word Python objects.

Why numpy rather than a MinHash library: building one string per shingle is what costs
(≈1,400 documents/s for 6 KB texts), not the hashing, and datasketch and rensa both take
strings (docs/syndication.md gives the measurements). Here the folded text is encoded
once; words are hashed by a position-weighted sum of their bytes (a random odd 64-bit
multiplier per position, then a splitmix64 finaliser), shingles of :data:`SHINGLE` words
by a weighted sum of word hashes, and the :data:`NUM_PERM` permutations by multiply-add
over the whole shingle vector, all modulo 2**64. Every constant derives from a fixed
seed, so a signature means the same in every process and can be stored by the ledger.

Partial copies are found by anchors, a fixed sample of the shingles (see :class:`Signature`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

NUM_PERM = 128
"""Permutations per signature: the Jaccard estimate's standard error is below 0.045."""
SHINGLE = 5
"""Words per shingle: long enough that stock phrases ("were killed in the") rarely match."""
ANCHOR_BITS = 3
"""One shingle in 2**3 = 8 is an anchor: two quoted sentences (~50 words) carry about six."""

_SEED = 20181109

U8 = npt.NDArray[np.uint8]
U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]


def _constants() -> tuple[U64, U64, U64]:
    rng = np.random.default_rng(_SEED)
    high = np.iinfo(np.uint64).max
    odd = np.uint64(1)
    words = rng.integers(1, high, size=SHINGLE, dtype=np.uint64) | odd
    mul = rng.integers(1, high, size=NUM_PERM, dtype=np.uint64) | odd
    add = rng.integers(0, high, size=NUM_PERM, dtype=np.uint64)
    return words, mul, add


_WORDS, _MUL, _ADD = _constants()


@dataclass(frozen=True, slots=True, eq=False)
class Signature:
    """A text's MinHash (``document``) and its anchors: the shingle hashes below ``2**(64 - ANCHOR_BITS)``.

    The MinHash estimates how alike two whole texts are (Jaccard similarity); it cannot
    see two quoted sentences inside new reporting (the test variant scores 0.09 overall
    and 0.23 for its best paragraph). Anchors can: a shingle is an anchor by its own hash,
    whatever text surrounds it, so a passage quoted anywhere keeps the anchors it had.
    """

    document: U32
    anchors: U64
    shingles: int

    def __reduce__(self) -> tuple[type[Signature], tuple[U32, U64, int]]:
        """Pickled as its fields: a frozen dataclass's own way calls ``dataclasses.fields`` (20 µs) on both sides."""
        return Signature, (self.document, self.anchors, self.shingles)

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two texts' shingle sets."""
        return float(np.mean(self.document == other.document))


def _mix(x: U64) -> U64:
    """splitmix64's finaliser: spreads the linear sums over all 64 bits."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def word_hashes(data: U8) -> U64:
    """64-bit hash of every word of ``data``.

    ``data`` is :func:`~harmledger.link.boilerplate.fold_bytes` output: words are runs of
    bytes above 32, lines end in byte 10. A word's hash is its polynomial hash
    ``sum((byte + 1) * B**i)`` read off one prefix sum of the whole text (the base is odd, so
    its inverse powers exist modulo 2**64), then finalised.
    """
    powers, inverses = _powers(data.size + 1)
    prefix = np.zeros(data.size + 1, dtype=np.uint64)
    np.cumsum((data + np.uint64(1)) * powers[: data.size], out=prefix[1:])
    edges = np.diff((data > 32).view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return _mix((prefix[ends] - prefix[starts]) * inverses[starts] + (ends - starts).astype(np.uint64))


_BASE = np.uint64(0x9E3779B97F4A7C15)
_BASE_INVERSE = np.uint64(pow(int(_BASE), -1, 2**64))
_power_table: list[tuple[U64, U64]] = []


def _powers(size: int) -> tuple[U64, U64]:
    """``B**i`` and ``B**-i`` modulo 2**64 for ``i < size``, grown on demand and kept."""
    if not _power_table or _power_table[0][0].size < size:
        grown = max(size, 2 * _power_table[0][0].size if _power_table else 1 << 16)
        powers: U64 = np.cumprod(np.full(grown, _BASE, dtype=np.uint64), dtype=np.uint64) * _BASE_INVERSE
        inverses: U64 = np.cumprod(np.full(grown, _BASE_INVERSE, dtype=np.uint64), dtype=np.uint64) * _BASE
        _power_table[:] = [(powers, inverses)]
    return _power_table[0]


def shingle_hashes(words: U64) -> U64:
    """Hash of each run of :data:`SHINGLE` consecutive words (one shingle for shorter texts)."""
    if words.size < SHINGLE:
        return _mix(np.array([np.sum(words * _WORDS[: words.size])], dtype=np.uint64)) if words.size else words
    count = words.size - SHINGLE + 1
    total = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE):
        total += words[offset : offset + count] * _WORDS[offset]
    return _mix(total)


def signature_of(folded: U8) -> Signature:
    """The signature of folded text (see :func:`~harmledger.link.copies.signature`)."""
    return shingles_signature(shingle_hashes(word_hashes(folded)))


def shingles_signature(shingles: U64) -> Signature:
    """The signature of a text whose :func:`shingle_hashes` are ``shingles``, for a caller that has them already."""
    if shingles.size == 0:
        return Signature(np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32), shingles, 0)
    matrix = np.multiply(shingles[:, None], _MUL[None, :])
    matrix += _ADD
    document = (matrix.min(axis=0) >> np.uint64(32)).astype(np.uint32)
    anchors = np.unique(shingles[shingles >> np.uint64(64 - ANCHOR_BITS) == 0])
    return Signature(document, anchors, int(shingles.size))
