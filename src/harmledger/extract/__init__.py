"""Stage 2, extract: an Article in, its casualty Claims out, each with its exact quote.

Modules, one concern each: ``patterns`` (every regex), ``figures`` (numbers and
qualifiers), ``outcomes`` (what happened to whom), ``claimants`` (who says so),
``dates`` (when), ``actors`` (by whom, with what), ``sentences`` (spans), and
``engine`` (the two passes that assemble claims).
"""

from harmledger.extract.engine import extract_claims

__all__ = ["extract_claims"]
