from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "hocvuso.outreach"
    label = "outreach"
