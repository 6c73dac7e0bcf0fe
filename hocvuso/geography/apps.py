from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "hocvuso.geography"
    label = "geography"
