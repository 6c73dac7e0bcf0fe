from django.urls import path

from hocvuso.assessment import views

app_name = "assessment"
urlpatterns = [
    path("learner/", views.learner_home, name="learner-home"),
    path("learner/sign-in/", views.learner_sign_in, name="learner-sign-in"),
    path("learner/sign-out/", views.learner_sign_out, name="learner-sign-out"),
    path("learner/confidence/", views.learner_confidence, name="learner-confidence"),
    path("card/<str:token>", views.card_sign_in, name="card-sign-in"),
    path("learn/<slug:course>/record/", views.course_record, name="course-record"),
    path("records/<str:code>/", views.certificate_detail, name="certificate-detail"),
    path(
        "records/<str:code>/pdf/",
        views.certificate_download,
        name="certificate-download",
    ),
    path(
        "records/<str:code>/revoke/",
        views.certificate_revoke,
        name="certificate-revoke",
    ),
    path("verify/", views.verify_search, name="verify-search"),
    path("verify/<str:code>", views.verify, name="verify"),
    path(
        "assessment/people/<str:person_id>/",
        views.person_learning,
        name="person-learning",
    ),
    path(
        "assessment/people/<str:person_id>/checks/",
        views.observed_check_create,
        name="check-create",
    ),
    path(
        "assessment/people/<str:person_id>/evidence/",
        views.evidence_create,
        name="evidence-create",
    ),
    path(
        "assessment/people/<str:person_id>/confidence/",
        views.confidence_create,
        name="confidence-create",
    ),
    path("assessment/people/<str:person_id>/pin/", views.pin_update, name="pin-update"),
    path(
        "assessment/people/<str:person_id>/cards/",
        views.card_create,
        name="card-create",
    ),
    path(
        "assessment/people/<str:person_id>/cards/<str:card_id>/revoke/",
        views.card_revoke,
        name="card-revoke",
    ),
]
