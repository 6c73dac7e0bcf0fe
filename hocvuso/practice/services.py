"""Record a finished practice run for a signed-in learner (idempotent)."""

import datetime
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from hocvuso.core.errors import ServiceError
from hocvuso.people.models import Person
from hocvuso.practice.models import PracticeAttempt, Simulator
from hocvuso.practice.scenarios import scenario_names

_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_CODE = re.compile(r"^[a-z0-9_-]{1,40}$")
MAX_MISTAKES = 30
# Phones' clocks drift; a run cannot end more than a day ahead of the server.
CLOCK_SLACK = datetime.timedelta(days=1)


@dataclass(frozen=True)
class AttemptIn:
    client_id: str
    simulator: str
    scenario: str
    completed: bool
    finished_at: str
    mistakes: list[str] = field(default_factory=list)


def _validated(attempt: AttemptIn) -> tuple[datetime.datetime, list[str]]:
    errors: dict[str, list[str]] = {}
    if not _CLIENT_ID.match(attempt.client_id or ""):
        errors["client_id"] = [
            _("The run id must be 8 to 64 letters, digits, dashes or underscores.")
        ]
    if attempt.simulator not in Simulator.values:
        errors["simulator"] = [_("There is no such simulator.")]
    elif attempt.scenario not in scenario_names(attempt.simulator):
        errors["scenario"] = [_("This simulator has no such scenario.")]
    mistakes = list(dict.fromkeys(attempt.mistakes))
    if len(mistakes) > MAX_MISTAKES or not all(_CODE.match(m) for m in mistakes):
        errors["mistakes"] = [
            _("Mistakes must be at most %(n)d short codes.") % {"n": MAX_MISTAKES}
        ]
    finished = parse_datetime(attempt.finished_at or "")
    if finished is None or timezone.is_naive(finished):
        errors["finished_at"] = [
            _("The end time must be a date and time with its time zone.")
        ]
    elif finished > timezone.now() + CLOCK_SLACK:
        errors["finished_at"] = [_("The end time is in the future.")]
    if errors:
        raise ServiceError(_("The practice result is not valid."), fields=errors)
    return finished, mistakes


@transaction.atomic
def attempt_record(
    *, person: Person, attempt: AttemptIn
) -> tuple[PracticeAttempt, bool]:
    """Store one finished run for ``person``; return (attempt, created).

    A run sent again with the same client id is not stored twice: the first
    copy comes back with created=False.
    """
    existing = PracticeAttempt.objects.filter(client_id=attempt.client_id).first()
    if existing is not None:
        return existing, False
    finished, mistakes = _validated(attempt)
    row = PracticeAttempt(
        client_id=attempt.client_id,
        person=person,
        simulator=attempt.simulator,
        scenario=attempt.scenario,
        completed=attempt.completed,
        mistakes=mistakes,
        finished_at=finished,
    )
    row.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        return PracticeAttempt.objects.get(client_id=attempt.client_id), False
    return row, True
