from django.shortcuts import render

from hocvuso.reporting.selectors import home_summary


def home(request):
    if not request.user.is_authenticated:
        return render(request, "reporting/welcome.html", {"nav": "home"})
    summary = home_summary(viewer=request.user)
    return render(request, "reporting/home.html", {"summary": summary, "nav": "home"})
