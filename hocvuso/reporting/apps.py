from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "hocvuso.reporting"
    label = "reporting"

    def ready(self) -> None:
        from hocvuso.people.facts import facts_listen
        from hocvuso.reporting.services import facts_listener

        # Every writer of facts in the apps below moves the figures at once.
        facts_listen(facts_listener)
