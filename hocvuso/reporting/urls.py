from django.urls import path

from hocvuso.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.home, name="home"),
    path("figures/<str:unit_code>/", views.unit_figures, name="unit-figures"),
    path(
        "figures/<str:unit_code>/<str:indicator_code>/",
        views.unit_ranking,
        name="unit-ranking",
    ),
]
