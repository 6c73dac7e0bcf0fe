"""Topics name framework competences; observed tasks and the three faces go
to the learner's record in the assessment app."""

import datetime

import pytest

from conftest import PASSWORD
from hocvuso.assessment.models import CompetenceResult, ConfidenceRating
from hocvuso.classes.models import TaskCheck
from hocvuso.classes.services import (
    attendance_record,
    attendance_update,
    series_create,
    sessions_generate,
    task_check_record,
)
from hocvuso.core.errors import ServiceError
from hocvuso.people.services import person_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(db):
    from hocvuso.learning.services import framework_load

    framework_load(actor=None)


def _series(class_world, first_day, codes):
    return series_create(
        actor=None,
        unit=class_world["hamlet"],
        title="Lớp dùng điện thoại",
        venue_kind="school",
        venue_name="Trường tiểu học",
        weekday=first_day.weekday(),
        start_time=datetime.time(8),
        starts_on=first_day,
        competence_codes=codes,
        instructors=[class_world["instructor"]],
    )


def test_unknown_competence_is_refused(class_world, first_day, framework):
    with pytest.raises(ServiceError, match="không có năng lực 9.9"):
        _series(class_world, first_day, ["9.9"])


def test_observed_task_and_faces_reach_the_learners_record(
    client, class_world, first_day, framework
):
    series = _series(class_world, first_day, ["0.1"])
    session = sessions_generate(actor=None, series=series, weeks=1)[0]
    person = person_register(
        actor=None, unit=class_world["hamlet"], full_name="Ngô Thị Sáu"
    )
    attendance, _ = attendance_record(actor=None, session=session, person=person)
    instructor = class_world["instructor"]
    assert client.login(phone=instructor.phone, password=PASSWORD)
    page = client.get(f"/classes/attendance/{attendance.pk}/").content.decode()
    assert "0.1.t2" in page and "Tự tin" in page

    with pytest.raises(ServiceError, match="không có việc làm 0.1.t99"):
        task_check_record(
            actor=instructor, attendance=attendance, task_code="0.1.t99", result="alone"
        )
    task_check_record(
        actor=instructor, attendance=attendance, task_code="0.1.t2", result="with_help"
    )
    task_check_record(
        actor=instructor, attendance=attendance, task_code="0.1.t2", result="with_help"
    )
    assert TaskCheck.objects.get().result == "with_help"
    result = CompetenceResult.objects.get(person=person)
    assert (result.competence.code, result.method, result.assisted) == (
        "0.1",
        "observed",
        "with_help",
    )
    attendance_update(
        actor=instructor, attendance=attendance, confidence_before=1, confidence_after=3
    )
    assert sorted(
        ConfidenceRating.objects.filter(person=person).values_list("moment", "value")
    ) == [("after", 3), ("before", 1)]
    with pytest.raises(ServiceError, match="ba khuôn mặt"):
        attendance_update(actor=instructor, attendance=attendance, confidence_after=7)
