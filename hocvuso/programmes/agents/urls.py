from django.urls import path

from hocvuso.programmes.agents import views

# Mounted by programmes/urls.py: staff pages under programmes/agents/, the
# public page under agents/<commune code>/.
staff_urlpatterns = [
    path("programmes/agents/", views.agent_list, name="agent-list"),
    path("programmes/agents/new/", views.agent_create, name="agent-create"),
    path("programmes/agents/coverage/", views.coverage, name="agent-coverage"),
    path(
        "programmes/agents/coverage.csv", views.coverage_csv, name="agent-coverage-csv"
    ),
    path("programmes/agents/<str:agent_id>/", views.agent_detail, name="agent-detail"),
    path("programmes/agents/<str:agent_id>/edit/", views.agent_edit, name="agent-edit"),
    path("programmes/agents/<str:agent_id>/help/", views.agent_help, name="agent-help"),
]
public_urlpatterns = [
    path("agents/", views.nearby_index, name="agents-index"),
    path("agents/<str:code>/", views.nearby, name="agents-nearby"),
    path(
        "agents/<str:code>/<str:hamlet_code>/",
        views.nearby,
        name="agents-nearby-hamlet",
    ),
]
urlpatterns = staff_urlpatterns + public_urlpatterns
