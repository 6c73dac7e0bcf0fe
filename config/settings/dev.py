"""`make run`: the demo on one machine, DEBUG on."""

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
