"""Weekly classes for the demo province: one series in Bình An and one in
Rạch Giá (taught by the demo instructor), sessions from three weeks ago, some
registrations and the attendance of the past sessions. A second run adds nothing."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from hocvuso.accounts.models import User
from hocvuso.classes.models import ClassSeries
from hocvuso.classes.services import (
    attendance_record,
    registration_create,
    series_create,
    session_cancel,
    sessions_generate,
)
from hocvuso.core.errors import NotFound
from hocvuso.geography.models import Unit
from hocvuso.people.models import Person

PLANS = [
    {
        "commune": "30898",
        "title": "Lớp điện thoại thông minh cho người cao tuổi",
        "venue_kind": "cultural_house",
        "venue_name": "Nhà văn hóa ấp Vĩnh Thành A",
        "weekday": 2,
        "start_time": datetime.time(8, 0),
        "audience": "older_people",
        "topics": "Gọi video, nhắn tin Zalo, chữ to, nhận biết tin nhắn lừa đảo.",
        "competence_codes": ["0.1"],
        "organisers": ["digital_team", "youth_union"],
        "adaptations": ["large_print", "slow_pace", "khmer_interpreter"],
        "instructor_role": "commune_officer",
    },
    {
        "commune": "30742",
        "title": "Thanh toán không tiền mặt và dịch vụ công trực tuyến",
        "venue_kind": "service_centre",
        "venue_name": "Trung tâm phục vụ hành chính công phường Rạch Giá",
        "weekday": 5,
        "start_time": datetime.time(19, 0),
        "audience": "everyone",
        "topics": "Quét mã VietQR, kiểm tra người nhận, nộp hồ sơ dịch vụ công.",
        "competence_codes": [],
        "organisers": ["womens_union", "company"],
        "adaptations": ["sign_language"],
        "instructor_role": "instructor",
    },
]


@transaction.atomic
def classes_demo_ensure(
    *, sign_ins: list[tuple[str, Unit, User]], seed: int = 2025
) -> int:
    """Create the demo classes once; return the number of series created.

    ``sign_ins`` are the demo's (role, unit, user) accounts, handed over by
    the demo orchestrator: a plan's instructor is the account of its role on
    its commune.
    """
    rng = random.Random(seed)
    made = 0
    today = timezone.localdate()
    for plan in PLANS:
        commune = Unit.objects.filter(code=plan["commune"]).first()
        if commune is None or ClassSeries.objects.filter(commune=commune).exists():
            continue
        teacher = next(
            (
                user
                for role, unit, user in sign_ins
                if role == plan["instructor_role"] and unit.code == plan["commune"]
            ),
            None,
        )
        competences = plan["competence_codes"]
        try:
            from hocvuso.learning.selectors import competence_get

            for code in competences:
                competence_get(code)
        except (ImportError, NotFound):  # the framework may not be loaded
            competences = []
        starts_on = today - datetime.timedelta(weeks=3)
        series = series_create(
            actor=None,
            unit=commune,
            title=plan["title"],
            venue_kind=plan["venue_kind"],
            venue_name=plan["venue_name"],
            weekday=plan["weekday"],
            start_time=plan["start_time"],
            starts_on=starts_on,
            audience=plan["audience"],
            topics=plan["topics"],
            competence_codes=competences,
            organisers=plan["organisers"],
            adaptations=plan["adaptations"],
            instructors=[teacher] if teacher else [],
            capacity=25,
            accessibility_notes="Lối vào có đường dốc, ghế có tựa lưng.",
        )
        sessions = sessions_generate(actor=None, series=series, weeks=8)
        session_cancel(actor=None, session=sessions[-2], reason="Trùng ngày hội của xã")
        people = list(
            Person.objects.filter(unit_path__under=commune.path).order_by("id")[:30]
        )
        for person in people[:25]:
            registration_create(actor=None, series=series, person=person)
        for session in sessions:
            if session.is_cancelled or session.scheduled_on > today:
                continue
            for person in people[:25]:
                if rng.random() < 0.75:
                    attendance_record(actor=teacher, session=session, person=person)
        made += 1
    return made
