"""Pages of the weekly classes: staff pages behind sign-in, and the public
calendar, series page, poster and check-in that work without an account."""

import datetime
import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hocvuso.accounts.scope import Capability, can
from hocvuso.classes import selectors, services
from hocvuso.classes.access import (
    access_attendance,
    access_person_for_series,
    access_registration,
    access_series,
    access_session,
    can_manage_series,
)
from hocvuso.classes.exports import report_workbook
from hocvuso.classes.forms import (
    AttendanceForm,
    CardForm,
    GenerateForm,
    LessonsForm,
    MoveForm,
    PersonAddForm,
    PersonSearchForm,
    ReasonForm,
    ReportForm,
    SeriesEditForm,
    SeriesForm,
    TaskCheckForm,
    WalkInForm,
)
from hocvuso.core.errors import NotFound, ServiceError

LEARNER_SIGN_IN = "/learner/sign-in/"


def _learner(request):
    try:
        from hocvuso.assessment.learners import current_learner
    except ImportError:  # pragma: no cover - depends on the deployment
        return None
    return current_learner(request)


def _fail(request, error: ServiceError):
    messages.error(request, error.message)


def _qr_svg(url: str, scale: int = 6) -> str:
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=scale, xmldecl=False, svgns=True, nl=False
    )
    return out.getvalue().decode()


# Staff ----------------------------------------------------------------------


@login_required
def classes_home(request):
    user = request.user
    if not (
        can(user, Capability.MANAGE_CLASSES)
        or can(user, Capability.TEACH_CLASSES)
        or can(user, Capability.VIEW_CLASS_REPORTS)
    ):
        raise NotFound
    context = {
        "series_list": selectors.series_list(viewer=user),
        "followed": selectors.series_followed(viewer=user),
        "sessions": selectors.sessions_today(viewer=user),
        "can_manage": can(user, Capability.MANAGE_CLASSES),
        "can_report": selectors.report_units(viewer=user).exists(),
        "nav": "classes",
    }
    return render(request, "classes/classes_home.html", context)


@login_required
def series_create(request):
    units = selectors.units_for_series(viewer=request.user)
    roots = list(units.filter(kind__in=["commune", "ward", "special_zone"])[:1])
    if not units.exists():
        raise NotFound
    instructors = selectors.instructors_for(unit=roots[0]) if roots else []
    form = SeriesForm(request.POST or None, units=units, instructors=instructors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = selectors.unit_by_code(units=units, code=data["unit"])
        try:
            series = services.series_create(
                actor=request.user,
                unit=unit,
                title=data["title"],
                venue_kind=data["venue_kind"],
                venue_name=data["venue_name"],
                venue_address=data["venue_address"],
                weekday=data["weekday"],
                start_time=data["start_time"],
                duration_minutes=data["duration_minutes"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                audience=data["audience"],
                audience_detail=data["audience_detail"],
                topics=data["topics"],
                competence_codes=form.split(data["competence_codes"]),
                lesson_refs=form.split(data["lesson_refs"]),
                organisers=data["organisers"],
                partner_names=data["partner_names"],
                instructors=[int(i) for i in data["instructors"]],
                capacity=data["capacity"],
                accessibility_notes=data["accessibility_notes"],
                adaptations=data["adaptations"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
            for name, problems in error.fields.items():
                if name in form.fields:
                    form.add_error(name, [str(p) for p in problems])
        else:
            messages.success(request, _("The class was created."))
            return redirect("classes:series-detail", series_id=series.pk)
    context = {"form": form, "nav": "classes"}
    return render(request, "classes/series_form.html", context)


@login_required
def series_edit(request, series_id):
    series = access_series(viewer=request.user, series_id=series_id, manage=True)
    instructors = selectors.instructors_for(unit=series.commune)
    form = SeriesEditForm(request.POST or None, series=series, instructors=instructors)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["competence_codes"] = form.split(data["competence_codes"])
        data["lesson_refs"] = form.split(data["lesson_refs"])
        chosen = [int(i) for i in data.pop("instructors")]
        try:
            services.series_update(
                actor=request.user, series=series, instructors=chosen, **data
            )
        except ServiceError as error:
            form.add_error(None, error.message)
            for name, problems in error.fields.items():
                if name in form.fields:
                    form.add_error(name, [str(p) for p in problems])
        else:
            messages.success(request, _("Saved."))
            return redirect("classes:series-detail", series_id=series.pk)
    context = {"form": form, "series": series, "nav": "classes"}
    return render(request, "classes/series_form.html", context)


@login_required
def series_detail(request, series_id):
    series = access_series(viewer=request.user, series_id=series_id)
    search = PersonSearchForm(request.GET or None)
    found = []
    if search.is_valid():
        found = selectors.people_for_series(
            series=series, query=search.cleaned_data["q"]
        )
    registrations = list(selectors.series_registrations(series=series))
    context = {
        "series": series,
        "sessions": selectors.series_sessions(series=series),
        "registered": [r for r in registrations if r.status == "registered"],
        "waiting": services.waiting_list(series),
        "search": search,
        "found": found,
        "add_form": PersonAddForm(),
        "generate_form": GenerateForm(),
        "can_manage": can_manage_series(viewer=request.user, series=series),
        "topics": selectors.series_topics(series=series),
        "public_url": request.build_absolute_uri(
            reverse("classes:series-public", args=[series.commune.code, series.pk])
        ),
        "nav": "classes",
    }
    return render(request, "classes/series_detail.html", context)


@login_required
@require_POST
def series_generate(request, series_id):
    series = access_series(viewer=request.user, series_id=series_id, manage=True)
    form = GenerateForm(request.POST)
    if form.is_valid():
        try:
            made = services.sessions_generate(
                actor=request.user,
                series=series,
                weeks=form.cleaned_data["weeks"],
                from_date=form.cleaned_data["from_date"],
            )
        except ServiceError as error:
            _fail(request, error)
        else:
            messages.success(request, _("New sessions: %(n)s.") % {"n": len(made)})
    else:
        messages.error(request, _("Enter 1 to 52 weeks."))
    return redirect("classes:series-detail", series_id=series.pk)


@login_required
@require_POST
def series_register(request, series_id):
    series = access_series(viewer=request.user, series_id=series_id)
    form = PersonAddForm(request.POST) if "full_name" in request.POST else None
    try:
        if form is not None:
            if not form.is_valid():
                raise ServiceError(_("Enter at least the full name."))
            data = form.cleaned_data
            person = services.person_add_for_class(
                actor=request.user,
                series=series,
                full_name=data["full_name"],
                birth_year=data["birth_year"],
                phone=data["phone"],
                sex=data["sex"],
            )
            priority = data["priority"]
        else:
            person = access_person_for_series(
                series=series, person_id=request.POST.get("person_id")
            )
            priority = request.POST.getlist("priority")
        registration = services.registration_create(
            actor=request.user, series=series, person=person, priority=priority
        )
    except ServiceError as error:
        _fail(request, error)
    else:
        if registration.status == "waiting":
            messages.warning(
                request,
                _("The class is full: %(name)s is on the waiting list.")
                % {"name": person.full_name},
            )
        else:
            messages.success(
                request, _("%(name)s is registered.") % {"name": person.full_name}
            )
    return redirect("classes:series-detail", series_id=series.pk)


@login_required
@require_POST
def registration_cancel(request, registration_id):
    registration = access_registration(
        viewer=request.user, registration_id=registration_id
    )
    promoted = services.registration_cancel(
        actor=request.user,
        registration=registration,
        reason=request.POST.get("reason", ""),
    )
    messages.success(request, _("The registration was cancelled."))
    if promoted is not None:
        messages.success(
            request,
            _("%(name)s moved up from the waiting list.")
            % {"name": promoted.person.full_name},
        )
    return redirect("classes:series-detail", series_id=registration.series_id)


@login_required
def session_detail(request, session_id):
    session = access_session(viewer=request.user, session_id=session_id)
    local = timezone.localtime(session.starts_at)
    context = {
        "session": session,
        "series": session.series,
        "move_form": MoveForm(initial={"day": local.date(), "time": local.time()}),
        "cancel_form": ReasonForm(),
        "lessons_form": LessonsForm(
            initial={
                "lesson_refs": ", ".join(session.lessons_covered),
                "notes": session.notes,
            }
        ),
        "present": (present := session.attendances.count()),
        "status": session.shown_status(present),
        "can_manage": can_manage_series(viewer=request.user, series=session.series),
        "nav": "classes",
    }
    return render(request, "classes/session_detail.html", context)


@login_required
@require_POST
def session_change(request, session_id, action):
    session = access_session(viewer=request.user, session_id=session_id)
    form = {"move": MoveForm, "cancel": ReasonForm, "lessons": LessonsForm}[action](
        request.POST
    )
    if not form.is_valid():
        messages.error(request, _("Check the date, time and reason."))
        return redirect("classes:session-detail", session_id=session.pk)
    try:
        if action == "move":
            services.session_move(
                actor=request.user,
                session=session,
                starts_at=form.starts_at(),
                reason=form.cleaned_data["reason"],
            )
        elif action == "cancel":
            services.session_cancel(
                actor=request.user, session=session, reason=form.cleaned_data["reason"]
            )
        else:
            services.session_lessons_record(
                actor=request.user,
                session=session,
                lesson_refs=SeriesForm.split(form.cleaned_data["lesson_refs"]),
                notes=form.cleaned_data["notes"],
            )
    except ServiceError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("classes:session-detail", session_id=session.pk)


@login_required
def session_attendance(request, session_id):
    session = access_session(viewer=request.user, session_id=session_id)
    if request.method == "POST":
        ticked = set(request.POST.getlist("present"))
        shown = set(request.POST.getlist("shown"))
        added = 0
        try:
            for person_id in sorted(ticked | shown):
                person = access_person_for_series(
                    series=session.series, person_id=person_id
                )
                if person_id in ticked:
                    _row, created = services.attendance_record(
                        actor=request.user, session=session, person=person
                    )
                    added += created
                else:
                    services.attendance_remove(
                        actor=request.user, session=session, person=person
                    )
        except ServiceError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Attendance saved."))
        return redirect("classes:session-attendance", session_id=session.pk)
    roster = selectors.session_roster(session=session)
    context = {
        "session": session,
        "series": session.series,
        "roster": roster,
        "present": sum(1 for row in roster if row.attendance),
        "card_form": CardForm(),
        "walk_in_form": WalkInForm(),
        "nav": "classes",
    }
    return render(request, "classes/session_attendance.html", context)


@login_required
@require_POST
def session_card(request, session_id):
    session = access_session(viewer=request.user, session_id=session_id)
    form = CardForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Scan the card or type its code."))
        attendance, created = services.attendance_by_card(
            actor=request.user, session=session, scanned=form.cleaned_data["card"]
        )
    except ServiceError as error:
        _fail(request, error)
    else:
        messages.success(
            request,
            (
                _("%(name)s is present.")
                if created
                else _("%(name)s was already present.")
            )
            % {"name": attendance.person.full_name},
        )
    return redirect("classes:session-attendance", session_id=session.pk)


@login_required
@require_POST
def session_walk_in(request, session_id):
    session = access_session(viewer=request.user, session_id=session_id)
    form = WalkInForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Enter at least the full name."))
        attendance, _created = services.attendance_walk_in(
            actor=request.user, session=session, **form.cleaned_data
        )
    except ServiceError as error:
        _fail(request, error)
    else:
        messages.success(
            request, _("%(name)s is present.") % {"name": attendance.person.full_name}
        )
    return redirect("classes:session-attendance", session_id=session.pk)


@login_required
def session_qr(request, session_id):
    session = access_session(viewer=request.user, session_id=session_id)
    url = request.build_absolute_uri(
        reverse("classes:check-in", args=[session.checkin_token])
    )
    context = {"session": session, "url": url, "qr": _qr_svg(url, scale=10)}
    return render(request, "classes/session_qr.html", context)


@login_required
def attendance_detail(request, attendance_id):
    attendance = access_attendance(viewer=request.user, attendance_id=attendance_id)
    tasks = selectors.series_tasks(series=attendance.session.series)
    form = AttendanceForm(
        request.POST if "confidence" in request.POST else None,
        initial={
            "confidence_before": attendance.confidence_before,
            "confidence_after": attendance.confidence_after,
            "needs_follow_up": attendance.needs_follow_up,
            "follow_up_note": attendance.follow_up_note,
        },
    )
    task_form = TaskCheckForm(
        request.POST if "task_code" in request.POST else None, tasks=tasks
    )
    if request.method == "POST":
        try:
            if form.is_bound and form.is_valid():
                services.attendance_update(
                    actor=request.user, attendance=attendance, **form.cleaned_data
                )
            elif task_form.is_bound and task_form.is_valid():
                services.task_check_record(
                    actor=request.user, attendance=attendance, **task_form.cleaned_data
                )
            else:
                raise ServiceError(_("Check the marked fields."))
        except ServiceError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("classes:attendance-detail", attendance_id=attendance.pk)
    context = {
        "attendance": attendance,
        "session": attendance.session,
        "form": form,
        "task_form": task_form if tasks else None,
        "checks": attendance.task_checks.order_by("task_code"),
        "nav": "classes",
    }
    return render(request, "classes/attendance_detail.html", context)


def _report_form(request):
    """The report's form and what it may cover: the units the viewer reports
    on, or with ``?series=`` one class the viewer manages or teaches."""
    series = None
    if "series" in request.GET:
        series = access_series(viewer=request.user, series_id=request.GET["series"])
        units = selectors.report_units_of_series(series=series)
    else:
        units = selectors.report_units(viewer=request.user)
    if not units.exists():
        raise NotFound
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("unit", units.first().code)
    data.setdefault("start", (today - datetime.timedelta(weeks=8)).isoformat())
    data.setdefault("end", today.isoformat())
    return ReportForm(data, units=units), units, series


def _report(form, units, series):
    unit = selectors.unit_by_code(units=units, code=form.cleaned_data["unit"])
    return selectors.classes_report(
        unit=unit,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        series=series,
    )


@login_required
def report(request):
    form, units, series = _report_form(request)
    result = _report(form, units, series) if form.is_valid() else None
    groups = []
    if result is not None:
        groups = [
            (f"{kind}: {group}", n)
            for kind, group, n in selectors.report_group_rows(result)
        ]
    context = {
        "form": form,
        "series": series,
        "report": result,
        "groups": groups,
        "nav": "classes",
    }
    return render(request, "classes/report.html", context)


@login_required
def report_export(request):
    form, units, series = _report_form(request)
    if not form.is_valid():
        raise NotFound
    result = _report(form, units, series)
    response = HttpResponse(
        report_workbook(result),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    unit = result.unit
    suffix = f"-lop-{series.pk}" if series else ""
    name = f"lop-hoc-{unit.code}{suffix}-{result.start:%Y%m%d}-{result.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Public ---------------------------------------------------------------------


def _commune(code):
    commune = selectors.commune_public(code)
    if commune is None:
        raise NotFound
    return commune


def calendar(request, code):
    commune = _commune(code)
    days: dict = {}
    for session in selectors.calendar_sessions(commune=commune):
        days.setdefault(timezone.localdate(session.starts_at), []).append(session)
    context = {
        "commune": commune,
        "days": list(days.items()),
        "weeks": selectors.UPCOMING_WEEKS,
    }
    return render(request, "classes/calendar.html", context)


def series_public(request, code, series_id):
    commune = _commune(code)
    series = selectors.series_public(commune=commune, series_id=series_id)
    if series is None:
        raise NotFound
    learner = _learner(request)
    if request.method == "POST":
        if learner is None:
            return redirect(f"{LEARNER_SIGN_IN}?next={request.path}")
        try:
            registration = services.registration_create(
                actor=None, series=series, person=learner, by_learner=True
            )
        except ServiceError as error:
            _fail(request, error)
        else:
            messages.success(
                request,
                _("You are registered.")
                if registration.status == "registered"
                else _("The class is full: you are on the waiting list."),
            )
        return redirect(request.path)
    mine = None
    if learner is not None:
        mine = (
            series.registrations.exclude(status="cancelled")
            .filter(person=learner)
            .first()
        )
    context = {
        "commune": commune,
        "series": series,
        "learner": learner,
        "mine": mine,
        "sign_in": f"{LEARNER_SIGN_IN}?next={request.path}",
        "topics": selectors.series_topics(series=series),
    }
    return render(request, "classes/series_public.html", context)


def series_poster(request, code, series_id):
    commune = _commune(code)
    series = selectors.series_public(commune=commune, series_id=series_id)
    if series is None:
        raise NotFound
    url = request.build_absolute_uri(
        reverse("classes:series-public", args=[commune.code, series.pk])
    )
    context = {"series": series, "commune": commune, "url": url, "qr": _qr_svg(url)}
    return render(request, "classes/series_poster.html", context)


def check_in(request, token):
    session = services.session_for_checkin(token)
    learner = _learner(request)
    if request.method == "POST" and learner is not None:
        try:
            services.attendance_self_checkin(person=learner, session=session)
        except ServiceError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Thank you: you are marked present."))
        return redirect(request.path)
    present = (
        learner is not None and session.attendances.filter(person=learner).exists()
    )
    context = {
        "session": session,
        "learner": learner,
        "present": present,
        "sign_in": f"{LEARNER_SIGN_IN}?next={request.path}",
    }
    return render(request, "classes/check_in.html", context)


def my_classes(request):
    learner = _learner(request)
    if learner is None:
        return redirect(f"{LEARNER_SIGN_IN}?next={request.path}")
    context = {
        "learner": learner,
        "registrations": selectors.learner_registrations(person=learner),
    }
    return render(request, "classes/my_classes.html", context)
