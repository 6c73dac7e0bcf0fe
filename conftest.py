"""Fixtures shared by every app's tests: the real map of An Giang and staff."""

import itertools

import pytest
from django.core.cache import cache

from hocvuso.accounts.services import role_grant, user_create
from hocvuso.geography.models import Unit
from hocvuso.geography.services import unit_create_local, units_load_official

BINH_AN = "30898"  # Xã Bình An, An Giang
RACH_GIA = "30742"  # Phường Rạch Giá, An Giang
PASSWORD = "correct-horse-battery"  # noqa: S105 (test fixture)

_phones = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: sign-in throttles and cached
    pages of one test must not leak into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def an_giang(db):
    """An Giang (code 91) with its 102 communes, wards and special zones."""
    units_load_official(province_code="91")
    return Unit.objects.get(code="91")


@pytest.fixture
def ca_mau(db):
    """Cà Mau (code 96), another province: out of An Giang's scope."""
    units_load_official(province_code="96")
    return Unit.objects.get(code="96")


@pytest.fixture
def binh_an(an_giang):
    return Unit.objects.get(code=BINH_AN)


@pytest.fixture
def rach_gia(an_giang):
    return Unit.objects.get(code=RACH_GIA)


@pytest.fixture
def make_hamlet():
    def make(parent: Unit, name: str, kind: str = "hamlet", **flags) -> Unit:
        return unit_create_local(
            actor=None, parent=parent, name=name, kind=kind, **flags
        )

    return make


@pytest.fixture
def make_staff(db):
    """make_staff(role, unit) -> a user holding that role on that unit."""

    def make(role: str, unit: Unit, name: str = "Cán bộ thử"):
        user = user_create(
            actor=None,
            phone=f"0390{next(_phones):06d}",
            full_name=name,
            password=PASSWORD,
        )
        role_grant(actor=None, user=user, role=role, unit=unit)
        return user

    return make
