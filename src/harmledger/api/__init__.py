"""Stage 6, api: the FastAPI application serving the REST API (``/api/v1``) and the web pages."""

from harmledger.api.app import create_app

__all__ = ["create_app"]
