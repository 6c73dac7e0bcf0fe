from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "hocvuso.reporting"
    label = "reporting"
