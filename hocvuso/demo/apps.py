from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hocvuso.demo"
    label = "demo"
    verbose_name = "Demo data"
