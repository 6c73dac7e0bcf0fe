from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "hocvuso.programmes"
    label = "programmes"
