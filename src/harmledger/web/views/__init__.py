"""The pages, a module per page type: the incident list, an incident, an article, the map, the timeline,
signing in and the review forms."""

from fastapi import APIRouter

from harmledger.web.views import apidocs, articles, auth, copies, incidents, map, review, timeline

router = APIRouter(include_in_schema=False)
for module in (incidents, articles, map, timeline, apidocs, auth, review, copies):
    router.include_router(module.router)

__all__ = ["router"]
