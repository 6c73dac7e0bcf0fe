from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hocvuso.core"
    label = "core"
