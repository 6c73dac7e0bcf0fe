from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running hocvuso in production: health and readiness, request logs,
    security headers, backups and the task queue's state."""

    name = "hocvuso.operations"
    label = "operations"
