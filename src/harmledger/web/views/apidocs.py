"""/docs: the interactive API reference (Swagger UI), served from static/vendor, never from a CDN."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from harmledger.web import STATIC_DIR, render

router = APIRouter()
SWAGGER = STATIC_DIR / "vendor" / "swagger-ui"
OPENAPI_URL = "/api/v1/openapi.json"


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    if not (SWAGGER / "swagger-ui-bundle.js").exists():
        return render(request, "apidocs.html", {"openapi_url": OPENAPI_URL})
    return get_swagger_ui_html(
        openapi_url=OPENAPI_URL,
        title="harmledger API",
        swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
    )
