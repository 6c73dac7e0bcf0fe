from django.urls import path, re_path

from hocvuso.learning import views

# Words a lesson slug may not take: other pages live at /learn/<course>/<word>/
# (the completion record of the assessment app among them).
RESERVED = r"(?!(?:record|plan|media|edit)/)"

app_name = "learning"
urlpatterns = [
    path("", views.home, name="home"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("framework/", views.framework, name="framework"),
    path("edit/", views.edit_home, name="edit-home"),
    path(
        "edit/competences/<str:code>/",
        views.competence_edit,
        name="competence-edit",
    ),
    path("edit/profiles/<str:group>/", views.profile_edit, name="profile-edit"),
    path("edit/<slug:course>/plan/", views.plan_edit, name="plan-edit"),
    path("edit/<slug:course>/<slug:lesson>/", views.lesson_edit, name="lesson-edit"),
    path("<slug:course>/", views.course_detail, name="course-detail"),
    path("<slug:course>/plan/", views.course_plan, name="course-plan"),
    path("<slug:course>/media/<str:name>", views.media, name="media"),
    re_path(
        rf"^(?P<course>[-a-z0-9]+)/{RESERVED}(?P<lesson>[-a-z0-9]+)/$",
        views.lesson_detail,
        name="lesson-detail",
    ),
    path(
        "<slug:course>/<slug:lesson>/check/<int:block>/",
        views.check_answer,
        name="check-answer",
    ),
]
