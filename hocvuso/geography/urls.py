from django.urls import path

from hocvuso.geography import views

app_name = "geography"
urlpatterns = [
    path("", views.unit_list, name="unit-list"),
    path("<str:code>/", views.unit_detail, name="unit-detail"),
    path("<str:code>/hamlets/", views.local_unit_create, name="local-unit-create"),
]
