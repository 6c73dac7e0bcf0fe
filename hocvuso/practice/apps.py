from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "hocvuso.practice"
    label = "practice"
    verbose_name = "Practice simulators"

    def ready(self) -> None:
        # The content loader (learning, below this app) checks each practice
        # block's scenario against the simulators' own list.
        from hocvuso.learning.loaders import scenario_names_register
        from hocvuso.practice.scenarios import scenario_names

        scenario_names_register(scenario_names)
