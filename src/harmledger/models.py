"""The typed records that flow between pipeline stages, defined once.

ingest produces :class:`Article`; extract turns an article into :class:`Claim` records;
geo fills each claim's :class:`PlaceRef` list; link groups claims into :class:`Incident`
records. Every stage takes and returns these plain dataclasses so that stages stay pure
and testable without a database; only ``ledger`` maps them to tables.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from operator import attrgetter
from typing import Any, Literal

Outcome = Literal["killed", "injured", "killed_or_injured", "missing", "bodies_recovered", "casualties"]
Qualifier = Literal["exact", "at_least", "over", "up_to", "about", "range", "vague"]
Precision = Literal["place", "near", "district", "governorate", "country"]

OUTCOMES: tuple[str, ...] = ("killed", "injured", "killed_or_injured", "missing", "bodies_recovered", "casualties")
QUALIFIERS: tuple[str, ...] = ("exact", "at_least", "over", "up_to", "about", "range", "vague")
DATE_PRECISIONS: tuple[str, ...] = (
    "day",
    "week",
    "month",
    "year",
    "before",
    "on_or_before",
    "period",
    "relative_unresolved",
    "unknown",
)


def content_hash(text: str) -> str:
    """Hash of the normalised text: the identity that makes re-ingesting a report a no-op.

    Whitespace is collapsed so that the same report fetched twice with different line
    endings or trailing blanks is recognised as the same report.
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Article:
    """One report as ingested: the raw bytes it came from and the text claims are read from."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    source: str | None = None
    raw: bytes = b""
    format: str = "text"
    _hashed: tuple[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def content_hash(self) -> str:
        """:func:`content_hash` of the text, computed once per text: storing an article asks for it several times."""
        if self._hashed is None or self._hashed[0] is not self.text:
            self._hashed = (self.text, content_hash(self.text))
        return self._hashed[1]

    def reheaded(self, **header: Any) -> Article:
        """A copy under other header fields (id, outlet, date…): the same text, its hash not computed again."""
        copy = replace(self, **header)
        copy._hashed = self._hashed
        return copy

    def header(self) -> dict[str, Any]:
        """The article block of the ``extract --json`` contract."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "author": self.author,
            "published": self.published.isoformat() if self.published else None,
        }


@dataclass(slots=True)
class PlaceRef:
    """A place named in a report, as written, and what the gazetteer made of it."""

    name: str
    resolved: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    precision: Precision | None = None
    admin2: str | None = None
    rule: str | None = None
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "resolved": self.resolved,
            "geonames_id": self.geonames_id,
            "lat": self.lat,
            "lon": self.lon,
            "admin1": self.admin1,
            "country": self.country,
            "precision": self.precision,
        }

    def __reduce__(self) -> tuple[type[PlaceRef], tuple[Any, ...]]:
        return PlaceRef, _PLACE_FIELDS(self)


_PLACE_FIELDS = attrgetter(*PlaceRef.__slots__)
"""A place's fields in order, as :meth:`PlaceRef.__reduce__` pickles them."""


@dataclass(slots=True)
class Claim:
    """One casualty figure as one claimant states it, with the exact quote it rests on.

    ``quote == article.text[start:end]`` always holds. ``context_start``/``context_end``
    delimit the sentences that describe the same event; geo uses them to find the
    places the claim is about, link to compare events. They are not part of the JSON
    contract.
    """

    article_id: str
    quote: str
    start: int
    end: int
    outcome: Outcome
    min: int | None
    max: int | None
    qualifier: Qualifier
    vague_term: str | None = None
    victims: str | None = None
    subset_of: str | None = None
    claimant: str | None = None
    via: str | None = None
    perpetrator: str | None = None
    attack: str | None = None
    belligerent_stance: str | None = None
    date: str | None = None
    date_precision: str = "unknown"
    date_phrase: str | None = None
    places: list[PlaceRef] = field(default_factory=list)
    cumulative: bool = False
    context_start: int = 0
    context_end: int = 0

    @property
    def is_subset(self) -> bool:
        return self.subset_of is not None

    def __reduce__(self) -> tuple[type[Claim], tuple[Any, ...]]:
        """Pickled as its fields in order, as claims travel back from extraction's workers: rebuilt by
        ``__init__``, where a slotted object's default way sets each attribute by name (8 µs a claim)."""
        return Claim, _CLAIM_FIELDS(self)

    def to_json(self, article: Article) -> dict[str, Any]:
        """The one JSON shape of a claim (docs/schema.md, schema/claim.schema.json)."""
        data = asdict(self)
        for internal in ("article_id", "context_start", "context_end"):
            data.pop(internal)
        data["places"] = [p.to_json() for p in self.places]
        return {"article": article.header(), **data}


_CLAIM_FIELDS = attrgetter(*Claim.__slots__)
"""A claim's fields in order, as :meth:`Claim.__reduce__` pickles them."""


@dataclass(slots=True)
class Incident:
    """A single event (one strike, one shelling) and the claims that report it.

    ``key`` is stable across runs: it is derived from the earliest claim of the incident,
    so that re-running the pipeline on the same reports yields the same ids.
    """

    key: str
    claims: list[Claim] = field(default_factory=list)
    cumulative: bool = False
