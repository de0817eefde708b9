"""Sanity checks on claims as they are stored: flag what looks wrong, warn, never drop or silently sum.

A flagged claim is stored with its flags (``claims.flags``) so that an analyst sees it
next to its quote; an implausible figure is kept out of every range (the linker treats
it as vague) instead of swelling an incident and every total it is summed into.
"""

from __future__ import annotations

import logging
from datetime import date

from harmledger.models import Article, Claim

logger = logging.getLogger(__name__)

# No single strike in the conflicts harmledger follows killed anywhere near this many; tallies go higher.
MAX_INCIDENT_FIGURE = 20_000
MAX_TALLY_FIGURE = 2_000_000


def check_claim(article: Article, claim: Claim, today: date | None = None) -> list[str]:
    """Warnings about ``claim``, each a sentence, logged here so that none goes unseen.

    Wrong figures and dates are warnings; a village the gazetteer lacks is common and only informative.
    """
    wrong = [*_figure(claim), *_date(article, claim, today or date.today())]
    for flag in wrong:
        logger.warning("%s: claim %r at %d: %s", article.id, claim.quote, claim.start, flag)
    unknown = _places(claim)
    for flag in unknown:
        logger.info("%s: claim %r at %d: %s", article.id, claim.quote, claim.start, flag)
    return wrong + unknown


def _figure(claim: Claim) -> list[str]:
    limit = MAX_TALLY_FIGURE if claim.cumulative else MAX_INCIDENT_FIGURE
    figure = max((v for v in (claim.min, claim.max) if v is not None), default=None)
    if figure is None or figure <= limit:
        return []
    return [f"implausible figure {figure:,} (over {limit:,}): kept out of ranges and totals until an analyst checks it"]


def _date(article: Article, claim: Claim, today: date) -> list[str]:
    first_day = (claim.date or "").split("/")[0]
    if len(first_day) != 10:
        return []
    try:
        when = date.fromisoformat(first_day)
    except ValueError:
        return [f"unreadable date {claim.date!r}: linked as if undated"]
    limit = min(today, article.published) if article.published else today
    if when > limit:
        return [f"date {claim.date} is after {'publication' if limit != today else 'today'} ({limit}): check it"]
    return []


def _places(claim: Claim) -> list[str]:
    unknown = [p.name for p in claim.places if p.resolved is None and p.geonames_id is None]
    if not unknown:
        return []
    return [f"place not in the gazetteer: {', '.join(unknown)} (linked by spelling only)"]
