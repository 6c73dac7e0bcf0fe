"""Reads of classes: lists for staff, the public calendar and the reports."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from hocvuso.accounts.scope import Capability, scope_for
from hocvuso.classes.access import series_visible, sessions_visible
from hocvuso.classes.models import (
    Attendance,
    AttendanceMethod,
    ClassSeries,
    Priority,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
)
from hocvuso.core.text import fold
from hocvuso.geography.models import COMMUNE_KINDS, Unit
from hocvuso.people.models import Person, PovertyStatus, TargetGroup

UPCOMING_WEEKS = 8


def series_list(*, viewer) -> QuerySet[ClassSeries]:
    return (
        series_visible(viewer=viewer)
        .select_related("commune", "unit")
        .annotate(
            registered=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.REGISTERED),
            )
        )
        .order_by("commune__name", "weekday", "start_time", "id")
    )


def series_sessions(*, series: ClassSeries) -> QuerySet[Session]:
    return series.sessions.annotate(present=Count("attendances")).order_by(
        "scheduled_on"
    )


def series_registrations(*, series: ClassSeries) -> QuerySet[Registration]:
    return (
        series.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("person__unit")
        .order_by("status", "person__name_folded", "id")
    )


def sessions_today(*, viewer) -> QuerySet[Session]:
    """The viewer's sessions from today on for two weeks, for the home page."""
    today = timezone.localdate()
    return (
        sessions_visible(viewer=viewer)
        .filter(
            scheduled_on__gte=today - datetime.timedelta(days=1),
            scheduled_on__lte=today + datetime.timedelta(days=14),
        )
        .select_related("series__commune")
        .order_by("starts_at")
    )


@dataclass
class RosterRow:
    person: Person
    registration: Registration | None
    attendance: Attendance | None


def session_roster(*, session: Session) -> list[RosterRow]:
    """Everyone registered for the series plus anyone present, by name."""
    present = {
        a.person_id: a
        for a in session.attendances.select_related("person__unit").prefetch_related(
            "task_checks"
        )
    }
    rows: dict[int, RosterRow] = {}
    for registration in session.series.registrations.filter(
        status=RegistrationStatus.REGISTERED
    ).select_related("person__unit"):
        rows[registration.person_id] = RosterRow(
            registration.person, registration, present.get(registration.person_id)
        )
    for person_id, attendance in present.items():
        if person_id not in rows:
            rows[person_id] = RosterRow(attendance.person, None, attendance)
    return sorted(rows.values(), key=lambda r: (r.person.name_folded, r.person.pk))


def people_for_series(*, series: ClassSeries, query: str) -> QuerySet[Person]:
    """People of the series' commune found by name without accents (or phone)."""
    key = fold(query)
    if not key:
        return Person.objects.none()
    people = Person.objects.filter(unit_path__under=series.commune.path)
    digits = "".join(ch for ch in query if ch.isdigit())
    match = Q(name_folded__contains=key)
    if len(digits) >= 6:
        match |= Q(phone__contains=digits)
    return (
        people.filter(match).select_related("unit").order_by("name_folded", "id")[:30]
    )


# Public calendar ----------------------------------------------------------


def commune_public(code: str) -> Unit | None:
    return Unit.objects.filter(
        code=code, kind__in=COMMUNE_KINDS, valid_to__isnull=True
    ).first()


def calendar_sessions(*, commune: Unit, now=None) -> QuerySet[Session]:
    """Upcoming sessions of one commune's series (cancelled ones shown as such)."""
    now = now or timezone.now()
    return (
        Session.objects.filter(series__commune=commune)
        .upcoming(now - datetime.timedelta(hours=2))
        .filter(starts_at__lte=now + datetime.timedelta(weeks=UPCOMING_WEEKS))
        .select_related("series")
        .order_by("starts_at", "id")
    )


def series_public(*, commune: Unit, series_id) -> ClassSeries | None:
    try:
        pk = int(series_id)
    except (TypeError, ValueError):
        return None
    return (
        ClassSeries.objects.filter(commune=commune, pk=pk)
        .select_related("commune", "unit")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.upcoming(
                    timezone.now() - datetime.timedelta(hours=2)
                ).order_by("starts_at")[:UPCOMING_WEEKS],
                to_attr="next_sessions",
            )
        )
        .first()
    )


def learner_registrations(*, person: Person) -> QuerySet[Registration]:
    """A learner's live registrations, with each series' next sessions."""
    since = timezone.now() - datetime.timedelta(hours=2)
    return (
        Registration.objects.filter(person=person)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("series__commune")
        .prefetch_related(
            Prefetch(
                "series__sessions",
                queryset=Session.objects.upcoming(since).order_by("starts_at"),
                to_attr="next_sessions",
            )
        )
    )


# Reports -----------------------------------------------------------------

VULNERABLE = [
    Priority.OLDER,
    Priority.DISABILITY,
    Priority.POOR,
    Priority.ETHNIC_MINORITY,
    Priority.REMOTE,
]


@dataclass
class CommuneWeeks:
    commune: Unit
    held: list[int]  # sessions held in each week of the report
    cancelled: int = 0

    @property
    def weeks_met(self) -> int:
        return sum(1 for n in self.held if n)

    @property
    def weeks_total(self) -> int:
        return len(self.held)


@dataclass
class ClassesReport:
    unit: Unit
    start: datetime.date
    end: datetime.date
    weeks: list[datetime.date]
    communes: list[CommuneWeeks]
    sessions_planned: int = 0
    sessions_held: int = 0
    sessions_cancelled: int = 0
    attendances: int = 0
    unique_learners: int = 0
    by_method: dict[str, int] = field(default_factory=dict)
    by_target_group: dict[str, int] = field(default_factory=dict)
    by_vulnerable_group: dict[str, int] = field(default_factory=dict)
    no_shows: int = 0
    follow_ups: list[Attendance] = field(default_factory=list)


def report_units(*, viewer) -> QuerySet[Unit]:
    """Units whose class report the viewer may read: the tops of the grants,
    then each commune below a province grant (the province reads one commune
    too)."""
    paths = set(scope_for(viewer, Capability.MANAGE_CLASSES).paths)
    paths |= set(scope_for(viewer, Capability.VIEW_CLASS_REPORTS).paths)
    communes = Q(pk__in=[])
    for path in paths:
        communes |= Q(path__under=path, kind__in=COMMUNE_KINDS, valid_to__isnull=True)
    return Unit.objects.filter(Q(path__in=paths) | communes).order_by(
        "level", "name_folded"
    )


def series_followed(*, viewer) -> QuerySet[ClassSeries]:
    """Series inside the viewer's report scope that they neither manage nor
    teach (the province follows every commune's classes, read only)."""
    scope = scope_for(viewer, Capability.VIEW_CLASS_REPORTS)
    return (
        scope.filter(ClassSeries.objects.all(), "unit_path")
        .exclude(pk__in=series_visible(viewer=viewer).values("pk"))
        .select_related("commune", "unit")
        .annotate(
            registered=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.REGISTERED),
            )
        )
        .order_by("commune__name", "weekday", "start_time", "id")
    )


def can_read_report(*, viewer, unit: Unit) -> bool:
    return scope_for(viewer, Capability.MANAGE_CLASSES).covers(unit.path) or scope_for(
        viewer, Capability.VIEW_CLASS_REPORTS
    ).covers(unit.path)


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _vulnerable_flags(person: Person, today: datetime.date) -> set[str]:
    flags = set()
    if person.birth_year and today.year - person.birth_year >= 60:
        flags.add(Priority.OLDER)
    if person.disabilities:
        flags.add(Priority.DISABILITY)
    if person.household_id and person.household.poverty_status in (
        PovertyStatus.POOR,
        PovertyStatus.NEAR_POOR,
    ):
        flags.add(Priority.POOR)
    if person.ethnicity and person.ethnicity != "01":
        flags.add(Priority.ETHNIC_MINORITY)
    if person.unit.is_remote:
        flags.add(Priority.REMOTE)
    return flags


def classes_report(
    *,
    unit: Unit,
    start: datetime.date,
    end: datetime.date,
    series: ClassSeries | None = None,
) -> ClassesReport:
    """Sessions, attendance and no-shows of the classes within ``unit``.

    A session counts as held when it was not cancelled and at least one
    person attended. The "every week" rule is checked per commune for every
    week (Monday to Sunday) that touches the period. With ``series``, only
    that class counts (its instructor's report). The caller checks the
    viewer may read ``unit`` (``can_read_report``) or reached ``series``
    through ``access_series``.
    """
    weeks = []
    week = _monday(start)
    while week <= end:
        weeks.append(week)
        week += datetime.timedelta(weeks=1)
    if unit.kind in COMMUNE_KINDS:
        communes = [unit]
    elif unit.is_local:
        communes = [unit.parent]
    else:
        communes = list(
            Unit.objects.active()
            .within(unit.path)
            .filter(kind__in=COMMUNE_KINDS)
            .order_by("name_folded")
        )
    found = Session.objects.filter(
        unit_path__under=unit.path, scheduled_on__gte=start, scheduled_on__lte=end
    )
    if series is not None:
        found = found.filter(series=series)
    sessions = list(
        found.select_related("series").annotate(present=Count("attendances"))
    )
    report = ClassesReport(
        unit=unit,
        start=start,
        end=end,
        weeks=weeks,
        communes=[CommuneWeeks(c, [0] * len(weeks)) for c in communes],
    )
    rows = {row.commune.pk: row for row in report.communes}
    held_ids = []
    for session in sessions:
        row = rows.get(session.series.commune_id)
        if session.status == SessionStatus.CANCELLED:
            report.sessions_cancelled += 1
            if row:
                row.cancelled += 1
            continue
        report.sessions_planned += 1
        if session.present:
            report.sessions_held += 1
            held_ids.append(session.pk)
            day = timezone.localdate(session.starts_at)
            if row and weeks and weeks[0] <= _monday(day) <= weeks[-1]:
                row.held[(_monday(day) - weeks[0]).days // 7] += 1
    attendances = list(
        Attendance.objects.filter(session_id__in=held_ids).select_related(
            "person__unit", "person__household", "session__series"
        )
    )
    report.attendances = len(attendances)
    learners = {a.person_id: a.person for a in attendances}
    report.unique_learners = len(learners)
    report.by_method = {
        m: sum(1 for a in attendances if a.method == m) for m in AttendanceMethod.values
    }
    groups = Counter(p.target_group for p in learners.values())
    report.by_target_group = {g: groups.get(g, 0) for g in TargetGroup.values}
    today = timezone.localdate()
    vulnerable: Counter = Counter()
    for person in learners.values():
        vulnerable.update(_vulnerable_flags(person, today))
    report.by_vulnerable_group = {str(v): vulnerable.get(v, 0) for v in VULNERABLE}
    present = {(a.session_id, a.person_id) for a in attendances}
    registered = defaultdict(set)
    for series_id, person_id in Registration.objects.filter(
        series_id__in={s.series_id for s in sessions},
        status=RegistrationStatus.REGISTERED,
    ).values_list("series_id", "person_id"):
        registered[series_id].add(person_id)
    report.no_shows = sum(
        1
        for session in sessions
        if session.pk in held_ids
        for person_id in registered[session.series_id]
        if (session.pk, person_id) not in present
    )
    report.follow_ups = sorted(
        (a for a in attendances if a.needs_follow_up),
        key=lambda a: (a.session.starts_at, a.person.name_folded),
    )
    return report


def series_tasks(*, series: ClassSeries) -> list[tuple[str, str]]:
    """(code, label) of the framework tasks under the series' competences."""
    if not series.competence_codes:
        return []
    try:
        from hocvuso.learning.models import Task
    except ImportError:  # pragma: no cover - depends on the deployment
        return []
    tasks = Task.objects.filter(
        competence__domain__version__is_current=True,
        competence__code__in=series.competence_codes,
    ).order_by("competence__code", "position", "code")
    return [(t.code, f"{t.code} · {t.text}") for t in tasks]


def series_topics(*, series: ClassSeries) -> dict:
    """Names of the series' competences and lessons, with links to lessons."""
    competences, lessons = [], []
    try:
        from hocvuso.learning.models import Competence, Lesson
    except ImportError:  # pragma: no cover - depends on the deployment
        return {"competences": [], "lessons": []}
    if series.competence_codes:
        competences = list(
            Competence.objects.filter(
                domain__version__is_current=True, code__in=series.competence_codes
            ).order_by("code")
        )
    for ref in series.lesson_refs:
        course_slug, _slash, lesson_slug = ref.partition("/")
        lesson = (
            Lesson.objects.filter(course__slug=course_slug, slug=lesson_slug)
            .select_related("course")
            .first()
        )
        if lesson is not None:
            lessons.append(
                {"title": lesson.title, "url": f"/learn/{course_slug}/{lesson_slug}/"}
            )
    return {"competences": competences, "lessons": lessons}


def instructors_for(*, unit: Unit):
    from hocvuso.accounts.selectors import users_with_capability_within

    return users_with_capability_within(
        path=unit.path, capability=Capability.TEACH_CLASSES
    )


def units_for_series(*, viewer) -> QuerySet[Unit]:
    """Communes, wards and hamlets where the viewer may create a class."""
    return (
        scope_for(viewer, Capability.MANAGE_CLASSES)
        .filter(Unit.objects.active(), "path")
        .exclude(kind__in=["province", "city"])
        .order_by("path")
    )


def report_units_of_series(*, series: ClassSeries) -> QuerySet[Unit]:
    """The one unit a class's own report covers: its commune."""
    return Unit.objects.filter(pk=series.commune_id)


def unit_by_code(*, units: QuerySet[Unit], code: str) -> Unit | None:
    return units.filter(code=code).first()


def report_group_rows(report: ClassesReport) -> list[tuple[str, str, int]]:
    """(breakdown, group, learners) rows: target groups, then vulnerable groups."""
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    groups = {
        TargetGroup.CITIZEN: _("Citizen"),
        TargetGroup.STUDENT: _("Pupil or student"),
        TargetGroup.CIVIL_SERVANT: _("Official or public employee"),
        TargetGroup.ENTERPRISE_WORKER: _("Enterprise or cooperative worker"),
    }
    priorities = dict(Priority.choices)
    return [
        (pgettext("report", "Target group"), str(groups[g]), n)
        for g, n in report.by_target_group.items()
    ] + [
        (pgettext("report", "Vulnerable group"), str(priorities[g]), n)
        for g, n in report.by_vulnerable_group.items()
    ]
