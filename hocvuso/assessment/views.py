"""Learners' pages (sign-in, completion record, verify) and staff's assessment pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hocvuso.assessment import selectors, services
from hocvuso.assessment.access import (
    RECORD,
    access_card,
    access_certificate,
    access_certificate_page,
    access_learner,
    can_record,
    can_revoke_certificate,
)
from hocvuso.assessment.documents import certificate_pdf, qr_svg
from hocvuso.assessment.forms import (
    ConfidenceForm,
    EvidenceForm,
    LearnerSignInForm,
    ObservedCheckForm,
    PinForm,
    RevokeForm,
    VerifyForm,
)
from hocvuso.assessment.learners import (
    current_learner,
    learner_session_end,
    learner_session_start,
)
from hocvuso.assessment.models import Method
from hocvuso.core.errors import ServiceError
from hocvuso.learning.selectors import course_get, task_get


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return default


# --- learners -------------------------------------------------------------------


@never_cache
def learner_sign_in(request):
    form = LearnerSignInForm(request.POST or None)
    next_url = _safe_next(request, reverse("assessment:learner-home"))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                person = services.learner_authenticate(
                    phone=form.cleaned_data["phone"],
                    pin=form.cleaned_data["pin"],
                    address=_address(request),
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                learner_session_start(request, person=person, via="pin")
                return redirect(next_url)
    context = {"form": form, "next": next_url, "learner": current_learner(request)}
    return render(request, "assessment/learner_sign_in.html", context, status=status)


@require_POST
def learner_sign_out(request):
    learner_session_end(request)
    messages.success(request, _("You are signed out."))
    return redirect("assessment:learner-sign-in")


@never_cache
def card_sign_in(request, token):
    try:
        card = services.card_sign_in(token=token, address=_address(request))
    except ServiceError as exc:
        context = {"message": exc.message}
        return render(request, "assessment/card_invalid.html", context, status=404)
    learner_session_start(request, person=card.person, via="card", card=card)
    return redirect("assessment:learner-home")


@never_cache
def learner_home(request):
    person = current_learner(request)
    if person is None:
        return redirect(f"{reverse('assessment:learner-sign-in')}?next={request.path}")
    context = {
        "person": person,
        "certificates": selectors.person_certificates(person),
        "progress": selectors.learner_progress(person),
        "form": ConfidenceForm(initial={"context": "general"}),
    }
    return render(request, "assessment/learner_home.html", context)


@require_POST
def learner_confidence(request):
    person = current_learner(request)
    if person is None:
        return redirect("assessment:learner-sign-in")
    form = ConfidenceForm(request.POST)
    if form.is_valid():
        try:
            services.confidence_record(
                person=person, recorded_by=None, **form.cleaned_data
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you. Your answer is saved."))
            return redirect("assessment:learner-home")
    context = {
        "person": person,
        "certificates": selectors.person_certificates(person),
        "form": form,
    }
    return render(request, "assessment/learner_home.html", context, status=400)


def _progress_from_post(post, record) -> dict:
    progress = {}
    for item in record:
        slug = item.lesson.slug
        checks = {}
        for block in item.checks:
            value = post.get(f"check-{block.pk}")
            if value not in (None, ""):
                checks[str(block.pk)] = value
        progress[slug] = {"done": post.get(f"done-{slug}") == "1", "checks": checks}
    return progress


def _record_rows(record, reports, post) -> list[dict]:
    """What the record form shows per lesson, keeping what was posted."""
    rows = []
    for item in record:
        questions = []
        for block in item.checks:
            chosen = post.get(f"check-{block.pk}")
            options = [
                {"index": i, "text": text, "checked": chosen == str(i)}
                for i, text in enumerate(block.data.get("options", []))
            ]
            questions.append({"block": block, "options": options})
        rows.append(
            {
                "lesson": item.lesson,
                "done": item.done,
                "questions": questions,
                "report": reports.get(item.lesson.pk),
                "ticked": post.get(f"done-{item.lesson.slug}") == "1",
            }
        )
    return rows


@never_cache
def course_record(request, course):
    course = course_get(course)
    person = current_learner(request)
    if person is None:
        context = {"course": course, "sign_in_next": request.path}
        return render(request, "assessment/record_sign_in.html", context)
    existing = selectors.certificate_valid_for(person, course)
    if existing is not None:
        return redirect("assessment:certificate-detail", code=existing.code)
    record = selectors.course_record(person, course)
    reports = {}
    status = 200
    if request.method == "POST":
        try:
            result, certificate = services.course_record_submit(
                person=person,
                course=course,
                progress=_progress_from_post(request.POST, record),
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            if certificate is not None:
                messages.success(request, _("Well done! Here is your record."))
                return redirect("assessment:certificate-detail", code=certificate.code)
            reports = {r.lesson.pk: r for r in result}
            status = 400
            record = selectors.course_record(person, course)
    context = {
        "course": course,
        "person": person,
        "rows": _record_rows(record, reports, request.POST),
    }
    return render(request, "assessment/course_record.html", context, status=status)


def _verify_url(request, certificate) -> str:
    return request.build_absolute_uri(
        reverse("assessment:verify", kwargs={"code": certificate.code})
    )


def _certificate_for_viewer(request, code):
    return access_certificate_page(
        viewer=request.user, learner=current_learner(request), code=code
    )


@never_cache
def certificate_detail(request, code):
    certificate = _certificate_for_viewer(request, code)
    url = _verify_url(request, certificate)
    context = {
        "certificate": certificate,
        "verify_url": url,
        "qr": qr_svg(url, title=_("QR code to check this record")),
        "can_revoke": can_revoke_certificate(
            viewer=request.user, certificate=certificate
        ),
        "revoke_form": RevokeForm(),
    }
    return render(request, "assessment/certificate_detail.html", context)


def certificate_download(request, code):
    certificate = _certificate_for_viewer(request, code)
    body = certificate_pdf(
        certificate=certificate, verify_url=_verify_url(request, certificate)
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="hocvuso-{certificate.code}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def verify_search(request):
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        code = selectors.certificate_code_normal(form.cleaned_data["code"])
        return redirect("assessment:verify", code=code or "-")
    return render(request, "assessment/verify_search.html", {"form": form})


def verify(request, code):
    certificate = selectors.certificate_by_code(code)
    context = {
        "certificate": certificate,
        "code": code,
        "initials": selectors.initials(certificate.person.full_name)
        if certificate
        else "",
        "form": VerifyForm(initial={"code": code}),
    }
    status = 200 if certificate else 404
    return render(request, "assessment/verify.html", context, status=status)


# --- staff ------------------------------------------------------------------------


def _staff_context(request, person, **forms) -> dict:
    recorder = can_record(viewer=request.user, person=person)
    context = {
        "person": person,
        "status": selectors.universal_status(person),
        "results": selectors.person_results(person),
        "confidence": selectors.person_confidence(person),
        "certificates": selectors.person_certificates(person),
        "cards": selectors.person_cards(person) if recorder else [],
        "has_pin": selectors.person_has_pin(person),
        "attempts": selectors.practice_attempts(person),
        "can_record": recorder,
        "nav": "people",
    }
    if recorder:
        context.update(
            {
                "check_form": ObservedCheckForm(tasks=selectors.framework_tasks()),
                "evidence_form": EvidenceForm(),
                "confidence_form": ConfidenceForm(),
                "pin_form": PinForm(),
            }
        )
        context.update(forms)
    return context


@login_required
def person_learning(request, person_id):
    person = access_learner(viewer=request.user, person_id=person_id)
    return render(
        request, "assessment/person_learning.html", _staff_context(request, person)
    )


def _staff_post(request, person_id, form, key: str, action, success: str):
    """Validate ``form``, run ``action(person, data)``, redirect or show errors."""
    person = access_learner(viewer=request.user, person_id=person_id, capability=RECORD)
    if form.is_valid():
        try:
            action(person, form.cleaned_data)
        except ServiceError as exc:
            for name, errors in exc.fields.items():
                if name in form.fields:
                    for error in errors:
                        form.add_error(name, error)
            form.add_error(None, exc.message)
        else:
            messages.success(request, success)
            return redirect("assessment:person-learning", person_id=person.pk)
    context = _staff_context(request, person, **{key: form})
    return render(request, "assessment/person_learning.html", context, status=400)


@login_required
@require_POST
def observed_check_create(request, person_id):
    form = ObservedCheckForm(request.POST, tasks=selectors.framework_tasks())

    def action(person, data):
        task = task_get(data["task"])
        services.competence_result_record(
            person=person,
            competence=task.competence,
            task=task,
            level=task.level,
            method=Method.OBSERVED,
            assisted=data["assisted"],
            assessor=request.user,
            on=data["on"],
            note=data["note"],
        )

    return _staff_post(
        request, person_id, form, "check_form", action, _("Task check recorded.")
    )


@login_required
@require_POST
def evidence_create(request, person_id):
    def action(person, data):
        services.universal_evidence_record(actor=request.user, person=person, **data)

    return _staff_post(
        request,
        person_id,
        EvidenceForm(request.POST),
        "evidence_form",
        action,
        _("Confirmation recorded."),
    )


@login_required
@require_POST
def confidence_create(request, person_id):
    def action(person, data):
        services.confidence_record(person=person, recorded_by=request.user, **data)

    return _staff_post(
        request,
        person_id,
        ConfidenceForm(request.POST),
        "confidence_form",
        action,
        _("Answer recorded."),
    )


@login_required
@require_POST
def pin_update(request, person_id):
    def action(person, data):
        services.pin_set(actor=request.user, person=person, pin=data["pin"])

    return _staff_post(
        request, person_id, PinForm(request.POST), "pin_form", action, _("PIN saved.")
    )


@login_required
@require_POST
def card_create(request, person_id):
    person = access_learner(viewer=request.user, person_id=person_id, capability=RECORD)
    card, token = services.card_issue(actor=request.user, person=person)
    url = request.build_absolute_uri(
        reverse("assessment:card-sign-in", kwargs={"token": token})
    )
    context = {
        "person": person,
        "card": card,
        "initials": selectors.initials(person.full_name),
        "qr": qr_svg(url, title=_("QR code to sign in"), scale=6),
    }
    # The token exists only in this response: it is never stored, so the page
    # is not cached and not redirected to.
    response = render(request, "assessment/card_print.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def card_revoke(request, person_id, card_id):
    person = access_learner(viewer=request.user, person_id=person_id, capability=RECORD)
    card = access_card(viewer=request.user, person=person, card_id=card_id)
    services.card_revoke(actor=request.user, card=card)
    messages.success(request, _("The card is revoked. It no longer signs anyone in."))
    return redirect("assessment:person-learning", person_id=person.pk)


@login_required
@require_POST
def certificate_revoke(request, code):
    certificate = access_certificate(viewer=request.user, code=code)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(
                actor=request.user,
                certificate=certificate,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The record is revoked."))
    else:
        messages.error(request, _("Write why the record is revoked."))
    return redirect("assessment:certificate-detail", code=certificate.code)
