"""The pure stages run on one article: extract its claims, then place them.

This is what ``harmledger extract`` prints and what ``harmledger ingest`` stores; it
never touches the database, so it can run in worker processes or on a cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from harmledger.extract import extract_claims
from harmledger.models import Article, Claim

if TYPE_CHECKING:
    from harmledger.geo import Geocoder


def process(article: Article, *, published: date | None = None, geocoder: Geocoder | None = None) -> list[Claim]:
    """Claims of ``article`` with their places; ``published`` stands in for an unknown date."""
    from harmledger.geo import default_geocoder  # noqa: PLC0415  (loads the gazetteer on first use only)

    claims = extract_claims(article, published)
    (geocoder or default_geocoder()).geolocate(article, claims)
    _inherit_places(claims)
    return claims


def _inherit_places(claims: Sequence[Claim]) -> None:
    """A subset ("an entire family of 17") happened where its parent claim happened.

    The subset's own sentence often names other places ("who had fled from al-Baghuz",
    "buried near Al-Panorama"), which are not where the harm was done.
    """
    by_quote = {c.quote: c for c in claims if c.subset_of is None}
    for claim in claims:
        parent = by_quote.get(claim.subset_of or "")
        if parent is not None and parent.places:
            claim.places = list(parent.places)
