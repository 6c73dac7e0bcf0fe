from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "hocvuso.assessment"
    label = "assessment"
