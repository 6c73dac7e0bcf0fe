"""Writes for learners: PINs, sign-in cards, results, certificates. All audited."""

import datetime
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.assessment.models import (
    Assisted,
    Certificate,
    CompetenceResult,
    Confidence,
    ConfidenceRating,
    LearnerPin,
    LessonProgress,
    Method,
    Moment,
    SignInCard,
    UniversalEvidence,
    UniversalSource,
)
from hocvuso.assessment.tokens import token_hash, token_new
from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditAction
from hocvuso.core.services import actor_or_none, audit_record
from hocvuso.core.text import nfc, normalise_phone
from hocvuso.geography.models import COMMUNE_KINDS
from hocvuso.learning.models import Level
from hocvuso.people.models import MilestoneKind, MilestoneSource, Person
from hocvuso.people.services import milestone_record, person_date_problem

PIN_RE = re.compile(r"^[0-9]{6}$")


def pin_is_weak(pin: str, *, phone: str = "") -> bool:
    """A PIN anyone would try first: one digit, a run, a short repeat, the phone."""
    if len(set(pin)) <= 2:
        return True  # 000000, 111111, 121212, 110011...
    digits = [int(c) for c in pin]
    steps = {(b - a) % 10 for a, b in zip(digits, digits[1:], strict=False)}
    if steps in ({1}, {9}):
        return True  # 123456, 654321, 890123...
    if pin[:3] == pin[3:] or pin[:2] * 3 == pin:
        return True  # 123123
    if pin in {"112233", "123321", "147258", "258369", "159753", "147852"}:
        return True
    return bool(phone) and phone.endswith(pin)


def _pin_check_format(pin: str, *, phone: str) -> None:
    if not PIN_RE.match(pin or ""):
        raise ServiceError(
            _("The PIN must be exactly 6 digits."), fields={"pin": ["format"]}
        )
    if pin_is_weak(pin, phone=phone):
        raise ServiceError(
            _(
                "This PIN is too easy to guess. Avoid repeated digits, runs such "
                "as 123456 and the end of the phone number."
            ),
            fields={"pin": ["weak"]},
        )


@transaction.atomic
def pin_set(*, actor, person: Person, pin: str) -> LearnerPin:
    """Set or replace a learner's PIN.

    Rules: the person needs a phone number; the PIN is 6 digits and not weak;
    two people sharing one phone cannot share a PIN either (sign-in could not
    tell them apart). Replacing the PIN ends the sessions opened with the old one.
    """
    if not person.phone:
        raise ServiceError(
            _("Record the person's phone number first: the PIN goes with it."),
            fields={"pin": ["no_phone"]},
        )
    _pin_check_format(pin, phone=person.phone)
    same_phone = LearnerPin.objects.filter(person__phone=person.phone).exclude(
        person=person
    )
    if any(check_password(pin, other.pin_hash) for other in same_phone):
        raise ServiceError(
            _("Someone else with this phone number uses this PIN. Choose another PIN."),
            fields={"pin": ["shared"]},
        )
    record, _created = LearnerPin.objects.update_or_create(
        person=person,
        defaults={
            "pin_hash": make_password(pin),
            "set_by": actor_or_none(actor),
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="person",
        object_id=person.pk,
        unit_path=person.unit_path,
        detail={"learner_pin": "set"},
    )
    return record


def _throttle_keys(phone: str, address: str) -> list[str]:
    return [f"learner-fail:phone:{phone}", f"learner-fail:addr:{address}"]


def learner_sign_in_locked(*, phone: str, address: str) -> bool:
    limit = settings.LOGIN_MAX_FAILURES
    return any((cache.get(k) or 0) >= limit for k in _throttle_keys(phone, address))


def _count_failure(phone: str, address: str) -> None:
    for key in _throttle_keys(phone, address):
        cache.add(key, 0, settings.LOGIN_LOCK_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_LOCK_SECONDS)


def learner_authenticate(*, phone: str, pin: str, address: str) -> Person:
    """Return the person whose phone number and PIN these are.

    Rules: like staff sign-in, LOGIN_MAX_FAILURES failures for one phone number
    or one address lock sign-in for LOGIN_LOCK_SECONDS, even with the right
    PIN. Every failure is audited without the PIN.
    """
    normal = normalise_phone(phone) or ""
    if not normal:
        raise ServiceError(
            _("This is not a Vietnamese phone number."),
            code="invalid_login",
            fields={"phone": ["invalid"]},
        )
    if learner_sign_in_locked(phone=normal, address=address):
        raise ServiceError(
            _("Too many failed attempts. Please wait 15 minutes and try again."),
            code="throttled",
        )
    person = None
    if PIN_RE.match(pin or ""):
        for candidate in LearnerPin.objects.filter(person__phone=normal).select_related(
            "person__unit"
        ):
            if check_password(pin, candidate.pin_hash):
                person = candidate.person
                break
    if person is None:
        _count_failure(normal, address)
        audit_record(
            actor=None,
            action=AuditAction.SIGN_IN_FAILED,
            object_type="learner",
            detail={"phone_suffix": normal[-3:], "address": address},
        )
        raise ServiceError(_("The phone number or PIN is wrong."), code="invalid_login")
    cache.delete(_throttle_keys(normal, "")[0])
    audit_record(
        actor=None,
        action=AuditAction.SIGN_IN,
        object_type="person",
        object_id=person.pk,
        unit_path=person.unit_path,
        detail={"via": "pin"},
    )
    return person


@transaction.atomic
def card_issue(*, actor, person: Person) -> tuple[SignInCard, str]:
    """Make a sign-in card and return it with its token, which is never stored.

    Rules: the token is shown once, for printing; only its hash is kept.
    """
    token = token_new()
    card = SignInCard.objects.create(
        person=person,
        token_hash=token_hash(token),
        issued_by=actor_or_none(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="sign_in_card",
        object_id=card.pk,
        unit_path=person.unit_path,
        detail={"person": person.pk},
    )
    return card, token


@transaction.atomic
def card_revoke(*, actor, card: SignInCard) -> SignInCard:
    """Revoke a card: it signs nobody in any more, and its sessions end."""
    if card.revoked_at is None:
        card.revoked_at = timezone.now()
        card.revoked_by = actor_or_none(actor)
        card.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="sign_in_card",
            object_id=card.pk,
            unit_path=card.person.unit_path,
            detail={"revoked": True},
        )
    return card


def card_sign_in(*, token: str, address: str) -> SignInCard:
    """Return the active card for a scanned token, or refuse (throttled per address)."""
    from hocvuso.assessment.selectors import card_for_token

    key = f"learner-fail:card-addr:{address}"
    if (cache.get(key) or 0) >= settings.LOGIN_MAX_FAILURES:
        raise ServiceError(
            _("Too many failed attempts. Please wait 15 minutes and try again."),
            code="throttled",
        )
    card = card_for_token(token)
    if card is None:
        cache.add(key, 0, settings.LOGIN_LOCK_SECONDS)
        cache.incr(key)
        audit_record(
            actor=None,
            action=AuditAction.SIGN_IN_FAILED,
            object_type="sign_in_card",
            detail={"address": address},
        )
        raise ServiceError(
            _("This card does not work any more. Ask your volunteer for a new one."),
            code="invalid_card",
        )
    SignInCard.objects.filter(pk=card.pk).update(last_used_at=timezone.now())
    audit_record(
        actor=None,
        action=AuditAction.SIGN_IN,
        object_type="person",
        object_id=card.person_id,
        unit_path=card.person.unit_path,
        detail={"via": "card", "card": card.pk},
    )
    return card


# --- results, confidence, external evidence ------------------------------------


@transaction.atomic
def competence_result_record(
    *,
    person: Person,
    competence,
    level: int,
    method: str,
    assisted: str,
    assessor,
    on: datetime.date,
    task=None,
    note: str = "",
    request_id: str | None = None,
) -> CompetenceResult:
    """Append a competence result for a person; a repeated ``request_id`` returns it.

    Rules: level is one of the framework's levels; the task, if given, belongs
    to the competence and sets the level; the date is not in the future nor
    before the person's birth year. A quiz or simulator result never counts
    towards "đạt phổ cập"; an observed or external one may, and when it
    completes the group's profile a milestone is appended.
    """
    if request_id:
        existing = CompetenceResult.objects.filter(request_id=request_id).first()
        if existing is not None:
            if existing.person_id != person.pk:
                raise ServiceError(
                    _("This request id was already used for someone else.")
                )
            return existing
    fields: dict[str, list[str]] = {}
    if task is not None:
        if task.competence_id != competence.pk:
            fields["task"] = [_("This task belongs to another competence.")]
        level = task.level
    if level not in Level.values:
        fields["level"] = [_("The level must be 1, 2 or 3.")]
    if method not in Method.values:
        fields["method"] = [_("Unknown way of checking.")]
    if assisted not in Assisted.values:
        fields["assisted"] = [_("Choose: did it alone, or with help.")]
    problem = person_date_problem(person, on)
    if problem:
        fields["on"] = [problem]
    if fields:
        raise ServiceError(_("Some values are not valid."), fields=fields)
    result = CompetenceResult.objects.create(
        person=person,
        competence=competence,
        task=task,
        level=level,
        method=method,
        assisted=assisted,
        on=on,
        assessor=actor_or_none(assessor),
        note=nfc(note)[:255],
        request_id=request_id or None,
    )
    audit_record(
        actor=assessor,
        action=AuditAction.CREATE,
        object_type="competence_result",
        object_id=result.pk,
        unit_path=person.unit_path,
        detail={
            "person": person.pk,
            "competence": competence.code,
            "level": level,
            "method": method,
        },
    )
    if result.counts:
        _universal_milestone_update(actor=assessor, person=person)
    return result


@transaction.atomic
def confidence_record(
    *, person: Person, moment: str, value: int, context: str = "", recorded_by
) -> ConfidenceRating:
    """Record the learner's own confidence (three faces) before or after learning."""
    fields: dict[str, list[str]] = {}
    if moment not in Moment.values:
        fields["moment"] = [_("Choose before or after learning.")]
    if value not in Confidence.values:
        fields["value"] = [_("Choose one of the three faces.")]
    if fields:
        raise ServiceError(_("Some values are not valid."), fields=fields)
    rating = ConfidenceRating.objects.create(
        person=person,
        moment=moment,
        value=value,
        context=nfc(context)[:80],
        recorded_by=actor_or_none(recorded_by),
    )
    audit_record(
        actor=recorded_by,
        action=AuditAction.CREATE,
        object_type="confidence",
        object_id=rating.pk,
        unit_path=person.unit_path,
        detail={"person": person.pk, "moment": moment},
    )
    return rating


@transaction.atomic
def universal_evidence_record(
    *, actor, person: Person, source: str, evidence: str, achieved_on: datetime.date
) -> UniversalEvidence:
    """Record that the national platform or VNeID confirmed "đạt phổ cập".

    Rules: only those two sources (a local status is computed, not recorded);
    the staff member writes what they saw (certificate number, screen in
    VNeID); the date is not in the future.
    """
    fields: dict[str, list[str]] = {}
    if source not in {UniversalSource.NATIONAL_PLATFORM, UniversalSource.VNEID}:
        fields["source"] = [_("Choose the national platform or VNeID.")]
    evidence = nfc(evidence)
    if len(evidence) < 3:
        fields["evidence"] = [
            _("Write what you saw, for example the certificate number.")
        ]
    if achieved_on > timezone.localdate():
        fields["achieved_on"] = [_("The date cannot be in the future.")]
    if fields:
        raise ServiceError(_("Some values are not valid."), fields=fields)
    record = UniversalEvidence.objects.create(
        person=person,
        source=source,
        evidence=evidence[:255],
        achieved_on=achieved_on,
        recorded_by=actor_or_none(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="universal_evidence",
        object_id=record.pk,
        unit_path=person.unit_path,
        detail={"person": person.pk, "source": source},
    )
    _universal_milestone_update(actor=actor, person=person)
    return record


def _universal_milestone_update(*, actor, person: Person) -> None:
    """Append the "reached basic digital skills" milestone once, when reached."""
    from hocvuso.assessment.selectors import universal_status

    status = universal_status(person)
    if not status.reached:
        return
    milestone_record(
        actor=actor,
        person=person,
        kind=MilestoneKind.UNIVERSAL_SKILLS,
        achieved_on=status.on,
        source=MilestoneSource.ASSESSMENT,
        note=str(UniversalSource(status.source).label),
        request_id=f"assessment:universal:{person.pk}",
    )


# --- lesson progress and certificates --------------------------------------------

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud safely


@dataclass
class LessonReport:
    lesson: object
    completed: bool
    already: bool = False
    wrong: int = 0
    unanswered: int = 0
    total: int = 0


def _grade(lesson, checks: dict) -> tuple[int, int, int, dict]:
    """(correct, wrong, unanswered, clean answers) for the lesson's check blocks."""
    from hocvuso.learning.selectors import lesson_checks

    correct = wrong = unanswered = 0
    clean: dict[str, int] = {}
    for block in lesson_checks(lesson):
        raw = checks.get(str(block.pk))
        try:
            chosen = int(raw)
        except (TypeError, ValueError):
            unanswered += 1
            continue
        clean[str(block.pk)] = chosen
        if chosen == block.data.get("answer"):
            correct += 1
        else:
            wrong += 1
    return correct, wrong, unanswered, clean


def _issuing_unit(person: Person):
    unit = person.unit
    while unit is not None and unit.kind not in COMMUNE_KINDS:
        unit = unit.parent
    return unit or person.unit


@transaction.atomic
def course_record_submit(
    *, person: Person, course, progress: dict
) -> tuple[list[LessonReport], Certificate | None]:
    """Grade a learner's lessons again on the server and issue the certificate.

    ``progress`` is keyed by lesson slug: ``{"done": bool, "checks": {block id:
    chosen index}}`` (from the device's ``hocvuso.progress`` or the record
    form). Rules: a lesson counts when every quick check of it is answered
    right, or, for a lesson without checks, when it is marked done; a counted
    lesson is stored once. The certificate is issued only when every lesson
    of the course has counted, once per person and course.
    """
    from hocvuso.learning.selectors import course_lessons

    lessons = list(course_lessons(course))
    if not lessons:
        raise ServiceError(_("This course has no lessons yet."))
    stored = {
        p.lesson_id
        for p in LessonProgress.objects.filter(person=person, lesson__in=lessons)
    }
    now = timezone.now()
    reports = []
    for lesson in lessons:
        if lesson.pk in stored:
            reports.append(LessonReport(lesson=lesson, completed=True, already=True))
            continue
        entry = progress.get(lesson.slug) or {}
        checks = entry.get("checks") if isinstance(entry.get("checks"), dict) else {}
        correct, wrong, unanswered, clean = _grade(lesson, checks)
        total = correct + wrong + unanswered
        done = bool(entry.get("done")) or (total and correct == total)
        completed = bool(done) and wrong == 0 and unanswered == 0
        if completed:
            LessonProgress.objects.create(
                person=person,
                lesson=lesson,
                completed_at=now,
                answers=clean,
                correct=correct,
                total=total,
            )
            _quiz_results_record(person=person, lesson=lesson, checked=total > 0)
        reports.append(
            LessonReport(
                lesson=lesson,
                completed=completed,
                wrong=wrong,
                unanswered=unanswered,
                total=total,
            )
        )
    certificate = None
    if all(r.completed for r in reports):
        certificate = certificate_issue(person=person, course=course)
    return reports, certificate


def _quiz_results_record(*, person: Person, lesson, checked: bool) -> None:
    """A lesson passed with its quick checks is quiz evidence (never "phổ cập")."""
    if not checked:
        return
    today = timezone.localdate()
    tasks = list(lesson.tasks.all())
    for competence in lesson.competences.all():
        levels = [t.level for t in tasks if t.competence_id == competence.pk]
        competence_result_record(
            person=person,
            competence=competence,
            level=min(levels) if levels else Level.GUIDED,
            method=Method.QUIZ,
            assisted=Assisted.ALONE,
            assessor=None,
            on=today,
            note=f"{lesson.course.slug}/{lesson.slug}",
        )


def _code_new() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(12))
        if not Certificate.objects.filter(code=code).exists():
            return code


@transaction.atomic
def certificate_issue(*, person: Person, course) -> Certificate:
    """Issue the local completion record of a course, or return the valid one.

    Rules: every lesson of the course has a stored LessonProgress; the issuing
    unit is the learner's commune; a milestone "completed a course" is appended.
    """
    from hocvuso.learning.selectors import course_lessons

    existing = Certificate.objects.filter(
        person=person, course=course, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    lesson_ids = set(course_lessons(course).values_list("pk", flat=True))
    done = set(
        LessonProgress.objects.filter(
            person=person, lesson_id__in=lesson_ids
        ).values_list("lesson_id", flat=True)
    )
    if not lesson_ids or done != lesson_ids:
        raise ServiceError(
            _("Finish every lesson of the course first."), code="incomplete"
        )
    certificate = Certificate.objects.create(
        code=_code_new(),
        person=person,
        course=course,
        issued_on=timezone.localdate(),
        unit=_issuing_unit(person),
    )
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        object_type="certificate",
        object_id=certificate.pk,
        unit_path=person.unit_path,
        detail={"person": person.pk, "course": course.slug},
    )
    milestone_record(
        actor=None,
        person=person,
        kind=MilestoneKind.COURSE_CERTIFICATE,
        achieved_on=certificate.issued_on,
        source=MilestoneSource.ASSESSMENT,
        note=f"{course.title} ({certificate.display_code})",
        request_id=f"assessment:certificate:{certificate.code}",
    )
    return certificate


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a completion record; /verify/ then says it is no longer valid.

    Rules: a reason is required; revoking twice changes nothing; the learner's
    stored lessons of the course are cleared, so a new record needs the quick
    checks passed again.
    """
    reason = nfc(reason)
    if not reason:
        raise ServiceError(
            _("Write why the record is revoked."), fields={"reason": ["required"]}
        )
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = actor_or_none(actor)
        certificate.revoke_reason = reason[:255]
        certificate.save(
            update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"]
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="certificate",
            object_id=certificate.pk,
            unit_path=certificate.person.unit_path,
            detail={"revoked": True},
        )
        LessonProgress.objects.filter(
            person=certificate.person, lesson__course=certificate.course
        ).delete()
    return certificate
