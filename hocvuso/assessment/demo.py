"""The demo learner: a person of Ấp Vĩnh Thành A (Xã Bình An) who signs in at
/learner/sign-in/ with her phone and a PIN a volunteer set with her, has
finished one course (so there is a certificate to verify) and started another.
Everything goes through the services; a second run adds nothing."""

from django.db import transaction

from hocvuso.assessment.models import Certificate, LearnerPin
from hocvuso.assessment.services import course_record_submit, pin_set
from hocvuso.geography.models import Unit
from hocvuso.learning.models import Course
from hocvuso.learning.selectors import course_lessons, lesson_checks
from hocvuso.people.services import household_register, person_register

# The README's learner sign-in: the phone of the demo account with the learner
# role, and the PIN "set by the volunteer".
DEMO_LEARNER_PHONE = "0900000009"
DEMO_LEARNER_PIN = "250925"
FINISHED_COURSE = "an-toan-tren-mang"
STARTED_COURSE, STARTED_LESSONS = "dien-thoai-va-internet", 2


def _right_answers(lessons) -> dict:
    return {
        lesson.slug: {
            "done": True,
            "checks": {str(b.pk): b.data.get("answer") for b in lesson_checks(lesson)},
        }
        for lesson in lessons
    }


@transaction.atomic
def learner_demo_ensure(*, hamlet: Unit, volunteer) -> None:
    """Create the demo learner with her PIN and progress, once; the hamlet's
    volunteer records her and sets the PIN."""
    household = household_register(
        actor=volunteer,
        unit=hamlet,
        address=f"Số 12, {hamlet.name}",
        head_name="Thạch Thị Sa Ri",
    )
    person = person_register(
        actor=volunteer,
        unit=hamlet,
        household=household,
        full_name="Thạch Thị Sa Ri",
        birth_year=1962,
        sex="female",
        phone=DEMO_LEARNER_PHONE,
        relation_to_head="Chủ hộ",
        has_smartphone=True,
    )
    if not LearnerPin.objects.filter(person=person).exists():
        pin_set(actor=volunteer, person=person, pin=DEMO_LEARNER_PIN)
    finished = Course.objects.filter(slug=FINISHED_COURSE).first()
    if (
        finished
        and not Certificate.objects.filter(person=person, course=finished).exists()
    ):
        course_record_submit(
            person=person,
            course=finished,
            progress=_right_answers(course_lessons(finished)),
        )
    started = Course.objects.filter(slug=STARTED_COURSE).first()
    if started:
        lessons = list(course_lessons(started))[:STARTED_LESSONS]
        course_record_submit(
            person=person, course=started, progress=_right_answers(lessons)
        )
