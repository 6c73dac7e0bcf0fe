"""Middleware for running in production: the client's address behind the
proxy, one structured log line per request, and the security headers that
Django's own SecurityMiddleware does not send."""

import json
import logging
import os
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings

request_log = logging.getLogger("hocvuso.requests")
REQUEST_ID_HEADER = "X-Request-ID"
_GOOD_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class ClientAddressMiddleware:
    """Put the client's address in REMOTE_ADDR when a trusted proxy sent it.

    Behind nginx every request comes from the proxy, so a throttle keyed on
    REMOTE_ADDR (sign-in) would lock everyone out at once. nginx overwrites
    X-Real-IP with the address it saw; the header counts only when the request
    came from an address listed in TRUSTED_PROXIES (none outside production).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        trusted = getattr(settings, "TRUSTED_PROXIES", [])
        real = request.META.get("HTTP_X_REAL_IP", "").strip()
        if real and request.META.get("REMOTE_ADDR", "") in trusted:
            request.META["REMOTE_ADDR"] = real
        return self.get_response(request)


class RequestLogMiddleware:
    """Give each request an id (kept from nginx, else made here), return it in
    the X-Request-ID header, and log one JSON line when the response leaves.

    The line names the URL pattern, not the path, and never the query string,
    the body, the user or the address: no personal data reaches the logs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = incoming if _GOOD_ID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        match = getattr(request, "resolver_match", None)
        request_log.info(
            json.dumps(
                {
                    "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "request_id": request.request_id,
                    "method": request.method,
                    "route": f"/{match.route}" if match else None,
                    "view": match.view_name if match else None,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "bytes": None if response.streaming else len(response.content),
                    "pid": os.getpid(),
                },
                separators=(",", ":"),
            )
        )
        return response


class SecurityHeadersMiddleware:
    """Permissions-Policy (no page uses the camera, microphone, location or
    payment APIs: QR codes are read by the phone's own camera app) and
    Cross-Origin-Resource-Policy; HSTS, nosniff, the referrer policy and
    Cross-Origin-Opener-Policy come from Django's SecurityMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
