import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from hocvuso.classes.exports import report_workbook
from hocvuso.classes.models import Attendance, RegistrationStatus, SessionStatus
from hocvuso.classes.selectors import classes_report
from hocvuso.classes.services import (
    AttendanceIn,
    WalkInIn,
    attendance_by_card,
    attendance_record,
    attendance_sync,
    attendance_update,
    attendance_walk_in,
    card_token,
    registration_cancel,
    registration_create,
    series_create,
    session_cancel,
    session_move,
    sessions_generate,
)
from hocvuso.core.errors import ServiceError
from hocvuso.people.services import person_register

pytestmark = pytest.mark.django_db


def _person(unit, name, **extra):
    return person_register(actor=None, unit=unit, full_name=name, **extra)


def test_eight_weeks_cancel_attendance_report_and_export(class_world, first_day):
    from hocvuso.assessment.services import card_issue

    series, officer = class_world["series"], class_world["officer"]
    hamlet = class_world["hamlet"]
    sessions = sessions_generate(actor=officer, series=series, weeks=8)
    assert [s.scheduled_on for s in sessions] == [
        first_day + datetime.timedelta(weeks=n) for n in range(8)
    ]
    assert sessions_generate(actor=officer, series=series, weeks=8) == []
    assert series.sessions.count() == 8

    session_cancel(actor=officer, session=sessions[2], reason="Mưa bão")
    sessions[2].refresh_from_db()
    assert sessions[2].status == SessionStatus.CANCELLED
    assert sessions[2].change_reason == "Mưa bão"

    an = _person(hamlet, "Nguyễn Văn An", birth_year=1950)
    binh = _person(hamlet, "Trần Thị Bình", birth_year=2004, target_group="student")
    cuong = _person(hamlet, "Lê Văn Cường", birth_year=1980)
    dung = _person(
        hamlet,
        "Phạm Thị Dung",
        birth_year=1975,
        disabilities=["hearing"],
        consent_basis="consent",
    )
    reg = {
        p: registration_create(actor=officer, series=series, person=p)
        for p in (an, binh, cuong, dung)
    }
    assert [reg[p].status for p in (an, binh, cuong, dung)] == [
        "registered",
        "registered",
        "registered",
        "waiting",
    ]
    assert reg[an].priority == ["older"] and reg[dung].priority == ["disability"]
    promoted = registration_cancel(actor=officer, registration=reg[cuong])
    assert promoted.pk == reg[dung].pk
    assert promoted.status == RegistrationStatus.REGISTERED

    first, second = sessions[0], sessions[1]
    attendance_record(actor=officer, session=first, person=an)
    attendance_record(actor=officer, session=first, person=binh)
    _card, token = card_issue(actor=officer, person=dung)
    attendance_by_card(
        actor=officer, session=first, scanned=f"http://testserver/card/{token}"
    )
    walk_in, created = attendance_walk_in(
        actor=officer, session=first, full_name="Võ Văn Mới", birth_year=1948
    )
    assert created and walk_in.method == "walk_in"
    again, created = attendance_record(actor=officer, session=first, person=an)
    assert not created
    follow, _ = attendance_record(actor=officer, session=second, person=an)
    attendance_update(
        actor=officer,
        attendance=follow,
        confidence_before=1,
        confidence_after=3,
        needs_follow_up=True,
        follow_up_note="Cần giúp cài VNeID",
    )

    report = classes_report(
        unit=class_world["hamlet"].parent, start=first_day, end=timezone.localdate()
    )
    assert report.sessions_planned == 7
    assert report.sessions_cancelled == 1
    assert report.sessions_held == 2
    assert report.attendances == 5
    assert report.unique_learners == 4
    assert report.by_method == {
        "roster": 3,
        "card": 1,
        "session_qr": 0,
        "walk_in": 1,
    }
    assert report.by_target_group == {
        "citizen": 3,
        "student": 1,
        "civil_servant": 0,
        "enterprise_worker": 0,
    }
    assert report.by_vulnerable_group == {
        "older": 2,
        "disability": 1,
        "poor": 0,
        "ethnic_minority": 0,
        "remote": 0,
    }
    assert report.no_shows == 2  # Bình and Dung missed the second session
    assert [a.follow_up_note for a in report.follow_ups] == ["Cần giúp cài VNeID"]
    (row,) = report.communes
    assert row.commune.code == "30898"
    assert row.held == [1, 1, 0, 0, 0, 0, 0, 0]
    assert (row.weeks_met, row.weeks_total, row.cancelled) == (2, 8, 1)

    book = openpyxl.load_workbook(io.BytesIO(report_workbook(report)))
    assert book.sheetnames == ["Tổng hợp", "Theo tuần", "Theo nhóm", "Cần theo dõi"]
    summary = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Buổi học theo kế hoạch"] == 7
    assert summary["Buổi học đã tổ chức"] == 2
    assert summary["Buổi học bị hủy"] == 1
    assert summary["Lượt tham dự"] == 5
    assert summary["Số người học (không trùng)"] == 4
    assert summary["Vắng mặt"] == 2
    assert summary["Cần theo dõi"] == 1
    assert summary["Đánh dấu trong danh sách"] == 3
    assert summary["Quét thẻ đăng nhập"] == 1
    assert summary["Đến học không đăng ký trước"] == 1
    weeks = list(book["Theo tuần"].iter_rows(values_only=True))
    assert weeks[1] == ("Xã Bình An", "30898", 1, 1, 0, 0, 0, 0, 0, 0, 2, 8, 1)
    groups = {(r[0], r[1]): r[2] for r in book["Theo nhóm"].iter_rows(values_only=True)}
    assert groups[("Nhóm đối tượng", "Người dân")] == 3
    assert groups[("Nhóm đối tượng", "Học sinh, sinh viên")] == 1
    assert groups[("Nhóm dễ bị bỏ lại", "Người cao tuổi (từ 60 tuổi)")] == 2
    assert groups[("Nhóm dễ bị bỏ lại", "Người khuyết tật")] == 1
    follow_rows = list(book["Cần theo dõi"].iter_rows(values_only=True))
    assert follow_rows[1][2:] == ("Nguyễn Văn An", "Cần giúp cài VNeID")


def test_generation_stops_at_the_last_date_and_refuses_silly_ranges(class_world):
    series = class_world["series"]
    series.ends_on = series.starts_on + datetime.timedelta(weeks=2)
    series.save()
    assert len(sessions_generate(actor=None, series=series, weeks=8)) == 3
    with pytest.raises(ServiceError, match="1 đến 52 tuần"):
        sessions_generate(actor=None, series=series, weeks=60)


def test_series_needs_a_commune_and_valid_fields(class_world, an_giang, first_day):
    with pytest.raises(ServiceError, match="thuộc một xã"):
        series_create(
            actor=None,
            unit=an_giang,
            title="Lớp",
            venue_kind="school",
            venue_name="Trường",
            weekday=1,
            start_time=datetime.time(8),
            starts_on=first_day,
        )
    with pytest.raises(ServiceError) as error:
        series_create(
            actor=None,
            unit=class_world["hamlet"],
            title=" ",
            venue_kind="castle",
            venue_name="",
            weekday=9,
            start_time=datetime.time(8),
            starts_on=first_day,
            capacity=0,
        )
    with pytest.raises(ServiceError) as wrong_group:
        series_create(
            actor=None,
            unit=class_world["hamlet"],
            title="Lớp",
            venue_kind="school",
            venue_name="Trường",
            weekday=1,
            start_time=datetime.time(8),
            starts_on=first_day,
            audience="disability",
            audience_detail="km",
        )
    assert wrong_group.value.fields == {
        "audience_detail": ["Chọn nhóm phù hợp với đối tượng của lớp."]
    }
    assert set(error.value.fields) == {
        "title",
        "venue_kind",
        "venue_name",
        "weekday",
        "capacity",
    }


def test_move_and_cancel_need_a_reason_and_attended_session_stays(class_world):
    series = class_world["series"]
    first, second = sessions_generate(actor=None, series=series, weeks=2)
    with pytest.raises(ServiceError, match="lý do"):
        session_cancel(actor=None, session=second, reason=" ")
    new_time = second.starts_at + datetime.timedelta(days=1)
    session_move(
        actor=None, session=second, starts_at=new_time, reason="Trùng lịch họp"
    )
    second.refresh_from_db()
    assert (second.status, second.starts_at) == ("moved", new_time)
    person = _person(class_world["hamlet"], "Đỗ Văn Em")
    attendance_record(actor=None, session=first, person=person)
    with pytest.raises(ServiceError, match="không thể hủy"):
        session_cancel(actor=None, session=first, reason="Nhầm")


def test_attendance_refused_for_cancelled_future_and_outside_commune(
    class_world, rach_gia
):
    series = class_world["series"]
    sessions = sessions_generate(actor=None, series=series, weeks=10)
    person = _person(class_world["hamlet"], "Đỗ Văn Em")
    session_cancel(actor=None, session=sessions[0], reason="Mất điện")
    with pytest.raises(ServiceError, match="đã bị hủy"):
        attendance_record(actor=None, session=sessions[0], person=person)
    with pytest.raises(ServiceError, match="chưa diễn ra"):
        attendance_record(actor=None, session=sessions[9], person=person)
    stranger = _person(rach_gia, "Người Phường Khác")
    with pytest.raises(ServiceError, match="không sống ở xã"):
        attendance_record(actor=None, session=sessions[1], person=stranger)
    with pytest.raises(ServiceError, match="không sống ở xã"):
        registration_create(actor=None, series=series, person=stranger)


def test_unknown_card_is_refused_and_tokens_are_read_from_urls(class_world):
    session = sessions_generate(actor=None, series=class_world["series"], weeks=1)[0]
    assert card_token("https://hocvuso.vn/card/AbC_123-xyz/") == "AbC_123-xyz"
    assert card_token("AbC_123-xyz") == "AbC_123-xyz"
    assert card_token("xin chào") == ""
    with pytest.raises(ServiceError, match="Không nhận ra thẻ"):
        attendance_by_card(actor=None, session=session, scanned="/card/notarealtoken")


def test_sync_is_idempotent_and_keeps_the_rest_of_a_batch(class_world):
    officer = class_world["officer"]
    first = sessions_generate(actor=None, series=class_world["series"], weeks=1)[0]
    far_session = class_world["far"].sessions.first()
    person = _person(class_world["hamlet"], "Đỗ Văn Em")
    batch = [
        AttendanceIn(
            client_id="dev-a-000001", session_id=first.pk, person_id=person.pk
        ),
        AttendanceIn(
            client_id="dev-a-000002",
            session_id=first.pk,
            walk_in=WalkInIn(full_name="Khách Vãng Lai", birth_year=1960),
        ),
        AttendanceIn(
            client_id="dev-a-000003", session_id=far_session.pk, person_id=person.pk
        ),
    ]
    results = attendance_sync(actor=officer, records=batch)
    assert [r["status"] for r in results] == ["stored", "stored", "rejected"]
    assert results[2]["error"]["message"] == "Buổi học này không thuộc lớp của bạn."
    again = attendance_sync(actor=officer, records=batch)
    assert [r["status"] for r in again] == ["duplicate", "duplicate", "rejected"]
    assert Attendance.objects.count() == 2
    assert first.series.commune.people.count() == 0  # people live in the hamlet
    undo = attendance_sync(
        actor=officer,
        records=[
            AttendanceIn(
                client_id="dev-a-000004",
                session_id=first.pk,
                person_id=person.pk,
                present=False,
            )
        ],
    )
    assert undo[0]["status"] == "stored"
    assert Attendance.objects.count() == 1


def test_more_places_move_the_waiting_list_up_flagged_first(class_world):
    from hocvuso.classes.services import series_update

    series, hamlet = class_world["series"], class_world["hamlet"]
    people = [_person(hamlet, f"Người {n}", birth_year=1990) for n in range(5)]
    regs = [
        registration_create(actor=None, series=series, person=p) for p in people[:4]
    ]
    flagged = registration_create(
        actor=None, series=series, person=people[4], priority=["poor"]
    )
    assert [r.status for r in regs] == ["registered"] * 3 + ["waiting"]
    with pytest.raises(ServiceError) as error:
        series_update(actor=None, series=series, capacity=2)
    assert error.value.fields["capacity"] == [
        "3 người đã đăng ký: hãy hủy bớt đăng ký trước."
    ]
    series_update(actor=None, series=series, capacity=4, title="Lớp mới")
    flagged.refresh_from_db()
    regs[3].refresh_from_db()
    assert (flagged.status, regs[3].status) == ("registered", "waiting")
    series.refresh_from_db()
    assert (series.title, series.capacity) == ("Lớp mới", 4)
    with pytest.raises(ServiceError, match="Giá trị không hợp lệ: weekday"):
        series_update(actor=None, series=series, weekday=3)
