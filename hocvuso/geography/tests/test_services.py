import csv
import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from vietnam_provinces import Province, Ward

from hocvuso.core.errors import ServiceError
from hocvuso.geography.models import Unit, UnitKind
from hocvuso.geography.services import (
    unit_close,
    unit_create_local,
    units_load_file,
    units_load_official,
)

pytestmark = pytest.mark.django_db


def test_load_units_loads_every_province_and_commune_the_package_lists():
    call_command("load-units", stdout=open("/dev/null", "w"))  # noqa: SIM115

    provinces = list(Province.iter_all())
    wards = list(Ward.iter_all())
    assert Unit.objects.filter(level=1).count() == len(provinces) == 34
    assert Unit.objects.filter(level=2).count() == len(wards) == 3321
    kinds = Counter(Unit.objects.filter(level=2).values_list("kind", flat=True))
    package_kinds = Counter(w.division_type.value for w in wards)
    assert kinds[UnitKind.COMMUNE] == package_kinds["xã"]
    assert kinds[UnitKind.WARD] == package_kinds["phường"]
    assert kinds[UnitKind.SPECIAL_ZONE] == package_kinds["đặc khu"] == 13
    per_province = Counter(w.province_code for w in wards)
    for province in provinces:
        unit = Unit.objects.get(code=f"{int(province.code):02d}")
        assert unit.children.count() == per_province[province.code]


def test_loading_twice_changes_nothing_and_keeps_the_data_version(an_giang):
    report = units_load_official(province_code="91")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 103)
    rach_gia = Unit.objects.get(code="30742")
    assert rach_gia.name == "Phường Rạch Giá"
    assert rach_gia.path == "/91/30742/"
    assert rach_gia.data_version.startswith("vietnam-provinces 2025.10.1")


def test_names_are_nfc_with_single_spaces(an_giang):
    units_load_official()
    assert not Unit.objects.filter(name__contains="  ").exists()


def test_special_zones_are_flagged_island(an_giang):
    zones = Unit.objects.filter(parent=an_giang, kind=UnitKind.SPECIAL_ZONE)
    assert sorted(zones.values_list("name", flat=True)) == [
        "Đặc khu Kiên Hải",
        "Đặc khu Phú Quốc",
        "Đặc khu Thổ Châu",
    ]
    assert all(z.is_coastal_island for z in zones)


def test_unknown_province_code_is_refused():
    with pytest.raises(ServiceError):
        units_load_official(province_code="99")


def test_subtree_is_one_prefix_query(binh_an, make_hamlet, django_assert_num_queries):
    make_hamlet(binh_an, "Ấp Vĩnh Thành A")
    make_hamlet(binh_an, "Ấp Vĩnh Thành B")
    with django_assert_num_queries(1):
        names = list(Unit.objects.within(binh_an.path).values_list("name", flat=True))
    assert names[0] == "Xã Bình An" and len(names) == 3


def _write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def test_load_from_file_updates_names_adds_units_under_a_title_block(
    an_giang, tmp_path
):
    path = tmp_path / "dvhc.csv"
    _write_csv(
        path,
        [
            ["DANH MỤC ĐƠN VỊ HÀNH CHÍNH"],
            [],
            ["Mã", "Tên", "Cấp", "Mã cấp trên"],
            ["91", "Tỉnh An Giang", "Tỉnh", ""],
            ["30742", "Phường Rạch Giá", "Phường", "91"],
            ["30742-900", "Khu phố Rạch Giồng", "Khu phố", "30742"],
        ],
    )
    report = units_load_file(path=path, data_version="NSO 2026-09-20")
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (1, 2, 0)
    assert Unit.objects.get(code="91").name == "Tỉnh An Giang"
    hamlet = Unit.objects.get(code="30742-900")
    assert hamlet.path == "/91/30742/30742-900/" and hamlet.kind == UnitKind.QUARTER


def test_load_from_file_with_a_bad_row_writes_nothing(an_giang, tmp_path):
    path = tmp_path / "dvhc.csv"
    _write_csv(
        path,
        [
            ["Ma", "Ten", "Loai", "Ma cap tren"],
            ["91", "Tỉnh An Giang", "Tỉnh", ""],
            ["99999", "Xã Mới", "Xã", "77777"],
            ["99998", "Xã Lạ", "Huyện", "91"],
        ],
    )
    report = units_load_file(path=path, data_version="x")
    assert [(e["row"], e["column"]) for e in report.errors] == [
        (3, "Ma cap tren"),
        (4, "Loai"),
    ]
    assert Unit.objects.get(code="91").name == "An Giang"
    with pytest.raises(CommandError):
        call_command("load-units", "--from", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_hamlets_get_codes_under_their_commune_and_inherit_island_flag(an_giang):
    phu_quoc = Unit.objects.get(parent=an_giang, name="Đặc khu Phú Quốc")
    first = unit_create_local(
        actor=None, parent=phu_quoc, name="Khu phố 1", kind="quarter"
    )
    second = unit_create_local(
        actor=None, parent=phu_quoc, name="Ấp Cửa Cạn", kind="hamlet"
    )
    assert (
        first.code == f"{phu_quoc.code}-001" and second.code == f"{phu_quoc.code}-002"
    )
    assert first.is_coastal_island and first.level == 3
    assert first.path == f"{phu_quoc.path}{first.code}/"


@pytest.mark.parametrize(
    ("parent_code", "name", "kind"),
    [("91", "Ấp X", "hamlet"), ("30898", "", "hamlet"), ("30898", "Ấp X", "commune")],
)
def test_hamlet_rules(an_giang, parent_code, name, kind):
    with pytest.raises(ServiceError):
        unit_create_local(
            actor=None, parent=Unit.objects.get(code=parent_code), name=name, kind=kind
        )


def test_hamlet_names_are_unique_per_commune_ignoring_accents(binh_an):
    unit_create_local(actor=None, parent=binh_an, name="Ấp Vĩnh Thành A", kind="hamlet")
    with pytest.raises(ServiceError):
        unit_create_local(
            actor=None, parent=binh_an, name="ap vinh thanh a", kind="hamlet"
        )


def test_units_are_closed_with_a_successor_never_deleted(binh_an, make_hamlet):
    old = make_hamlet(binh_an, "Ấp Cũ")
    new = make_hamlet(binh_an, "Ấp Mới")
    Unit.objects.filter(pk=old.pk).update(valid_from=datetime.date(2020, 1, 1))
    old.refresh_from_db()
    with pytest.raises(ServiceError):
        unit_close(
            actor=None, unit=old, closed_on=datetime.date(2019, 1, 1), successor=new
        )
    unit_close(actor=None, unit=old, closed_on=datetime.date(2025, 7, 1), successor=new)
    old.refresh_from_db()
    assert old.valid_to == datetime.date(2025, 7, 1) and old.successor == new
    assert old not in Unit.objects.active()
    assert old in Unit.objects.active_on(datetime.date(2025, 6, 30))
    with pytest.raises(ServiceError):
        unit_close(
            actor=None, unit=old, closed_on=datetime.date(2025, 8, 1), successor=new
        )
