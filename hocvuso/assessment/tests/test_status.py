import datetime

import pytest
from django.utils import timezone

from hocvuso.assessment.models import Assisted, Method, UniversalSource
from hocvuso.assessment.selectors import GROUP_OF_PERSON, universal_status
from hocvuso.assessment.services import (
    competence_result_record,
    confidence_record,
    universal_evidence_record,
)
from hocvuso.assessment.tests.factories import make_person
from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditEvent
from hocvuso.learning.selectors import competence_get, task_get
from hocvuso.people.models import Milestone, MilestoneKind

TODAY = datetime.date(2026, 11, 2)


def _record(person, requirement, *, level=None, method=Method.OBSERVED, **kw):
    return competence_result_record(
        person=person,
        competence=requirement.competence,
        level=level or requirement.min_level,
        method=method,
        assisted=kw.pop("assisted", Assisted.ALONE),
        assessor=kw.pop("assessor", None),
        on=kw.pop("on", TODAY),
        **kw,
    )


def _universal_milestones(person):
    return Milestone.objects.filter(person=person, kind=MilestoneKind.UNIVERSAL_SKILLS)


@pytest.mark.parametrize(
    "group", ["citizen", "student", "civil_servant", "enterprise_worker"]
)
def test_each_group_reaches_the_level_its_profile_requires(
    framework, binh_an, make_staff, group
):
    volunteer = make_staff("volunteer", binh_an)
    person = make_person(binh_an, name=f"Người {group}", target_group=group)
    status = universal_status(person)
    assert status.profile.target_group == GROUP_OF_PERSON[group]
    requirements = list(status.profile.requirements.all())
    assert len(requirements) >= 5 and not status.reached

    *first, last = requirements
    for requirement in first:
        _record(person, requirement, assessor=volunteer)
    status = universal_status(person)
    assert not status.reached and status.met_count == len(first)
    if last.min_level > 1:
        # One level short of the last requirement is not enough.
        _record(person, last, level=last.min_level - 1)
        assert not universal_status(person).reached
    assert not _universal_milestones(person).exists()

    _record(person, last, on=TODAY + datetime.timedelta(days=1), assessor=volunteer)
    status = universal_status(person)
    assert status.reached
    assert status.source == UniversalSource.LOCAL
    assert status.on == TODAY + datetime.timedelta(days=1)
    milestone = _universal_milestones(person).get()
    assert milestone.achieved_on == status.on and milestone.source == "assessment"


def test_profiles_differ_between_groups(framework, binh_an):
    citizen = universal_status(make_person(binh_an, name="Dân"))
    official = universal_status(
        make_person(binh_an, name="Cán bộ", target_group="civil_servant")
    )
    assert {r.competence.code: r.min_level for r in citizen.rows} != {
        r.competence.code: r.min_level for r in official.rows
    }


def test_quiz_and_simulator_alone_never_set_the_universal_level(framework, learner):
    requirements = list(universal_status(learner).profile.requirements.all())
    for requirement in requirements:
        _record(learner, requirement, level=3, method=Method.QUIZ)
        _record(learner, requirement, level=3, method=Method.SIMULATOR)
    status = universal_status(learner)
    assert not status.reached
    assert status.met_count == 0
    assert all(r.progress_level == 3 and r.level == 0 for r in status.rows)
    assert not _universal_milestones(learner).exists()


def test_external_evidence_of_a_competence_counts(framework, learner):
    for requirement in universal_status(learner).profile.requirements.all():
        _record(learner, requirement, method=Method.EXTERNAL)
    assert universal_status(learner).reached


def test_a_task_done_with_help_shows_level_one_only(framework, learner):
    task = task_get("5.2.t2")
    assert task.level == 2
    result = competence_result_record(
        person=learner,
        competence=task.competence,
        task=task,
        level=1,
        method=Method.OBSERVED,
        assisted=Assisted.WITH_HELP,
        assessor=None,
        on=TODAY,
    )
    assert result.level == 2 and result.effective_level == 1
    row = next(r for r in universal_status(learner).rows if r.competence.code == "5.2")
    assert row.level == 1 and not row.met


def test_national_platform_or_vneid_evidence_sets_the_status(
    framework, learner, binh_an, make_staff
):
    officer = make_staff("commune_officer", binh_an)
    universal_evidence_record(
        actor=officer,
        person=learner,
        source=UniversalSource.VNEID,
        evidence="Đã xem xác nhận trong ứng dụng VNeID",
        achieved_on=TODAY,
    )
    status = universal_status(learner)
    assert status.reached and status.source == UniversalSource.VNEID
    assert status.on == TODAY
    assert _universal_milestones(learner).get().recorded_by == officer


def test_evidence_needs_a_known_source_and_what_was_seen(framework, learner):
    with pytest.raises(ServiceError) as err:
        universal_evidence_record(
            actor=None,
            person=learner,
            source=UniversalSource.LOCAL,
            evidence="",
            achieved_on=timezone.localdate() + datetime.timedelta(days=2),
        )
    assert set(err.value.fields) == {"source", "evidence", "achieved_on"}
    assert err.value.fields["source"] == ["Hãy chọn nền tảng quốc gia hoặc VNeID."]


def test_result_rules_have_vietnamese_messages(framework, learner):
    competence = competence_get("5.2")
    with pytest.raises(ServiceError) as err:
        competence_result_record(
            person=learner,
            competence=competence,
            task=task_get("1.1.t1"),
            level=4,
            method="guess",
            assisted="maybe",
            assessor=None,
            on=timezone.localdate() + datetime.timedelta(days=1),
        )
    fields = err.value.fields
    assert fields["task"] == ["Việc này thuộc một năng lực khác."]
    assert fields["method"] == ["Cách đánh giá không hợp lệ."]
    assert fields["on"] == ["Ngày không thể ở tương lai."]
    assert "assisted" in fields


def test_results_are_audited_and_idempotent_by_request_id(framework, learner):
    competence = competence_get("5.2")
    kwargs = {
        "person": learner,
        "competence": competence,
        "level": 2,
        "method": Method.OBSERVED,
        "assisted": Assisted.ALONE,
        "assessor": None,
        "on": TODAY,
        "request_id": "phone-1:42",
    }
    first = competence_result_record(**kwargs)
    assert competence_result_record(**kwargs) == first
    assert (
        AuditEvent.objects.filter(
            object_type="competence_result", object_id=str(first.pk)
        ).count()
        == 1
    )


def test_confidence_is_one_of_three_faces(framework, learner):
    rating = confidence_record(
        person=learner,
        moment="before",
        value=1,
        context="thanh-toan-so",
        recorded_by=None,
    )
    assert rating.get_value_display() == "Chưa tự tin"
    with pytest.raises(ServiceError) as err:
        confidence_record(person=learner, moment="later", value=5, recorded_by=None)
    assert err.value.fields["value"] == ["Hãy chọn một trong ba khuôn mặt."]
