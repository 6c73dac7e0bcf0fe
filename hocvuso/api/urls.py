"""Mounts each app's router under /api/v1/ (schema at /api/v1/openapi.json)."""

from ninja import NinjaAPI
from ninja.security import django_auth

from hocvuso.assessment.api import router as assessment_router
from hocvuso.classes.api import router as classes_router
from hocvuso.core.api_errors import document_errors, install_error_handlers
from hocvuso.geography.api import router as geography_router
from hocvuso.outreach.api import router as outreach_router
from hocvuso.people.api import router as people_router
from hocvuso.practice.api import router as practice_router


class HocvusoAPI(NinjaAPI):
    """The API, its schema documenting the error answers of every operation."""

    def get_openapi_schema(self, **kwargs):
        return document_errors(super().get_openapi_schema(**kwargs))


api = HocvusoAPI(
    title="hocvuso API",
    version="1",
    description="Scoped access to the province's units, households and people.",
    auth=django_auth,
    urls_namespace="api-v1",
)
install_error_handlers(api)
api.add_router("/units", geography_router)
api.add_router("/", people_router)
api.add_router("/outreach", outreach_router)
api.add_router("/classes", classes_router)
api.add_router("/practice", practice_router)
api.add_router("/assessment", assessment_router)
