from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hocvuso.accounts.scope import Capability, can
from hocvuso.accounts.selectors import users_with_capability_within
from hocvuso.core.errors import NotFound, ServiceError
from hocvuso.core.ranges import search_from
from hocvuso.geography.access import access_unit, units_visible
from hocvuso.geography.models import COMMUNE_KINDS, LOCAL_KINDS
from hocvuso.outreach.access import (
    access_flag,
    access_household_for_visit,
    access_household_outreach,
    access_referral,
    access_team,
)
from hocvuso.outreach.forms import (
    AssignForm,
    MemberForm,
    ReferralCloseForm,
    TeamForm,
    VisitForm,
)
from hocvuso.outreach.models import ActionKind, Outcome
from hocvuso.outreach.selectors import (
    LEFT_BEHIND_FILTERS,
    household_digital_status,
    household_people_status,
    household_visits,
    left_behind,
    open_assignments,
    outreach_dashboard,
    outreach_households,
    outreach_units,
    with_missing_skills,
)
from hocvuso.outreach.services import (
    assignment_create,
    flag_review,
    referral_close,
    team_create,
    team_member_add,
    visit_record,
)
from hocvuso.people.access import access_household


@login_required
def outreach_home(request):
    units = list(outreach_units(viewer=request.user))
    can_view = can(request.user, Capability.VIEW_OUTREACH)
    if not units and not can_view:
        raise NotFound
    context = {
        "units": units,
        "assignments": open_assignments(viewer=request.user, volunteer=request.user),
        "can_review": can_view,
        "can_left_behind": can(request.user, Capability.VIEW_LEFT_BEHIND),
        "nav": "outreach",
    }
    return render(request, "outreach/outreach_home.html", context)


@login_required
def hamlet_households(request, code):
    unit = access_unit(
        viewer=request.user, unit_code=code, capability=Capability.RECORD_VISITS
    )
    query = search_from(request)
    households = outreach_households(viewer=request.user, unit=unit, query=query)
    page = Paginator(households, 100).get_page(request.GET.get("page"))
    context = {"unit": unit, "page": page, "query": query, "nav": "outreach"}
    return render(request, "outreach/hamlet_households.html", context)


@login_required
def household_status(request, household_id):
    household = access_household_outreach(
        viewer=request.user, household_id=household_id
    )
    members = household_people_status(household=household)
    context = {
        "household": household,
        "members": members,
        "status": household_digital_status(household=household, members=members),
        "visits": household_visits(household=household)[:20],
        "can_visit": can(request.user, Capability.RECORD_VISITS, household.unit_path),
        "nav": "outreach",
    }
    return render(request, "outreach/household_status.html", context)


@login_required
def visit_create(request, household_id):
    household = access_household_for_visit(
        viewer=request.user, household_id=household_id
    )
    members = list(household.members.order_by("birth_year", "id"))
    form = VisitForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            result = visit_record(actor=request.user, visit=form.to_visit(household.pk))
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            if result.status == "duplicate":
                messages.info(request, _("This visit was already saved."))
            else:
                messages.success(request, _("Visit saved."))
            return redirect("outreach:household-status", household_id=household.pk)
    context = {"household": household, "form": form, "nav": "outreach"}
    status = 400 if form.errors else 200
    return render(request, "outreach/visit_form.html", context, status=status)


@login_required
def offline_visit_shell(request):
    """The page a phone shows for a visit form it never loaded, built from the
    hamlet's data kept on the phone. Cached by the service worker."""
    choices = {
        "actions": [[k, str(label)] for k, label in ActionKind.choices],
        "outcomes": [[k, str(label)] for k, label in Outcome.choices],
    }
    return render(
        request, "outreach/visit_offline.html", {"choices": choices, "nav": "outreach"}
    )


@never_cache
def service_worker(request):
    # The cache name changes whenever a cached static file changes.
    import hashlib

    from django.templatetags.static import static

    files = f"{static('css/site.css')} {static('js/outreach.js')}".encode()
    version = hashlib.sha256(files).hexdigest()[:12]
    body = render_to_string("outreach/sw.js", {"version": version}, request=request)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/outreach/"
    return response


def _commune_or_hamlet(request, capability):
    code = request.GET.get("unit", "")
    if code:
        return access_unit(viewer=request.user, unit_code=code, capability=capability)
    units = list(
        units_visible(viewer=request.user, capability=capability)
        .filter(kind__in=COMMUNE_KINDS | LOCAL_KINDS)
        .order_by("level", "name_folded")[:1]
    )
    if not units:
        raise NotFound
    return units[0]


def _communes(request, capability) -> list:
    """The communes a viewer over several may choose between (else none)."""
    communes = list(
        units_visible(viewer=request.user, capability=capability)
        .filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True)
        .order_by("name_folded")
    )
    return communes if len(communes) > 1 else []


@login_required
def left_behind_list(request, printable=False):
    unit = _commune_or_hamlet(request, Capability.VIEW_LEFT_BEHIND)
    filters = {f for f in request.GET.getlist("need") if f in LEFT_BEHIND_FILTERS}
    people = left_behind(viewer=request.user, unit=unit, filters=filters)
    page = Paginator(people, 200 if printable else 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    with_missing_skills(page.object_list)
    can_assign = can(request.user, Capability.REVIEW_OUTREACH, unit.path)
    volunteers = (
        users_with_capability_within(
            path=unit.path, capability=Capability.RECORD_VISITS
        )
        if can_assign
        else []
    )
    context = {
        "unit": unit,
        "communes": _communes(request, Capability.VIEW_LEFT_BEHIND),
        "page": page,
        "filters": filters,
        "filter_names": LEFT_BEHIND_FILTERS,
        "volunteers": volunteers,
        "nav": "outreach",
    }
    template = (
        "outreach/left_behind_print.html" if printable else "outreach/left_behind.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def assignment_create_view(request):
    household = access_household(
        viewer=request.user, household_id=request.POST.get("household")
    )
    if not (
        can(request.user, Capability.VIEW_LEFT_BEHIND, household.unit_path)
        and can(request.user, Capability.REVIEW_OUTREACH, household.unit_path)
    ):
        raise NotFound
    commune_path = "/".join(household.unit_path.split("/")[:3]) + "/"
    volunteers = users_with_capability_within(
        path=commune_path, capability=Capability.RECORD_VISITS
    )
    form = AssignForm(request.POST, volunteers=volunteers)
    if form.is_valid():
        volunteer = volunteers.get(pk=form.cleaned_data["volunteer"])
        try:
            assignment_create(
                actor=request.user,
                household=household,
                volunteer=volunteer,
                due_on=form.cleaned_data["due_on"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Assigned to %(name)s.") % {"name": volunteer.full_name}
            )
    else:
        messages.error(request, _("Choose a volunteer."))
    return redirect(_safe_next(request, "outreach:left-behind"))


def _safe_next(request, default: str):
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return default


@login_required
def review(request):
    unit = _commune_or_hamlet(request, Capability.VIEW_OUTREACH)
    context = {
        "unit": unit,
        "communes": _communes(request, Capability.VIEW_OUTREACH),
        "can_review": can(request.user, Capability.REVIEW_OUTREACH, unit.path),
        "dashboard": outreach_dashboard(viewer=request.user, unit=unit),
        "referral_form": ReferralCloseForm(),
        "nav": "outreach",
    }
    return render(request, "outreach/review.html", context)


@login_required
@require_POST
def referral_close_view(request, referral_id):
    referral = access_referral(viewer=request.user, referral_id=referral_id)
    form = ReferralCloseForm(request.POST)
    if form.is_valid():
        try:
            referral_close(actor=request.user, referral=referral, **form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Referral closed."))
    else:
        messages.error(request, _("Choose the result and a date."))
    return redirect(_safe_next(request, "outreach:review"))


@login_required
@require_POST
def flag_review_view(request, flag_id):
    flag = access_flag(viewer=request.user, flag_id=flag_id)
    try:
        flag_review(
            actor=request.user, flag=flag, status=request.POST.get("status", "")
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Flag reviewed."))
    return redirect(_safe_next(request, "outreach:review"))


@login_required
def team_list(request):
    unit = _commune_or_hamlet(request, Capability.VIEW_OUTREACH)
    can_manage = can(request.user, Capability.MANAGE_TEAMS, unit.path)
    if request.method == "POST" and not can_manage:
        raise NotFound
    hamlets = list(
        units_visible(viewer=request.user, capability=Capability.MANAGE_TEAMS)
        .filter(path__under=unit.path, kind__in=LOCAL_KINDS, valid_to__isnull=True)
        .order_by("name_folded")
    )
    form = TeamForm(request.POST or None, units=hamlets) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        hamlet = access_unit(
            viewer=request.user,
            unit_code=form.cleaned_data["unit"],
            capability=Capability.MANAGE_TEAMS,
        )
        try:
            team = team_create(
                actor=request.user,
                unit=hamlet,
                name=form.cleaned_data["name"],
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
            )
        except ServiceError as exc:
            for name, errors in exc.fields.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Team created."))
            return redirect("outreach:team-detail", team_id=team.pk)
    context = {
        "unit": unit,
        "communes": _communes(request, Capability.VIEW_OUTREACH),
        "teams": outreach_dashboard(viewer=request.user, unit=unit).teams,
        "form": form,
        "nav": "outreach",
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "outreach/team_list.html", context, status=status)


@login_required
def team_detail(request, team_id):
    team = access_team(
        viewer=request.user, team_id=team_id, capability=Capability.VIEW_OUTREACH
    )
    can_manage = can(request.user, Capability.MANAGE_TEAMS, team.unit_path)
    if request.method == "POST" and not can_manage:
        raise NotFound
    form = MemberForm(request.POST or None) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            team_member_add(actor=request.user, team=team, **form.cleaned_data)
        except ServiceError as exc:
            for name, errors in exc.fields.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Member added."))
            return redirect("outreach:team-detail", team_id=team.pk)
    context = {
        "team": team,
        "members": team.members.filter(left_on__isnull=True).order_by(
            "role", "full_name"
        ),
        "form": form,
        "nav": "outreach",
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "outreach/team_detail.html", context, status=status)
