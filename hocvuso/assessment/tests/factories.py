"""People for assessment tests: learners in a commune, with a phone."""

import itertools

from hocvuso.people.services import person_register

_phones = itertools.count(1)


def make_person(unit, *, name="Nguyễn Văn An", phone=None, **extra):
    return person_register(
        actor=None,
        unit=unit,
        full_name=name,
        phone=phone or f"0912{next(_phones):06d}",
        birth_year=extra.pop("birth_year", 1958),
        **extra,
    )
