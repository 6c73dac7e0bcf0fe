from django.urls import path

from hocvuso.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.outreach_home, name="home"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("offline-visit/", views.offline_visit_shell, name="offline-visit"),
    path("units/<str:code>/", views.hamlet_households, name="hamlet-households"),
    path(
        "households/<str:household_id>/",
        views.household_status,
        name="household-status",
    ),
    path(
        "households/<str:household_id>/visit/", views.visit_create, name="visit-create"
    ),
    path("left-behind/", views.left_behind_list, name="left-behind"),
    path(
        "left-behind/print/",
        views.left_behind_list,
        {"printable": True},
        name="left-behind-print",
    ),
    path("assignments/", views.assignment_create_view, name="assignment-create"),
    path("review/", views.review, name="review"),
    path(
        "referrals/<str:referral_id>/close/",
        views.referral_close_view,
        name="referral-close",
    ),
    path("flags/<str:flag_id>/review/", views.flag_review_view, name="flag-review"),
    path("teams/", views.team_list, name="team-list"),
    path("teams/<str:team_id>/", views.team_detail, name="team-detail"),
]
