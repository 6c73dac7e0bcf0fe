from django.urls import path

from hocvuso.operations import views

app_name = "operations"
urlpatterns = [
    path("readyz", views.readyz, name="readyz"),
]
