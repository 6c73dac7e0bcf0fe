from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hocvuso.accounts.forms import SignInForm
from hocvuso.accounts.services import user_authenticate
from hocvuso.core.errors import ServiceError


def sign_in(request):
    if request.user.is_authenticated:
        return redirect("reporting:home")
    form = SignInForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        try:
            user = user_authenticate(
                request=request,
                phone=form.cleaned_data["phone"],
                password=form.cleaned_data["password"],
                address=request.META.get("REMOTE_ADDR", ""),
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, user)
            if not url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}
            ):
                next_url = "/"
            return redirect(next_url or "reporting:home")
    return render(
        request, "accounts/sign_in.html", {"form": form, "next": next_url}, status=200
    )


@require_POST
def sign_out(request):
    logout(request)
    return redirect("accounts:login")
