"""Pages of every programme; each programme mounts its own urls module here."""

app_name = "programmes"
urlpatterns: list = []
