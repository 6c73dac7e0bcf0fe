from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hocvuso.core"
    label = "core"

    def ready(self) -> None:
        from hocvuso.core import lookups  # noqa: F401 - registers path__under
