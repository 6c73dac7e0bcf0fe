from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hocvuso.operations.selectors import readiness_checks


@never_cache
@require_GET
def readyz(request):
    """200 when the database and the task queue answer, else 503: a load
    balancer stops sending requests here until they do."""
    checks = readiness_checks()
    ready = all(c.ok for c in checks)
    return JsonResponse(
        {
            "ready": ready,
            "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in checks},
        },
        status=200 if ready else 503,
    )
