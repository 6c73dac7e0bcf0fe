import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hocvuso.core.errors import ServiceError
from hocvuso.reporting import selectors
from hocvuso.reporting.breakdowns import DIMENSIONS
from hocvuso.reporting.periods import period_parse
from hocvuso.reporting.selectors import home_summary


def home(request):
    if not request.user.is_authenticated:
        return render(request, "reporting/welcome.html", {"nav": "home"})
    summary = home_summary(viewer=request.user)
    return render(request, "reporting/home.html", {"summary": summary, "nav": "home"})


def _period(request):
    """The period asked for, or today with the message saying what was wrong."""
    try:
        return period_parse(request.GET.get("period", "")[:40]), None
    except ServiceError as error:
        return period_parse(""), error.message


@require_GET
@login_required
def unit_figures(request, unit_code):
    period, error = _period(request)
    result = selectors.indicator_table(
        viewer=request.user,
        unit_code=unit_code,
        period=period,
        breakdown=request.GET.get("breakdown", "")[:20],
    )
    if request.GET.get("format") == "csv":
        return _csv(result)
    context = {
        "table": result,
        "error": error,
        "dimensions": DIMENSIONS,
        "nav": "home",
    }
    return render(request, "reporting/unit_figures.html", context)


def _csv(result) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{result.unit.code}-{result.period.text}.csv"'
    )
    response.write("\ufeff")  # Excel opens UTF-8 only with its mark
    writer = csv.writer(response)
    columns = [str(label) for _key, label in result.columns]
    writer.writerow(["code", "indicator", "num", "den", "%", *columns])
    for row in result.rows:
        total = row.total
        writer.writerow(
            [
                row.indicator.code,
                str(row.indicator.name),
                "" if total.hidden else total.num,
                "" if total.hidden else total.den,
                "" if total.percent is None else total.percent,
                *("" if f.percent is None else f.percent for f in row.cells),
            ]
        )
    return response


@require_GET
@login_required
def unit_ranking(request, unit_code, indicator_code):
    period, error = _period(request)
    ranking = selectors.children_ranking(
        viewer=request.user,
        unit_code=unit_code,
        indicator_code=indicator_code[:10],
        period=period,
    )
    context = {"ranking": ranking, "error": error, "nav": "home"}
    return render(request, "reporting/unit_ranking.html", context)
