"""Errors with one meaning across pages, API and commands."""

from django.http import Http404


class NotFound(Http404):
    """Raised for a missing object and for one outside the viewer's scope alike."""


class ServiceError(Exception):
    """A rule a service refused, with a Vietnamese message for the user."""

    def __init__(
        self, message: str, *, code: str = "invalid", fields: dict | None = None
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.fields = fields or {}
