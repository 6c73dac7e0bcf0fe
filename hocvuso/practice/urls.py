from django.urls import path

from hocvuso.practice import views

app_name = "practice"

urlpatterns = [
    path("", views.simulator_list, name="simulator-list"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("<slug:simulator>/", views.simulator_detail, name="simulator-detail"),
]
