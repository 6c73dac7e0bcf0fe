from django.urls import path

from hocvuso.practice import views

app_name = "practice"

urlpatterns = [
    path("", views.simulator_list, name="simulator-list"),
    path("<slug:simulator>/", views.simulator_detail, name="simulator-detail"),
]
