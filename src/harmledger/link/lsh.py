"""An incremental LSH index of signatures: which stored articles may be copies of a new one.

Banding: a signature's first ``bands * rows`` minima are cut into bands of ``rows``; two
texts become candidates when any band is equal, which happens with probability
``1 - (1 - J**rows)**bands`` for Jaccard similarity ``J``: an S-curve whose steep part sits
near ``(1/bands)**(1/rows)``. A text that quotes a passage inside new reporting shares
few bands; it is found by its anchors instead (:class:`~harmledger.link.minhash.Signature`),
stored alongside the band hashes.

Storage is a log-structured set of sorted ``uint64`` band-hash arrays with ``uint32`` row
numbers: adding an article appends to a small buffer, full buffers become sorted segments,
and segments of similar size merge, so adding stays cheap at a million articles and a
lookup is a binary search per entry per segment. 12 bytes per entry, nothing per Python
object.
"""

from __future__ import annotations

import bisect
import io
import itertools
import json
import operator
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from harmledger.link.minhash import ANCHOR_BITS, NUM_PERM, Signature

THRESHOLD = 0.3
"""Document similarity (Jaccard of shingle sets) around which articles become candidates.

A copy trimmed to half of the original sits at 0.5 or a little below it; reports of one
strike written independently at 0.05 or less (measured in docs/syndication.md)."""
MIN_ANCHORS = 2
"""Shared anchors that make a candidate without a shared band: one can be a stock phrase."""
STOCK_ANCHOR = 32
"""Articles an anchor may be in before it counts as stock text, not as a sign of copying.

Five words every report of a kind carries ("the Syrian Observatory for Human Rights said")
would make every such report a candidate of every other, and each candidate costs an exact
comparison. A passage quoted by more articles than this is still found through their bands
when the copies are full; only further partial quotations of it go unnoticed."""
FORMAT = 2
"""Version of :meth:`CopyIndex.to_bytes`; bump it when the layout or the hashing changes."""
_FLUSH = 2_048
"""Band entries kept unsorted before they become a segment."""
_ANCHOR_SALT = np.uint64(0x5BD1E9955BD1E995)

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]


@dataclass(frozen=True, slots=True)
class Banding:
    """How a signature's minima are cut into bands."""

    bands: int
    rows: int

    @classmethod
    def for_threshold(cls, threshold: float, perms: int = NUM_PERM) -> Banding:
        """The banding of ``perms`` minima whose S-curve is steepest nearest ``threshold``."""
        rows = min(range(1, perms + 1), key=lambda r: abs((1 / (perms // r)) ** (1 / r) - threshold))
        return cls(perms // rows, rows)

    @property
    def threshold(self) -> float:
        """The similarity at which a pair becomes a candidate about half the time."""
        return float((1 / self.bands) ** (1 / self.rows))

    def probability(self, similarity: float) -> float:
        """Chance that two texts of this Jaccard similarity share a band."""
        return float(1 - (1 - similarity**self.rows) ** self.bands)

    def hashes(self, minima: npt.NDArray[np.uint32]) -> U64:
        """One 64-bit hash per band of ``minima``; for a matrix of signatures (one per row), a row of them each."""
        cut = minima[..., : self.bands * self.rows].astype(np.uint64).reshape(*minima.shape[:-1], self.bands, self.rows)
        total = (cut * _ROW_WEIGHTS[: self.rows]).sum(axis=-1, dtype=np.uint64) + _BAND_SALTS[: self.bands]
        return _mix(total)


def _mix(x: U64) -> U64:
    x = (x ^ (x >> np.uint64(33))) * np.uint64(0xFF51AFD7ED558CCD)
    x = (x ^ (x >> np.uint64(33))) * np.uint64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> np.uint64(33))


_rng = np.random.default_rng(1109)
_ROW_WEIGHTS = _rng.integers(1, np.iinfo(np.uint64).max, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_BAND_SALTS = _rng.integers(1, np.iinfo(np.uint64).max, size=NUM_PERM, dtype=np.uint64)


class CopyIndex:
    """Band hashes and anchors of every added article, keyed by the ledger's article key.

    ``candidates`` returns keys that share at least one band or ``min_anchors`` anchors
    with the query, most shared entries first. They are only candidates: the ledger
    confirms each with :func:`~harmledger.link.copies.classify` on the two texts.
    """

    def __init__(
        self, threshold: float = THRESHOLD, min_anchors: int = MIN_ANCHORS, stock_anchor: int = STOCK_ANCHOR
    ) -> None:
        self.banding = Banding.for_threshold(threshold)
        self.min_anchors = min_anchors
        self.stock_anchor = stock_anchor
        self._keys: list[str] = []
        self._rows: dict[str, int] = {}
        self._segments: list[tuple[U64, U32]] = []
        self._buffer: list[tuple[U64, U32]] = []
        self._buffered = 0

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def _entries(self, signature: Signature) -> tuple[U64, U64]:
        return np.unique(self.banding.hashes(signature.document)), np.unique(signature.anchors ^ _ANCHOR_SALT)

    def add(self, key: str, signature: Signature) -> None:
        """Index ``signature`` under ``key``; adding a key twice is a no-op (ingest is idempotent)."""
        if key in self._rows:
            return
        row = len(self._keys)
        self._keys.append(key)
        self._rows[key] = row
        hashes = np.concatenate(self._entries(signature))
        self._buffer.append((hashes, np.full(hashes.size, row, dtype=np.uint32)))
        self._buffered += hashes.size
        if self._buffered >= _FLUSH:
            self._flush()

    def add_many(self, keys: list[str], documents: npt.NDArray[np.uint32], anchors: list[U64]) -> None:
        """Index many stored signatures at once (``documents``: one row of minima per key), as the ledger reloads.

        Vectorised over the whole batch: the same entries as :meth:`add` one by one, about
        a hundred times faster, so that rebuilding the index from the stored signatures of
        100k articles takes a second or so, not the ten an :meth:`add` loop takes.
        """
        fresh = [i for i, key in enumerate(keys) if key not in self._rows]
        if not fresh:
            return
        first = len(self._keys)
        for i in fresh:
            self._rows[keys[i]] = len(self._keys)
            self._keys.append(keys[i])
        hashes, owners, _ = self._batch_entries(documents[fresh], [anchors[i] for i in fresh])
        self._buffer.append((hashes, (owners + first).astype(np.uint32)))
        self._buffered += hashes.size
        self._flush()

    def candidates(self, signature: Signature, limit: int | None = None) -> list[str]:
        """Keys of indexed articles that may share text with ``signature``, most shared entries first, then by key;
        only the first ``limit`` of them when given."""
        bands, anchors = self._entries(signature)
        parts = self._parts()
        query = np.concatenate((bands, anchors))
        order = np.argsort(query)
        spans = _spans(parts, query[order])  # one binary search per entry and segment
        is_band = np.arange(query.size) < bands.size
        postings = np.zeros(query.size, dtype=np.intp)
        for low, high in spans:
            postings[order] += high - low
        entries, rows = _hits(order, parts, spans, (is_band | (postings <= self.stock_anchor))[order])
        return self._ranked(np.zeros(entries.size, np.intp), rows, is_band[entries], 1, limit)[0]

    def candidates_many(
        self, keys: Sequence[str], signatures: Sequence[Signature], limit: int | None = None
    ) -> list[list[str]]:
        """:meth:`candidates` then :meth:`add` for each signature in turn, the lookups done for all at once.

        Each article's candidates are among the articles indexed before it, the batch's earlier
        ones included, as one by one. Looking up one article's entries is a binary search per entry
        that misses the CPU's cache at every step; the whole batch's entries sorted are looked up
        in order (66 µs an article, against 202, in the 5M entries of 30k articles), and the
        batch's articles are matched among themselves by sorting their entries.
        """
        if len(set(keys)) < len(keys) or any(key in self._rows for key in keys):
            pairs = zip(keys, signatures, strict=True)
            return [self._candidates_then_add(key, signature, limit) for key, signature in pairs]
        documents = np.stack([s.document for s in signatures]) if signatures else np.zeros((0, NUM_PERM), np.uint32)
        hashes, owners, is_band = self._batch_entries(documents, [s.anchors for s in signatures])
        order, parts = np.argsort(hashes), self._parts()
        spans = _spans(parts, hashes[order])
        postings = np.zeros(hashes.size, dtype=np.intp)
        for low, high in spans:
            postings[order] += high - low
        batch_entries, batch_rows, earlier = _batch_hits(hashes, owners)
        common = postings + earlier > self.stock_anchor  # anchors of stock text: their rows are never read
        hit_entries, hit_rows = _hits(order, parts, spans, (is_band | ~common)[order])
        first = self._append(keys, hashes, owners)
        entry, row = np.concatenate((hit_entries, batch_entries)), np.concatenate((hit_rows, batch_rows + first))
        read = is_band[entry] | ~common[entry]
        return self._ranked(owners[entry[read]], row[read], is_band[entry[read]], len(keys), limit)

    def _candidates_then_add(self, key: str, signature: Signature, limit: int | None) -> list[str]:
        found = self.candidates(signature, limit)
        self.add(key, signature)
        return found

    def _batch_entries(
        self, documents: npt.NDArray[np.uint32], anchors: Sequence[U64]
    ) -> tuple[U64, npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
        """Every entry of a batch of signatures (``documents``: a row of minima each; their ``anchors``): its hash,
        the position of its signature, and whether it is a band.

        All at once, without :meth:`_entries`' per-signature ``np.unique`` (about 20 µs a signature): anchors
        are unique per signature (:func:`~harmledger.link.minhash.signature_of`) and band hashes are
        salted per band, so no entry repeats within a signature anyway.
        """
        bands = self.banding.hashes(documents)
        sizes = np.fromiter((a.size for a in anchors), dtype=np.intp, count=len(anchors))
        hashes = np.concatenate([bands.ravel(), *anchors, np.zeros(0, np.uint64)])
        hashes[bands.size :] ^= _ANCHOR_SALT
        positions = np.arange(len(anchors))
        owners = np.concatenate([np.repeat(positions, bands.shape[1]), np.repeat(positions, sizes)])
        return hashes, owners, np.arange(hashes.size) < bands.size

    def _append(self, keys: Sequence[str], hashes: U64, owners: npt.NDArray[np.intp]) -> int:
        """Index a batch's entries (``owners[i]``: the position in ``keys`` of entry ``i``); returns its first row."""
        first = len(self._keys)
        for key in keys:
            self._rows[key] = len(self._keys)
            self._keys.append(key)
        self._buffer.append((hashes, (owners + first).astype(np.uint32)))
        self._buffered += hashes.size
        if self._buffered >= _FLUSH:
            self._flush()
        return first

    def _ranked(
        self, owners: npt.NDArray[np.intp], rows: U32, band: npt.NDArray[np.bool_], articles: int, limit: int | None
    ) -> list[list[str]]:
        """For each of ``articles`` queries, the keys of its hits (``owners[i]`` found row ``rows[i]``, through a
        band entry where ``band[i]``) by shared entries, most first, then by key; at most ``limit`` of them.

        A row counts with a band, or with :attr:`min_anchors` anchors. Counted and ordered by shared
        entries in NumPy, so that only the rows kept are sorted by key in Python: a newswire article
        has 34 candidates, and counting them in dictionaries took 0.13 ms an article.
        """
        pairs, at = np.unique(owners.astype(np.uint64) << np.uint64(32) | rows.astype(np.uint64), return_inverse=True)
        hits = np.bincount(at, minlength=pairs.size)
        bands = np.bincount(at, weights=band, minlength=pairs.size)
        counted = (bands > 0) | (hits - bands >= self.min_anchors)
        pairs, hits = pairs[counted], hits[counted]
        own = (pairs >> np.uint64(32)).astype(np.intp)
        order = np.lexsort((-hits, own))
        found = (pairs[order] & np.uint64(0xFFFFFFFF)).tolist()
        counts = hits[order].tolist()
        bounds = np.searchsorted(own[order], np.arange(articles + 1)).tolist()
        return [self._best(found, counts, low, high, limit) for low, high in itertools.pairwise(bounds)]

    def _best(self, rows: list[int], hits: list[int], low: int, high: int, limit: int | None) -> list[str]:
        """The keys of ``rows[low:high]`` (ordered by ``hits``, most first) by hits then key, the first ``limit``."""
        if limit is not None and high - low > limit:
            last = hits[low + limit - 1]  # rows tied with the last one kept compete for its place by key
            high = bisect.bisect_right(hits, -last, low + limit, high, key=operator.neg)
        keys = self._keys
        chosen = sorted(range(low, high), key=lambda i: (-hits[i], keys[rows[i]]))
        return [keys[rows[i]] for i in chosen[:limit]]

    def _parts(self) -> list[tuple[U64, U32]]:
        """Every entry, as sorted segments: the buffer is sorted for the lookup (it holds a few thousand)."""
        return [*self._segments, _sorted(*_concatenate(self._buffer))] if self._buffer else self._segments

    def _flush(self) -> None:
        """Sort the buffer into a segment; merge while the newest segment is as large as the one before."""
        if self._buffer:
            self._segments.append(_sorted(*_concatenate(self._buffer)))
            self._buffer, self._buffered = [], 0
        while len(self._segments) > 1 and self._segments[-1][0].size * 2 >= self._segments[-2][0].size:
            newer, older = self._segments.pop(), self._segments.pop()
            self._segments.append(_merge(older, newer))

    def nbytes(self) -> int:
        """Memory held by the band arrays (the key list comes on top: one Python string per article)."""
        return sum(h.nbytes + r.nbytes for h, r in self._segments + self._buffer)

    def to_bytes(self) -> bytes:
        """The whole index as one byte string, for the ledger to store and :meth:`from_bytes` to read."""
        hashes, rows = _sorted(*_concatenate(self._segments + self._buffer))
        layout = [self.banding.bands, self.banding.rows, self.min_anchors, self.stock_anchor]
        settings = [FORMAT, NUM_PERM, ANCHOR_BITS, *layout]
        out = io.BytesIO()
        np.savez(
            out,
            settings=np.array(settings, dtype=np.int64),
            keys=np.frombuffer(json.dumps(self._keys).encode("utf-8"), dtype=np.uint8),
            hashes=hashes,
            rows=rows,
        )
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> CopyIndex:
        """An index read back from :meth:`to_bytes`; raises ``ValueError`` for another format or hashing."""
        with np.load(io.BytesIO(data), allow_pickle=False) as stored:
            version, perms, anchor_bits, *layout = stored["settings"].tolist()
            if (version, perms, anchor_bits) != (FORMAT, NUM_PERM, ANCHOR_BITS):
                msg = (
                    f"copy index format {version} ({perms} permutations, anchor bits {anchor_bits}); "
                    f"this version reads {FORMAT} ({NUM_PERM}, {ANCHOR_BITS}): rebuild the index"
                )
                raise ValueError(msg)
            bands, rows, min_anchors, stock_anchor = layout
            index = cls(min_anchors=min_anchors, stock_anchor=stock_anchor)
            index.banding = Banding(bands, rows)
            index._keys = json.loads(stored["keys"].tobytes().decode("utf-8"))
            index._rows = {key: row for row, key in enumerate(index._keys)}
            index._segments = [(stored["hashes"], stored["rows"])]
        return index


def _concatenate(parts: list[tuple[U64, U32]]) -> tuple[U64, U32]:
    if not parts:
        return np.zeros(0, np.uint64), np.zeros(0, np.uint32)
    return np.concatenate([h for h, _ in parts]), np.concatenate([r for _, r in parts])


Spans = list[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]]


def _spans(parts: list[tuple[U64, U32]], query: U64) -> Spans:
    """Where each hash of ``query`` lies in each of ``parts`` (sorted segments): ``[low, high)`` per part."""
    return [
        (np.searchsorted(hashes, query, side="left"), np.searchsorted(hashes, query, side="right"))
        for hashes, _ in parts
    ]


def _gather(rows: U32, low: npt.NDArray[np.intp], high: npt.NDArray[np.intp]) -> U32:
    """``rows[low[0]:high[0]]``, ``rows[low[1]:high[1]]``, … as one array, without a Python loop."""
    counts = high - low
    ends = np.cumsum(counts)
    found: U32 = rows[np.repeat(low - ends + counts, counts) + np.arange(ends[-1] if ends.size else 0)]
    return found


def _hits(
    order: npt.NDArray[np.intp], parts: list[tuple[U64, U32]], spans: Spans, wanted: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.intp], U32]:
    """(entry, row) of every indexed entry found for the ``wanted`` hashes of a sorted query (:func:`_spans`).

    ``order`` maps the sorted query back to the entries it was sorted from.
    """
    if not parts:
        return np.zeros(0, np.intp), np.zeros(0, np.uint32)
    chosen = order[wanted]
    entries = [np.repeat(chosen, (high - low)[wanted]) for low, high in spans]
    rows = [_gather(own, low[wanted], high[wanted]) for (low, high), (_, own) in zip(spans, parts, strict=True)]
    return np.concatenate(entries), np.concatenate(rows)


def _batch_hits(hashes: U64, owners: npt.NDArray[np.intp]) -> tuple[npt.NDArray[np.intp], U32, npt.NDArray[np.intp]]:
    """Within one batch (``owners[i]``: the article of entry ``i``), the entries of earlier articles equal to each.

    Returns (entry, the earlier article) for each match, and how many earlier entries each entry has.
    An article's entries are unique, so among equal hashes sorted by article, an entry's rank is
    the number of earlier articles that have it.
    """
    earlier = np.zeros(hashes.size, dtype=np.intp)
    if not hashes.size:
        return earlier, np.zeros(0, np.uint32), earlier
    by = np.lexsort((owners, hashes))
    ordered = hashes[by]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    first = starts[np.repeat(np.arange(starts.size), np.diff(np.append(starts, ordered.size)))]
    rank = np.arange(ordered.size) - first
    earlier[by] = rank
    matched = _gather(by.astype(np.uint32), first, first + rank)
    return np.repeat(by, rank), owners[matched].astype(np.uint32), earlier


def _merge(older: tuple[U64, U32], newer: tuple[U64, U32]) -> tuple[U64, U32]:
    """Two sorted segments as one: each newer entry's place is found by a binary search, the rest fall in between.

    Sorting the two together again held the inputs, their concatenation, an 8-byte sort index and
    the result: 44 bytes an entry at the peak of a merge, where this holds at most 29, and takes a
    third of the time (0.20 against 0.60 s for 7.5M entries). At a million articles the index holds
    177M entries.
    """
    (old_hashes, old_rows), (new_hashes, new_rows) = older, newer
    at = np.searchsorted(old_hashes, new_hashes)
    at += np.arange(new_hashes.size)
    hashes = np.empty(old_hashes.size + new_hashes.size, dtype=np.uint64)
    rows = np.empty(hashes.size, dtype=np.uint32)
    old = np.ones(hashes.size, dtype=bool)
    old[at] = False
    hashes[at], rows[at] = new_hashes, new_rows
    hashes[old], rows[old] = old_hashes, old_rows
    return hashes, rows


def _sorted(hashes: U64, rows: U32) -> tuple[U64, U32]:
    """Sorted by hash. Not stable: rows sharing a hash are only counted, never read in order, and quicksort
    sorts the 15M entries of 100k articles three times faster than a stable sort."""
    order = np.argsort(hashes)
    return hashes[order], rows[order]
