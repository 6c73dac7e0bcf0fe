from django.urls import path

from hocvuso.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.home, name="home"),
]
