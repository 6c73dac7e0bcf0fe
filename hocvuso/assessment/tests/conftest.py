import pytest

from hocvuso.assessment.tests.factories import make_person


@pytest.fixture
def framework(db):
    """The real framework of the repository, with the four groups' profiles."""
    from hocvuso.learning.services import framework_load

    framework_load(actor=None)


@pytest.fixture
def learner(binh_an):
    return make_person(binh_an, phone="0912345678")


@pytest.fixture
def content(framework):
    """The real content pack: courses, lessons and their quick checks."""
    from hocvuso.learning.services import content_load

    content_load(actor=None)


@pytest.fixture
def course(content):
    from hocvuso.learning.selectors import course_get

    return course_get("thanh-toan-so")
