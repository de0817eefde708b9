"""One router per resource of the REST API, mounted under ``/api/v1`` by :func:`harmledger.api.create_app`."""

from fastapi import APIRouter

from harmledger.api.routers import articles, copies, exports, incidents, places, review, series, tallies

router = APIRouter()
for module in (incidents, articles, places, tallies, series, exports, review, copies):
    router.include_router(module.router)

__all__ = ["router"]
