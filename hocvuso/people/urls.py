from django.urls import path, re_path

from hocvuso.people import views

app_name = "people"
urlpatterns = [
    path("households/", views.household_list_view, name="household-list"),
    path(
        "households/<str:household_id>/",
        views.household_detail,
        name="household-detail",
    ),
    path("people/", views.person_list_view, name="person-list"),
    path("people/<str:person_id>/", views.person_detail, name="person-detail"),
    path(
        "people/<str:person_id>/milestones/",
        views.milestone_create,
        name="milestone-create",
    ),
    path("imports/", views.import_list, name="import-list"),
    path("imports/new/", views.import_start, name="import-start"),
    path("imports/template.xlsx", views.import_template, name="import-template"),
    path("imports/<str:job_id>/", views.import_detail, name="import-detail"),
    path(
        "imports/<str:job_id>/create-hamlets/",
        views.import_create_hamlets,
        name="import-create-hamlets",
    ),
    re_path(
        r"^imports/(?P<job_id>[^/]+)/report\.(?P<kind>xlsx|csv)$",
        views.import_report,
        name="import-report",
    ),
]
