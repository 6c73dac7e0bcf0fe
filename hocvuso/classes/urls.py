from django.urls import path

from hocvuso.classes import views

app_name = "classes"
urlpatterns = [
    path("", views.classes_home, name="home"),
    path("mine/", views.my_classes, name="mine"),
    path("series/new/", views.series_create, name="series-create"),
    path("series/<str:series_id>/", views.series_detail, name="series-detail"),
    path("series/<str:series_id>/edit/", views.series_edit, name="series-edit"),
    path(
        "series/<str:series_id>/generate/",
        views.series_generate,
        name="series-generate",
    ),
    path(
        "series/<str:series_id>/register/",
        views.series_register,
        name="series-register",
    ),
    path(
        "registrations/<str:registration_id>/cancel/",
        views.registration_cancel,
        name="registration-cancel",
    ),
    path("sessions/<str:session_id>/", views.session_detail, name="session-detail"),
    path(
        "sessions/<str:session_id>/move/",
        views.session_change,
        {"action": "move"},
        name="session-move",
    ),
    path(
        "sessions/<str:session_id>/cancel/",
        views.session_change,
        {"action": "cancel"},
        name="session-cancel",
    ),
    path(
        "sessions/<str:session_id>/lessons/",
        views.session_change,
        {"action": "lessons"},
        name="session-lessons",
    ),
    path(
        "sessions/<str:session_id>/attendance/",
        views.session_attendance,
        name="session-attendance",
    ),
    path("sessions/<str:session_id>/card/", views.session_card, name="session-card"),
    path(
        "sessions/<str:session_id>/walk-in/",
        views.session_walk_in,
        name="session-walk-in",
    ),
    path("sessions/<str:session_id>/qr/", views.session_qr, name="session-qr"),
    path(
        "attendance/<str:attendance_id>/",
        views.attendance_detail,
        name="attendance-detail",
    ),
    path("reports/", views.report, name="report"),
    path("reports/export.xlsx", views.report_export, name="report-export"),
    path("check-in/<str:token>/", views.check_in, name="check-in"),
    path("<str:code>/", views.calendar, name="calendar"),
    path(
        "<str:code>/series/<str:series_id>/", views.series_public, name="series-public"
    ),
    path(
        "<str:code>/series/<str:series_id>/poster/",
        views.series_poster,
        name="series-poster",
    ),
]
