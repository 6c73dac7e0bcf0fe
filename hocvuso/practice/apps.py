from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "hocvuso.practice"
    label = "practice"
    verbose_name = "Practice simulators"
