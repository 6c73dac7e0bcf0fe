from django.urls import path

from hocvuso.core import views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("preferences/", views.preferences_set, name="preferences"),
]
