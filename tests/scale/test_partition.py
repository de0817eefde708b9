"""What an extraction worker sends back arrives whole: claims, places and copy detection's records pickle by hand."""

from __future__ import annotations

import pickle

from harmledger.ingest import read_sources
from harmledger.models import Article
from harmledger.parallel import ingest_partition

from ..conftest import EXAMPLES


def test_a_partition_comes_back_from_pickling_unchanged() -> None:
    articles = [a for a in read_sources([str(EXAMPLES)]) if isinstance(a, Article)]
    sent = ingest_partition(articles)
    received = pickle.loads(pickle.dumps(sent, protocol=pickle.HIGHEST_PROTOCOL))
    assert sum(len(claims) for claims, _ in sent) > 20, "the examples hold enough claims to mean something"
    assert any(claim.places for claims, _ in sent for claim in claims)
    for (claims, prepared), (back, again) in zip(sent, received, strict=True):
        assert back == claims  # every field of every claim and of each of its places
        assert (again.size, again.shingles.tolist(), again.bits.tolist()) == (
            prepared.size,
            prepared.shingles.tolist(),
            prepared.bits.tolist(),
        )
        signature, copy = prepared.signature, again.signature
        assert (copy.document.tolist(), copy.anchors.tolist(), copy.shingles) == (
            signature.document.tolist(),
            signature.anchors.tolist(),
            signature.shingles,
        )
