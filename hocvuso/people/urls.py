from django.urls import path

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
    path("imports/new/", views.import_start, name="import-start"),
    path("imports/<str:job_id>/", views.import_detail, name="import-detail"),
]
