"""Load classes objects through the viewer's scope (NotFound otherwise).

An officer with ``manage_classes`` reaches every series in the units of the
grant. An instructor with ``teach_classes`` reaches only the series that list
them as instructor, and only inside the units of the grant. Anything else
raises the same NotFound as a missing object.
"""

from django.db.models import Q, QuerySet

from hocvuso.accounts.scope import Capability, scope_for
from hocvuso.classes.models import Attendance, ClassSeries, Registration, Session
from hocvuso.core.errors import NotFound
from hocvuso.core.ranges import object_id
from hocvuso.people.models import Person


def _series_q(viewer, prefix: str = "") -> Q:
    manage = scope_for(viewer, Capability.MANAGE_CLASSES)
    teach = scope_for(viewer, Capability.TEACH_CLASSES)
    query = manage.q(f"{prefix}unit_path")
    if not teach.is_empty:
        taught = ClassSeries.instructors.through.objects.filter(
            user_id=viewer.pk
        ).values("classseries_id")
        query |= teach.q(f"{prefix}unit_path") & Q(**{f"{prefix}pk__in": taught})
    return query


def series_visible(*, viewer) -> QuerySet[ClassSeries]:
    """Series the viewer manages or teaches."""
    if not getattr(viewer, "is_authenticated", False):
        return ClassSeries.objects.none()
    return ClassSeries.objects.filter(_series_q(viewer))


def sessions_visible(*, viewer) -> QuerySet[Session]:
    if not getattr(viewer, "is_authenticated", False):
        return Session.objects.none()
    return Session.objects.filter(_series_q(viewer, "series__"))


def can_manage_series(*, viewer, series: ClassSeries) -> bool:
    return scope_for(viewer, Capability.MANAGE_CLASSES).covers(series.unit_path)


def access_series(*, viewer, series_id, manage: bool = False) -> ClassSeries:
    """A series the viewer manages (or teaches, unless ``manage``); else NotFound."""
    series = (
        series_visible(viewer=viewer)
        .select_related("commune", "unit")
        .filter(pk=object_id(series_id))
        .first()
    )
    if series is None or (
        manage and not can_manage_series(viewer=viewer, series=series)
    ):
        raise NotFound
    return series


def access_session(*, viewer, session_id) -> Session:
    """A session of a series the viewer manages or teaches; else NotFound."""
    session = (
        sessions_visible(viewer=viewer)
        .select_related("series__commune", "series__unit")
        .filter(pk=object_id(session_id))
        .first()
    )
    if session is None:
        raise NotFound
    return session


def access_registration(*, viewer, registration_id) -> Registration:
    registration = (
        Registration.objects.filter(_series_q(viewer, "series__"))
        .select_related("series", "person")
        .filter(pk=object_id(registration_id))
        .first()
    )
    if registration is None:
        raise NotFound
    return registration


def access_attendance(*, viewer, attendance_id) -> Attendance:
    attendance = (
        Attendance.objects.filter(_series_q(viewer, "session__series__"))
        .select_related("session__series", "person")
        .filter(pk=object_id(attendance_id))
        .first()
    )
    if attendance is None:
        raise NotFound
    return attendance


def access_person_for_series(*, series: ClassSeries, person_id) -> Person:
    """A person living in the series' commune (the viewer already reached the
    series); else NotFound."""
    person = (
        Person.objects.filter(unit_path__under=series.commune.path)
        .select_related("unit")
        .filter(pk=object_id(person_id))
        .first()
    )
    if person is None:
        raise NotFound
    return person
