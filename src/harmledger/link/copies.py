"""One report, many copies: syndicated and rewritten articles count as one source (issue 9).

Outlets republish wire reports retitled, trimmed, with a new lead paragraph or their own
footer, and quote a paragraph or two of them inside their own reporting. Counted as
separate reports, each copy would "corroborate" the original with the very same words.
Two reports of one strike written independently must still corroborate each other even
when they give the same figures, so copies are found by shared *text*, never by shared
facts:

1. :func:`signature` (MinHash of word 5-gram shingles, per article and per paragraph) and
   :class:`~harmledger.link.lsh.CopyIndex` find candidates among every stored article;
2. :func:`classify` compares the two texts exactly and returns the shared passages as
   character spans of both, so the ledger links to the original's claims only those
   claims of a partial copy that lie inside a shared passage;
3. :func:`copy_groups` groups full copies and points each member at the group's earliest
   article (the presumed original), in an order that does not depend on arrival.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

import numpy as np
import numpy.typing as npt

from harmledger.link.boilerplate import fold_bytes, report_lines, report_text
from harmledger.link.lsh import CopyIndex
from harmledger.link.minhash import (
    SHINGLE,
    U8,
    U64,
    Signature,
    shingle_hashes,
    shingles_signature,
    signature_of,
    word_hashes,
)
from harmledger.models import Article
from harmledger.recent import Recent

Kind = Literal["full", "partial", "independent"]
K = TypeVar("K", str, int)

MIN_PASSAGE_WORDS = 20
"""Shortest shared run of words that counts as copied text.

Independent reports share stock phrases: a monitor's 17-word description, "at least 12
civilians were killed in the raid". Twenty words is longer than those and shorter than any
two quoted sentences in the test variants (docs/syndication.md).
"""
FULL_SHARE = 0.6
"""Share of the copy's words inside shared passages from which it is the same report.

Measured on the test variants: a copy with a new lead paragraph keeps ~0.85, a report
quoting two paragraphs of another ~0.25 (docs/syndication.md)."""

_WORD = re.compile(r"[^\W_]+")
_WORD_BYTES = bytes(b if chr(b).isalnum() or b >= 128 else 32 for b in range(256))
"""Keeps letters, digits and UTF-8's multi-byte sequences; every other byte separates words."""


@dataclass(frozen=True, slots=True)
class Passage:
    """Text found in both articles: ``[start, end)`` character spans of each, and its length in words."""

    original: tuple[int, int]
    copy: tuple[int, int]
    words: int

    def contains(self, start: int, end: int) -> bool:
        """True when the copy's span ``[start, end)`` (a claim's quote) lies inside this passage."""
        return self.copy[0] <= start and end <= self.copy[1]


@dataclass(frozen=True, slots=True)
class CopyRelation:
    """What one article is to another: a full copy, a partial copy, or independent.

    ``original`` is the earlier of the two by :func:`earliest_order`, ``copy`` the later;
    ``share`` is the part of the copy's words that lie in shared passages.
    """

    kind: Kind
    original: str
    copy: str
    share: float
    passages: tuple[Passage, ...]


Order = tuple[bool, date, str]


def order_key(published: date | None, content_hash: str) -> Order:
    """Sort key of the presumed original: publication date, undated last, then content hash."""
    return (published is None, published or date.min, content_hash)


def earliest_order(article: Article) -> Order:
    """:func:`order_key` of ``article``."""
    return order_key(article.published, article.content_hash)


def signature(text: str, outlet: str | None = None, chrome: frozenset[str] = frozenset()) -> Signature:
    """MinHash signature of the report proper (chrome stripped, case and punctuation folded)."""
    prepared = None if chrome else _signatures.pop((text, outlet))
    return prepared or signature_of(fold_bytes(report_text(text, outlet, chrome)))


@dataclass(frozen=True, slots=True)
class Prepared:
    """What copy detection reads of a report by itself, so that extraction's workers can compute it.

    Its signature, and the hashes of its word shingles (``shingles[j]`` hashes the folded
    words ``j … j + SHINGLE - 1`` of ``size``): the process that stores the report is the one
    that compares it, and signing and reading it there cost 0.65 ms a report.
    """

    signature: Signature
    size: int
    shingles: U64
    bits: U8  # :func:`_bitmap` of the shingles

    def __reduce__(self) -> tuple[type[Prepared], tuple[Signature, int, U64, U8]]:
        """Pickled as its fields, as each travels from a worker: a frozen dataclass's own way calls
        ``dataclasses.fields`` (20 µs) on both sides, and unpickling a worker's 400 reports took 39 ms."""
        return Prepared, (self.signature, self.size, self.shingles, self.bits)


def prepare(article: Article) -> Prepared:
    """The :class:`Prepared` of ``article``: what :func:`signature` and the exact comparison would compute.

    On an ASCII text the signature's folding (:func:`fold_bytes`) finds the very words the exact
    comparison hashes, so both are computed from one set of shingles: preparing took 0.33 ms a
    report, 0.27 this way.
    """
    lines = list(report_lines(article.text, article.outlet))
    size, shingles = _shingles(lines)
    if size >= SHINGLE and all(line.isascii() for _, line in lines):
        sig = shingles_signature(shingles)
    else:
        sig = signature_of(fold_bytes("\n".join(line for _, line in lines)))
    return Prepared(sig, size, shingles, _bitmap(shingles))


def remember(article: Article, prepared: Prepared) -> None:
    """Keep what a worker prepared for ``article`` until :func:`relate` and :func:`classify` ask for it."""
    key = (article.text, article.outlet)
    _signatures.put(key, prepared.signature)  # forgotten unread if the article was stored already
    _texts.put(key, _Text(*key, prepared.size, prepared.shingles, prepared.bits))


@dataclass(frozen=True, slots=True)
class _Text:
    """A report proper as the exact comparison reads it: the hashes of its word shingles.

    Most candidates share no passage with a new article, and the bitmap ``bits`` alone shows
    it; the sorted hashes and the words themselves (:meth:`words`, :meth:`bounds`) are only
    computed for the few pairs that may.
    """

    text: str
    outlet: str | None
    size: int  # words
    shingles: U64
    bits: U8

    def lines(self) -> Iterator[tuple[int, str]]:
        return report_lines(self.text, self.outlet)

    def words(self) -> list[bytes]:
        """The report's words, case folded, as UTF-8: what the shingles hash."""
        return _folded_words(self.lines()).split()

    def bounds(self, numbers: Iterable[int]) -> dict[int, tuple[int, int]]:
        """Where the words numbered ``numbers`` are in the article's text, as ``[start, end)``.

        Lines are counted, not scanned, until one holds a word asked for: scanning every word of
        both texts took 0.55 ms a text, two thirds of classifying a copied pair, for the two ends
        of each shared passage.
        """
        wanted = sorted(set(numbers))
        found: dict[int, tuple[int, int]] = {}
        first, at = 0, 0  # number of the line's first word; next of ``wanted``
        for offset, line in self.lines():
            if at == len(wanted):
                break
            count = _word_count(line)
            if wanted[at] < first + count:
                words = list(_WORD.finditer(line))
                while at < len(wanted) and wanted[at] < first + count:
                    word = words[wanted[at] - first]
                    found[wanted[at]] = (offset + word.start(), offset + word.end())
                    at += 1
            first += count
        return found


_RECENT = 8_192
"""Texts kept read (about 6 KB, with 10 KB of hashes and bitmap each): the texts a new article is compared with
recur (a wire story's group, the first reports that carried a stock phrase), and each costs 0.35 ms
to read again."""
_texts: Recent[tuple[str, str | None], _Text] = Recent(_RECENT)
_signatures: Recent[tuple[str, str | None], Signature] = Recent(_RECENT)  # prepared, read once when stored


def _text(article: Article) -> _Text:
    key = (article.text, article.outlet)
    found = _texts.get(key)
    if found is None:
        size, shingles = _shingles(report_lines(*key))
        found = _Text(*key, size, shingles, _bitmap(shingles))
        _texts.put(key, found)
    return found


def _shingles(lines: Iterable[tuple[int, str]]) -> tuple[int, U64]:
    """How many words ``lines`` hold, and the hash of each run of :data:`SHINGLE` of them."""
    words = word_hashes(np.frombuffer(_folded_words(lines), dtype=np.uint8))
    return words.size, shingle_hashes(words) if words.size >= SHINGLE else np.zeros(0, np.uint64)


BITMAP_BITS = 13
"""A text's shingles as a bitmap of ``2**13`` bits (1 KB), addressed by each hash's top bits.

Testing a candidate's shingles against it takes 4 µs, where the exact binary searches take 60,
and needs neither text read: a shared run of :data:`MIN_PASSAGE_WORDS` words is a run of
shingles of each text all set in the other's bitmap, so a pair with no such run shares none,
and only the others (3% of a newswire corpus's candidates; 2.4% with a 4 KB bitmap) are read
and compared exactly. The ledger stores each article's bitmap with its signature."""
_BITMAP_SHIFT = np.uint64(64 - BITMAP_BITS)


def _bitmap(shingles: U64) -> U8:
    """The bitmap of ``shingles``: bit ``h >> (64 - BITMAP_BITS)`` set for each hash ``h``."""
    present = np.zeros(1 << BITMAP_BITS, dtype=bool)
    present[(shingles >> _BITMAP_SHIFT).astype(np.intp)] = True
    bits: U8 = np.packbits(present, bitorder="little")
    return bits


def bitmap(article: Article) -> U8:
    """The bitmap of ``article``'s shingles, for :func:`may_share` to test other articles against."""
    return _text(article).bits


def may_share(article: Article, bitmaps: Sequence[U8 | None]) -> list[bool]:
    """For each of ``bitmaps``, False when ``article`` certainly shares no passage with the article whose
    :func:`bitmap` it is; None (not known): it may.

    All at once: a new article has up to 50 candidates, tested together in one stack of bitmaps
    (75 µs for 50), where each on its own took 14 µs.
    """
    known = [(i, bits) for i, bits in enumerate(bitmaps) if bits is not None]
    found = [True] * len(bitmaps)
    if not known:
        return found
    stacked = np.stack([bits for _, bits in known])
    shares = _has_run(_maybe_member(_text(article).shingles, stacked), _NEED)
    for (i, _), share in zip(known, shares.tolist(), strict=True):
        found[i] = share
    return found


def _has_run(shared: npt.NDArray[np.bool_], need: int) -> npt.NDArray[np.bool_]:
    """Whether each row of ``shared`` holds ``need`` consecutive True: :func:`_segments`' test, row by row.

    ``runs[i]`` says whether the ``length`` values from ``i`` on are all True; each step
    doubles ``length`` at most, so 16 takes four ``&`` of the rows (18 µs for 50 rows, where a
    cumulative sum took 120).
    """
    runs, length = shared, 1
    while length < need and runs.shape[-1]:
        step = min(length, need - length)
        runs = runs[..., :-step] & runs[..., step:]
        length += step
    found: npt.NDArray[np.bool_] = np.asarray(runs.any(axis=-1))
    return found


def _maybe_member(values: U64, bits: U8) -> npt.NDArray[np.bool_]:
    """Which of ``values`` may be in the set whose :func:`_bitmap` is ``bits``: every member, and ~3% more.

    ``bits`` may be a stack of bitmaps, one row each: the answer then has a row for each.
    """
    where = (values >> _BITMAP_SHIFT).astype(np.intp)
    found: npt.NDArray[np.bool_] = ((bits[..., where >> 3] >> (where & 7).astype(np.uint8)) & 1).view(bool)
    return found


def _distinct(shingles: U64) -> U64:
    """``shingles`` sorted, once each, as ``np.unique`` gives them.

    5 µs for 1,000 hashes, where ``np.unique`` takes 49 (NumPy 2.4 hashes them before sorting).
    """
    ordered = np.sort(shingles)
    distinct: U64 = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if ordered.size else ordered
    return distinct


def _word_count(line: str) -> int:
    """How many words :func:`_folded_words` finds in ``line``, without a match object for each on ASCII lines."""
    return len(line.encode().translate(_WORD_BYTES).split()) if line.isascii() else len(_WORD.findall(line))


def _fold(line: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(line)]


def _folded_words(lines: Iterable[tuple[int, str]]) -> bytes:
    """The words of ``lines`` case folded, one space or newline apart, as UTF-8: what :func:`word_hashes` reads.

    The same words as :meth:`_Text.words`, found without a Python object per word on ASCII lines
    (lowered, then every byte but a letter or digit made a space); other lines are read word by word.
    """
    parts = [line.lower() if line.isascii() else " ".join(_fold(line)) for _, line in lines]
    return "\n".join(parts).encode("utf-8").translate(_WORD_BYTES)


def _member(values: U64, sorted_set: U64) -> npt.NDArray[np.bool_]:
    """Which of ``values`` are in ``sorted_set`` (sorted, unique): a binary search each."""
    if sorted_set.size == 0:
        return np.zeros(values.size, dtype=bool)
    found = np.minimum(np.searchsorted(sorted_set, values), sorted_set.size - 1)
    result: npt.NDArray[np.bool_] = sorted_set[found] == values
    return result


def _segments(shared: npt.NDArray[np.bool_], need: int) -> list[tuple[int, int]]:
    """Stretches ``[lo, hi)`` of at least ``need`` consecutive shingles that the other text also has.

    A shared run of ``min_words`` words is ``min_words - SHINGLE + 1`` consecutive shared shingles, so
    only these stretches can hold one: reports that merely share stock phrases are done in one pass.
    """
    edges = np.diff(np.concatenate(([0], shared.view(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    long = ends - starts >= need
    return list(zip(starts[long].tolist(), ends[long].tolist(), strict=True))


_NEED = MIN_PASSAGE_WORDS - SHINGLE + 1  # consecutive shared shingles in a shared passage


def _runs(copy: _Text, original: _Text, min_words: int) -> list[tuple[int, int, int]]:
    """Maximal shared runs of words as (copy start, original start, length), longest first, not overlapping."""
    need = max(1, min_words - SHINGLE + 1)
    if not _has_run(_maybe_member(copy.shingles, original.bits), need):
        return []  # most candidates share no stretch long enough
    distinct = _distinct(original.shingles)
    segments = _segments(_member(copy.shingles, distinct), need)
    if not segments or np.count_nonzero(_member(_distinct(copy.shingles), distinct)) < need:
        return []  # a word repeated 20 times shares one shingle
    runs = _diagonals(copy.shingles, original.shingles, np.concatenate([np.arange(lo, hi) for lo, hi in segments]))
    return _disjoint([run for run in runs if run[2] >= min_words], copy.words(), original.words(), min_words)


def _diagonals(copy: U64, original: U64, positions: npt.NDArray[np.intp]) -> list[tuple[int, int, int]]:
    """Maximal runs of shingles equal in both texts, from the copy's ``positions``, as (copy start, original
    start, words).

    Every pair of equal shingles ``(i, j)`` lies on the diagonal ``i - j``; a run is a stretch of
    consecutive ``i`` on one diagonal. Sorted by diagonal, then position, the pairs fall into runs
    at once, without a Python step per word (1.7 ms a copied pair, done that way).
    """
    order = np.argsort(original, kind="stable")
    ordered = original[order]
    values = copy[positions]
    low, high = np.searchsorted(ordered, values, side="left"), np.searchsorted(ordered, values, side="right")
    counts = high - low
    ends = np.cumsum(counts)
    i = np.repeat(positions, counts)
    j = order[np.repeat(low - ends + counts, counts) + np.arange(int(ends[-1]) if ends.size else 0)]
    diagonal = i - j
    pairs = np.lexsort((i, diagonal))
    i, diagonal = i[pairs], diagonal[pairs]
    breaks = np.flatnonzero((np.diff(diagonal) != 0) | (np.diff(i) != 1)) + 1
    starts, stops = np.concatenate(([0], breaks)), np.concatenate((breaks, [i.size]))
    firsts = i[starts]
    lengths = stops - starts + SHINGLE - 1
    return list(zip(firsts.tolist(), (firsts - diagonal[starts]).tolist(), lengths.tolist(), strict=True))


def _disjoint(
    runs: list[tuple[int, int, int]], copy_words: list[bytes], original_words: list[bytes], min_words: int
) -> list[tuple[int, int, int]]:
    """The runs of at least ``min_words`` words, longest first, that overlap no longer one, in text order."""
    runs.sort(key=lambda run: (-run[2], run[0], run[1]))
    taken_copy: set[int] = set()
    taken_original: set[int] = set()
    kept = []
    for i0, j0, length in runs:
        if length < min_words:
            break
        span_copy, span_original = set(range(i0, i0 + length)), set(range(j0, j0 + length))
        same = copy_words[i0 : i0 + length] == original_words[j0 : j0 + length]  # hashes can collide
        if same and span_copy.isdisjoint(taken_copy) and span_original.isdisjoint(taken_original):
            kept.append((i0, j0, length))
            taken_copy |= span_copy
            taken_original |= span_original
    return sorted(kept)


def classify(
    new: Article, existing: Article, *, min_words: int = MIN_PASSAGE_WORDS, full_share: float = FULL_SHARE
) -> CopyRelation:
    """How ``new`` and ``existing`` relate; symmetric: the earlier is always the original."""
    original, copy = sorted((new, existing), key=earliest_order)
    copy_text, original_text = _text(copy), _text(original)
    runs = _runs(copy_text, original_text, min_words)
    at_copy = copy_text.bounds(k for i, _, n in runs for k in (i, i + n - 1))
    at_original = original_text.bounds(k for _, j, n in runs for k in (j, j + n - 1))
    passages = tuple(
        Passage(
            original=(at_original[j][0], at_original[j + n - 1][1]),
            copy=(at_copy[i][0], at_copy[i + n - 1][1]),
            words=n,
        )
        for i, j, n in runs
    )
    share = sum(p.words for p in passages) / copy_text.size if copy_text.size else 0.0
    kind: Kind = "independent" if not passages else "full" if share >= full_share else "partial"
    return CopyRelation(kind, original.id, copy.id, round(share, 3), passages)


PROBE = 4
"""Candidates compared before giving up on finding a full copy among them.

Candidates come best first (most shared band and anchor entries), so a full copy is
among the first few. An article that only shares passages — a quoted bulletin, or a
background paragraph an outlet prints under every report — would otherwise be compared
with every article carrying that paragraph; a few of them are enough to mark its
claims inside the passage as copies."""


Bitmaps = Callable[[Sequence[str]], Mapping[str, U8 | None]]
"""Index keys to the stored articles' :func:`bitmap` (None where not known)."""


def relate(
    article: Article,
    index: CopyIndex,
    fetch: Callable[[Sequence[str]], Mapping[str, Article]],
    sig: Signature | None = None,
    *,
    limit: int | None = None,
    probe: int = PROBE,
) -> list[CopyRelation]:
    """Copies among indexed articles of ``article`` (not independent ones), then index it too.

    ``fetch`` turns index keys into the stored articles; the article's own id is its key. The
    two steps, :func:`candidates` and :func:`compare`, can be run apart: a ledger finds the
    candidates of a whole batch first and reads them in one query.
    """
    return compare(article, candidates(article, index, sig, limit=limit), fetch, probe=probe)


def candidates(
    article: Article, index: CopyIndex, sig: Signature | None = None, *, limit: int | None = None
) -> list[str]:
    """The keys of indexed articles ``article`` may copy or be copied by, best first; then ``article`` is indexed.

    ``limit`` keeps only that many of the best: a wire story republished by hundreds of outlets
    needs a few members of its group to join it, not every one.
    """
    sig = sig if sig is not None else signature(article.text, article.outlet)
    keys = [key for key in index.candidates(sig, _and_self(limit)) if key != article.id][:limit]
    index.add(article.id, sig)
    return keys


def candidates_many(
    articles: Sequence[Article], index: CopyIndex, signatures: Sequence[Signature], *, limit: int | None = None
) -> list[list[str]]:
    """:func:`candidates` of each article in turn, each indexed before the next: looked up all at once."""
    found = index.candidates_many([article.id for article in articles], signatures, _and_self(limit))
    return [[key for key in keys if key != article.id][:limit] for article, keys in zip(articles, found, strict=True)]


def _and_self(limit: int | None) -> int | None:
    """Candidates to ask the index for: one more than ``limit``, as an article indexed already finds itself."""
    return None if limit is None else limit + 1


def compare(
    article: Article,
    keys: Sequence[str],
    fetch: Callable[[Sequence[str]], Mapping[str, Article]],
    *,
    probe: int = PROBE,
    bitmaps: Bitmaps | None = None,
) -> list[CopyRelation]:
    """How ``article`` relates to the candidates ``keys``, copies only: when none of the first ``probe``
    is a full copy, the rest are not compared.

    With ``bitmaps``, candidates that :func:`may_share` rules out are independent without being read.
    """
    found = _copies_among(article, keys[:probe], fetch, bitmaps)
    if any(relation.kind == "full" for relation in found):
        found += _copies_among(article, keys[probe:], fetch, bitmaps)
    return found


def _copies_among(
    article: Article,
    keys: Sequence[str],
    fetch: Callable[[Sequence[str]], Mapping[str, Article]],
    bitmaps: Bitmaps | None,
) -> list[CopyRelation]:
    if bitmaps is not None and keys:
        known = bitmaps(keys)
        keys = [key for key, may in zip(keys, may_share(article, [known.get(key) for key in keys]), strict=True) if may]
    stored = fetch(keys) if keys else {}
    relations = (classify(article, stored[key]) for key in keys)
    return [relation for relation in relations if relation.kind != "independent"]


def copy_groups(articles: Iterable[Article], relations: Iterable[CopyRelation]) -> dict[str, str]:
    """Each article's presumed original: the earliest member of its group of full copies.

    Partial copies are not grouped: only their shared passages link, claim by claim.
    An article that copies nothing and is copied by nothing maps to itself.
    """
    pairs = ((r.original, r.copy) for r in relations if r.kind == "full")
    return group_roots({a.id: earliest_order(a) for a in articles}, pairs)


def group_roots(order: Mapping[K, Order], pairs: Iterable[tuple[K, K]]) -> dict[K, K]:
    """Union–find over ``pairs`` of keys in ``order``: each key's root is its component's first key by ``order``."""
    parent = {key: key for key in order}

    def root(key: K) -> K:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for left, right in pairs:
        if left in parent and right in parent:
            a, b = root(left), root(right)
            if a != b:
                first, second = sorted((a, b), key=order.__getitem__)
                parent[second] = first
    return {key: root(key) for key in order}
