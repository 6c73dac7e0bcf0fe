"""Bình An with two hamlets (one with a reference point), its officer, a
neighbouring ward with its own officer, and the national catalogue."""

from decimal import Decimal

import pytest

from hocvuso.accounts.models import Role
from hocvuso.programmes.agents.models import AgentKind, AgentService
from hocvuso.programmes.agents.services import (
    agent_catalogue_defaults_ensure,
    agent_create,
    hamlet_centre_set,
)


@pytest.fixture
def catalogue(db):
    agent_catalogue_defaults_ensure()
    return {
        "kinds": {k.code: k for k in AgentKind.objects.filter(province=None)},
        "services": {s.code: s for s in AgentService.objects.filter(province=None)},
    }


@pytest.fixture
def make_agent(catalogue):
    def make(unit, name, services=("vneid",), kind="shop", **extra):
        return agent_create(
            actor=extra.pop("actor", None),
            unit=unit,
            name=name,
            kind=catalogue["kinds"][kind],
            services=[catalogue["services"][c] for c in services],
            address=extra.pop("address", f"Số 1, {unit.name}"),
            opening_hours=extra.pop("opening_hours", "7:00–17:00, thứ Hai đến thứ Bảy"),
            **extra,
        )

    return make


@pytest.fixture
def agent_world(binh_an, rach_gia, make_hamlet, make_staff, make_agent):
    north = make_hamlet(binh_an, "Ấp Vĩnh Thành A")
    south = make_hamlet(binh_an, "Ấp Bình Hòa")
    empty = make_hamlet(binh_an, "Ấp Kênh Mới")
    hamlet_centre_set(actor=None, unit=south, latitude="10.1000", longitude="105.1000")
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an, "Cán bộ Lan")
    other_officer = make_staff(Role.COMMUNE_OFFICER, rach_gia, "Cán bộ Rạch Giá")
    near = make_agent(
        binh_an,
        "Bưu điện văn hóa xã Bình An",
        services=("vneid", "public_service"),
        kind="post_office",
        latitude=Decimal("10.1050"),
        longitude=Decimal("105.1000"),
    )
    far = make_agent(
        north,
        "Tạp hóa Cô Ba",
        services=("vneid", "bank_account"),
        latitude=Decimal("10.2000"),
        longitude=Decimal("105.2000"),
    )
    sim_only = make_agent(
        south, "Điểm Viettel ấp Bình Hòa", services=("sim",), kind="telecom"
    )
    theirs = make_agent(rach_gia, "Đại lý ngân hàng Rạch Giá", kind="bank_agent")
    return {
        "north": north,
        "south": south,
        "empty": empty,
        "officer": officer,
        "other_officer": other_officer,
        "near": near,
        "far": far,
        "sim_only": sim_only,
        "theirs": theirs,
    }
