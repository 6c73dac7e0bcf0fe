from importlib import import_module

import pytest
from django.conf import settings
from django.test import RequestFactory

from hocvuso.assessment.learners import learner_session_start
from hocvuso.assessment.services import pin_set
from hocvuso.people.services import person_register


@pytest.fixture
def learner(binh_an):
    person = person_register(
        actor=None,
        unit=binh_an,
        full_name="Trần Thị Lan",
        phone="0912000111",
        birth_year=1955,
    )
    pin_set(actor=None, person=person, pin="482916")
    return person


def learner_session_key(person) -> str:
    """A saved session in which ``person`` is signed in as learner (PIN)."""
    engine = import_module(settings.SESSION_ENGINE)
    request = RequestFactory().get("/")
    request.session = engine.SessionStore()
    learner_session_start(request, person=person, via="pin")
    request.session.save()
    return request.session.session_key


@pytest.fixture
def learner_client(client, learner):
    client.cookies[settings.SESSION_COOKIE_NAME] = learner_session_key(learner)
    return client
