"""harmledger: news reports of armed conflict in, a sourced ledger of civilian harm out.

The pipeline, one subpackage per stage: ``ingest`` → ``extract`` → ``geo`` → ``link`` →
``ledger`` → ``api``/``web``, with ``cli`` on top. :func:`harmledger.pipeline.process`
runs the pure stages on one article.
"""

import logging

from harmledger.errors import HarmledgerError
from harmledger.models import Article, Claim, Incident, PlaceRef

__all__ = ["Article", "Claim", "HarmledgerError", "Incident", "PlaceRef", "__version__"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
