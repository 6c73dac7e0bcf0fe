"""Practice pages: the list of simulators and one simulator's scenario."""

from django.shortcuts import render

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
