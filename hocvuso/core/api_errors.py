"""One error shape for the API: {"error": {"code", "message", "fields"}}."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from hocvuso.core.errors import ServiceError


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(
            request, error_body("not_found", _("Not found.")), status=404
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request, error_body("unauthenticated", _("Please sign in.")), status=401
        )

    @api.exception_handler(ServiceError)
    def service_error(request, exc: ServiceError):
        return api.create_response(
            request, error_body(exc.code, exc.message, exc.fields), status=400
        )

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            name = ".".join(str(p) for p in err.get("loc", [])[1:]) or "body"
            fields.setdefault(name, []).append(err.get("msg", ""))
        return api.create_response(
            request,
            error_body("invalid", _("Some values are not valid."), fields),
            status=422,
        )
