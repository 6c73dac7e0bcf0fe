from django.contrib import admin
from django.urls import include, path

from hocvuso.api.urls import api

urlpatterns = [
    path("", include("hocvuso.core.urls")),
    path("", include("hocvuso.reporting.urls")),
    path("", include("hocvuso.accounts.urls")),
    path("units/", include("hocvuso.geography.urls")),
    path("", include("hocvuso.people.urls")),
    path("outreach/", include("hocvuso.outreach.urls")),
    path("classes/", include("hocvuso.classes.urls")),
    path("learn/", include("hocvuso.learning.urls")),
    path("", include("hocvuso.assessment.urls")),
    path("practice/", include("hocvuso.practice.urls")),
    path("", include("hocvuso.programmes.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("hocvuso.operations.urls")),
]
