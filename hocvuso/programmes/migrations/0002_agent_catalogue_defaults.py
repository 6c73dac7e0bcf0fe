"""The national default kinds of digital agent and the services they offer.

A province changes these in the admin: its own row of the same code replaces
the default, and an inactive row hides it (see agents/models.py).
"""

from django.db import migrations

from hocvuso.programmes.agents.defaults import defaults_add


def add_defaults(apps, schema_editor):
    defaults_add(
        apps.get_model("programmes", "AgentKind"),
        apps.get_model("programmes", "AgentService"),
    )


def remove_defaults(apps, schema_editor):
    for model_name in ("AgentKind", "AgentService"):
        apps.get_model("programmes", model_name).objects.filter(
            province=None
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_agents_register_help_logs")]
    operations = [migrations.RunPython(add_defaults, remove_defaults)]
