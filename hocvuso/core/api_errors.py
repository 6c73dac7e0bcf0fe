"""One error shape for the API: {"error": {"code", "message", "fields"}}.

Every answer that is not a success carries it, in Vietnamese: a missing or
out-of-scope object (404), a value the schema refuses (422, each field with its
reason), a rule a service refused (400), a body that is not JSON (400) and a
CSRF failure (403).
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from hocvuso.core.errors import ServiceError


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ApiError(Schema):
    """The body of every error answer."""

    error: ErrorDetail


# The error answers every operation documents besides its own.
ERROR_ANSWERS = {
    "400": "A rule refused the request, or its body is not JSON.",
    "401": "Not signed in.",
    "403": "CSRF check failed: reload the page.",
    "404": "Not found, or outside the viewer's scope (the same answer).",
    "422": "A value does not fit the schema; each field says why.",
}


def document_errors(schema: dict) -> dict:
    """Add the error answers, in their one shape, to every operation."""
    parts = ApiError.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(parts.pop("$defs", {}))
    components["ApiError"] = parts
    ref = {"$ref": "#/components/schemas/ApiError"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            # Status codes as strings, as JSON writes them (no key twice).
            answers = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = answers
            for status, text in ERROR_ANSWERS.items():
                answers.setdefault(
                    status,
                    {
                        "description": text,
                        "content": {"application/json": {"schema": ref}},
                    },
                )
    return schema


def _bound(ctx: dict, key: str):
    value = ctx.get(key)
    return f"{value:%d/%m/%Y}" if hasattr(value, "strftime") else value


def error_message(error: dict) -> str:
    """A pydantic error as a plain Vietnamese sentence."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "out_of_range":  # our own rules (core.sync): already translated
        return error.get("msg", "")
    if kind == "missing":
        return _("This value is missing.")
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind == "string_too_short":
        return _("At least %(n)s characters.") % {"n": ctx.get("min_length")}
    if kind == "string_too_long":
        return _("At most %(n)s characters.") % {"n": ctx.get("max_length")}
    if kind == "too_long":
        return _("At most %(n)s items.") % {"n": ctx.get("max_length")}
    if kind == "too_short":
        return _("At least %(n)s items.") % {"n": ctx.get("min_length")}
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Must be at least %(n)s.") % {
            "n": _bound(ctx, "ge") if "ge" in ctx else _bound(ctx, "gt")
        }
    if kind in {"less_than_equal", "less_than"}:
        return _("Must be at most %(n)s.") % {
            "n": _bound(ctx, "le") if "le" in ctx else _bound(ctx, "lt")
        }
    if kind.startswith("string"):
        return _("Must be text.")
    if kind.startswith("int"):
        return _("Must be a whole number.")
    if kind.startswith("bool"):
        return _("Must be true or false.")
    if kind.startswith("datetime") or kind.startswith("timezone"):
        return _(
            "Must be a date and time with its time zone, "
            "such as 2025-09-01T08:30:00+07:00."
        )
    if kind.startswith("date"):
        return _("Must be a date such as 2025-09-01.")
    if kind in {"list_type", "tuple_type", "set_type"}:
        return _("Must be a list.")
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return _("Must be an object.")
    if kind in {"enum", "literal_error"}:
        return _("Unknown value.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return _("This value is not valid.")


def error_fields(errors, *, skip: int = 0) -> dict[str, list[str]]:
    """Pydantic errors as {"dotted.field": [Vietnamese reason, ...]}.

    ``skip`` drops the leading parts of each location (e.g. "body").
    """
    fields: dict[str, list[str]] = {}
    for err in errors:
        name = ".".join(str(p) for p in err.get("loc", ())[skip:]) or "body"
        fields.setdefault(name, []).append(error_message(err))
    return fields


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(Http404)
    def not_found(request, exc):
        message = str(exc) if exc.args else _("Not found.")
        return api.create_response(
            request, error_body("not_found", message), status=404
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request, error_body("unauthenticated", _("Please sign in.")), status=401
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 403:
            body = error_body("csrf", _("The page is out of date: reload it."))
        elif exc.status_code == 400:
            body = error_body("bad_request", _("The request body is not valid JSON."))
        else:
            body = error_body("http_error", _("The request cannot be answered."))
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(ServiceError)
    def service_error(request, exc: ServiceError):
        return api.create_response(
            request, error_body(exc.code, exc.message, exc.fields), status=400
        )

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        errors = list(exc.errors)
        # A malformed id in the path is an object that does not exist.
        if errors and all(e.get("loc", ("",))[0] == "path" for e in errors):
            return not_found(request, Http404())
        return api.create_response(
            request,
            error_body(
                "invalid", _("Some values are not valid."), error_fields(errors, skip=1)
            ),
            status=422,
        )
