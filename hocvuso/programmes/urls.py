"""Pages of every programme; each programme mounts its own urls module here."""

from hocvuso.programmes.agents import urls as agents_urls

app_name = "programmes"
urlpatterns: list = [*agents_urls.urlpatterns]
