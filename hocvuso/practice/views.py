"""Practice pages: the list, one simulator's scenario, the service worker."""

import hashlib

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from hocvuso.practice.scenarios import scenario_get, simulators_overview


def simulator_list(request):
    return render(
        request,
        "practice/simulator_list.html",
        {"simulators": simulators_overview(), "nav": "practice"},
    )


def simulator_detail(request, simulator: str):
    name, _scenario = scenario_get(simulator, request.GET.get("scenario"))
    overview = {s["slug"]: s for s in simulators_overview()}[simulator]
    return render(
        request,
        "practice/simulator_detail.html",
        {"sim": overview, "simulator": simulator, "scenario_name": name},
    )


@never_cache
def service_worker(request):
    # The cache name changes whenever a widget's script or style changes.
    files = (
        " ".join(
            static(f"js/practice/{name}.js")
            for name in ["common", "vietqr-pay", "public-service", "spot-scam", "vneid"]
        )
        + static("css/practice.css")
        + static("css/site.css")
    )
    version = hashlib.sha256(files.encode()).hexdigest()[:12]
    body = render_to_string("practice/sw.js", {"version": version}, request=request)
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")
