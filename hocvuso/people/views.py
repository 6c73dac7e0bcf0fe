from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hocvuso.accounts.scope import Capability, can
from hocvuso.core.errors import NotFound, ServiceError
from hocvuso.core.ranges import search_from
from hocvuso.geography.access import access_unit, units_visible
from hocvuso.geography.models import COMMUNE_KINDS
from hocvuso.people.access import (
    access_household,
    access_import_job,
    access_person,
    can_view_sensitive,
)
from hocvuso.people.exports import (
    import_report_csv,
    import_report_xlsx,
    import_template_xlsx,
)
from hocvuso.people.forms import CreateHamletsForm, ImportForm, MilestoneForm
from hocvuso.people.import_jobs import (
    import_job_create,
    import_job_repeat,
    import_jobs_fail_interrupted,
)
from hocvuso.people.models import MilestoneSource
from hocvuso.people.selectors import (
    household_list,
    household_member_counts,
    household_members,
    import_job_list,
    import_job_report,
    person_active_consents,
    person_list,
    person_milestones,
    person_skill_rows,
)
from hocvuso.people.services import milestone_record

PAGE_SIZE = 50


def _unit_filter(request):
    code = request.GET.get("unit", "").strip()
    if not code:
        return None
    return access_unit(viewer=request.user, unit_code=code)


@login_required
def household_list_view(request):
    unit = _unit_filter(request)
    query = search_from(request)
    households = household_list(
        viewer=request.user, query=query, unit_path=unit.path if unit else ""
    )
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    household_member_counts(page.object_list)
    context = {"page": page, "query": query, "unit": unit, "nav": "households"}
    return render(request, "people/household_list.html", context)


@login_required
def household_detail(request, household_id):
    household = access_household(viewer=request.user, household_id=household_id)
    context = {
        "household": household,
        "members": person_skill_rows(list(household_members(household=household))),
        "sensitive": can_view_sensitive(viewer=request.user, path=household.unit_path),
        "nav": "households",
    }
    return render(request, "people/household_detail.html", context)


@login_required
def person_list_view(request):
    unit = _unit_filter(request)
    query = search_from(request)
    people = person_list(
        viewer=request.user, query=query, unit_path=unit.path if unit else ""
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "unit": unit, "nav": "people"}
    return render(request, "people/person_list.html", context)


def _person_context(request, person, form):
    can_record = can(request.user, Capability.RECORD_MILESTONES, person.unit_path)
    return {
        "person": person,
        "skills": person_skill_rows([person])[0],
        "milestones": person_milestones(person=person),
        "consents": person_active_consents(person=person),
        "sensitive": can_view_sensitive(viewer=request.user, path=person.unit_path),
        "form": (form or MilestoneForm()) if can_record else None,
        "nav": "people",
    }


@login_required
def person_detail(request, person_id):
    person = access_person(viewer=request.user, person_id=person_id)
    return render(
        request, "people/person_detail.html", _person_context(request, person, None)
    )


@login_required
@require_POST
def milestone_create(request, person_id):
    person = access_person(
        viewer=request.user,
        person_id=person_id,
        capability=Capability.RECORD_MILESTONES,
    )
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            milestone_record(
                actor=request.user,
                person=person,
                source=MilestoneSource.OFFICER,
                **form.cleaned_data,
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Milestone recorded."))
            return redirect("people:person-detail", person_id=person.pk)
    context = _person_context(request, person, form)
    return render(request, "people/person_detail.html", context, status=400)


def _import_units(viewer):
    return (
        units_visible(viewer=viewer, capability=Capability.IMPORT_PEOPLE)
        .filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True)
        .order_by("name_folded")
    )


@login_required
def import_start(request):
    units = list(_import_units(request.user))
    if not units:
        raise NotFound
    form = ImportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        unit = access_unit(
            viewer=request.user,
            unit_code=form.cleaned_data["unit"],
            capability=Capability.IMPORT_PEOPLE,
        )
        try:
            job = import_job_create(
                actor=request.user,
                unit=unit,
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
                all_or_nothing=form.cleaned_data["all_or_nothing"],
                create_hamlets=form.cleaned_data["create_hamlets"]
                and can(request.user, Capability.MANAGE_LOCAL_UNITS, unit.path),
            )
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("people:import-detail", job_id=job.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "people/import_start.html",
        {"form": form, "nav": "people"},
        status=status,
    )


def _import_context(request, job, form=None):
    if import_jobs_fail_interrupted(job_ids=[job.pk]):
        job.refresh_from_db()
    report = import_job_report(job=job)
    may_create = report["can_create_hamlets"] and can(
        request.user, Capability.MANAGE_LOCAL_UNITS, job.unit.path
    )
    return {
        "job": job,
        "report": report,
        "form": (form or CreateHamletsForm()) if may_create else None,
        "nav": "people",
    }


@login_required
def import_detail(request, job_id):
    job = access_import_job(viewer=request.user, job_id=job_id)
    return render(request, "people/import_detail.html", _import_context(request, job))


@login_required
@require_POST
def import_create_hamlets(request, job_id):
    job = access_import_job(viewer=request.user, job_id=job_id)
    context = _import_context(request, job, CreateHamletsForm(request.POST))
    form = context["form"]
    if form is None:
        raise NotFound
    if form.is_valid():
        new = import_job_repeat(actor=request.user, job=job, create_hamlets=True)
        return redirect("people:import-detail", job_id=new.pk)
    return render(request, "people/import_detail.html", context, status=400)


@login_required
def import_list(request):
    if not _import_units(request.user).exists():
        raise NotFound
    unit = _unit_filter(request)
    jobs = import_job_list(viewer=request.user, unit_path=unit.path if unit else "")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "unit": unit, "nav": "people"}
    return render(request, "people/import_list.html", context)


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def import_report(request, job_id, kind):
    job = access_import_job(viewer=request.user, job_id=job_id)
    name = f"loi-nhap-{job.pk}.{kind}"
    if kind == "csv":
        return _download(import_report_csv(job), "text/csv; charset=utf-8", name)
    return _download(import_report_xlsx(job), _XLSX, name)


@login_required
def import_template(request):
    if not _import_units(request.user).exists():
        raise NotFound
    return _download(import_template_xlsx(), _XLSX, "mau-danh-sach-nhan-khau.xlsx")
