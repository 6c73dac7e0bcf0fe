from django.apps import AppConfig


class ClassesConfig(AppConfig):
    name = "hocvuso.classes"
    label = "classes"
