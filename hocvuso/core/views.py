from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from hocvuso.core.middleware import CONTRASTS, PREFERENCE_COOKIE, TEXT_SIZES


@require_GET
def healthz(request):
    """The process answers (liveness); /readyz checks what it depends on."""
    return HttpResponse("ok", content_type="text/plain")


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return "/"


@require_POST
def preferences_set(request):
    size = request.POST.get("text_size", "normal")
    contrast = request.POST.get("contrast", "normal")
    size = size if size in TEXT_SIZES else "normal"
    contrast = contrast if contrast in CONTRASTS else "normal"
    response = HttpResponseRedirect(_safe_next(request, request.POST.get("next", "")))
    response.set_cookie(
        PREFERENCE_COOKIE,
        f"{size}.{contrast}",
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
    )
    return response
