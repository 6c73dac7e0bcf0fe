"""A commune's first import: the hamlets its list names are not on the map yet."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from hocvuso.accounts.models import Role
from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditAction, AuditEvent
from hocvuso.geography.models import Unit, UnitKind
from hocvuso.people.import_matching import hamlet_kind, hamlet_name
from hocvuso.people.importing import error_groups, import_people_file
from hocvuso.people.models import Household, Person
from hocvuso.people.tests.sheets import write

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def ward_list() -> list[list]:
    """Rạch Giá's list: 13 rows in khu phố Rạch Giồng, 12 in Vĩnh Thanh (rows 6–30)."""
    rows = [
        ["ỦY BAN NHÂN DÂN PHƯỜNG RẠCH GIÁ"],
        ["DANH SÁCH NHÂN KHẨU"],
        [],
        [],
        ["STT", "Họ và tên", "Năm sinh", "Khu phố"],
    ]
    for number in range(25):
        quarter = "Rạch Giồng" if number % 2 == 0 else "Vĩnh Thanh"
        rows.append([number + 1, f"Người Dân Số {number + 1}", 1950 + number, quarter])
    return rows


def run(unit, path, **options):
    return import_people_file(
        actor=None, unit=unit, path=path, file_name=path.name, **options
    )


def hamlets_of(unit):
    return dict(
        Unit.objects.filter(parent=unit).values_list("name", "kind").order_by("name")
    )


def test_a_dry_run_names_each_missing_quarter_once_with_its_rows(tmp_path, rach_gia):
    path = write(tmp_path / "ds.xlsx", ward_list())

    result = run(rach_gia, path, dry_run=True)

    assert [(h["name"], h["kind"], h["rows"]) for h in result.new_hamlets] == [
        ("Rạch Giồng", UnitKind.QUARTER, 13),
        ("Vĩnh Thanh", UnitKind.QUARTER, 12),
    ]
    assert result.rejected_rows == 25
    assert hamlets_of(rach_gia) == {}
    assert Person.objects.count() == 0


def test_without_the_confirmation_nothing_is_written(tmp_path, rach_gia):
    result = run(rach_gia, write(tmp_path / "ds.csv", ward_list()))

    assert hamlets_of(rach_gia) == {}
    assert Person.objects.count() == 0
    assert result.rejected_rows == 25
    assert not result.hamlets_created


def test_with_the_confirmation_the_quarters_are_made_and_everyone_lands_there(
    tmp_path, rach_gia
):
    result = run(
        rach_gia, write(tmp_path / "ds.xlsx", ward_list()), create_hamlets=True
    )

    assert result.errors == []
    assert result.hamlets_created
    assert hamlets_of(rach_gia) == {
        "Rạch Giồng": UnitKind.QUARTER,
        "Vĩnh Thanh": UnitKind.QUARTER,
    }
    quarter = Unit.objects.get(parent=rach_gia, name="Rạch Giồng")
    assert quarter.path.startswith(rach_gia.path)
    people = Person.objects.filter(unit=quarter)
    assert people.count() == 13
    assert set(people.values_list("unit_path", flat=True)) == {quarter.path}
    assert Person.objects.filter(unit__name="Vĩnh Thanh").count() == 12
    made = AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="unit")
    assert made.count() == 2
    (event,) = AuditEvent.objects.filter(object_type="import")
    assert len(event.detail["hamlets_created"]) == 2


def test_importing_again_creates_no_second_quarter_and_no_one_twice(tmp_path, rach_gia):
    path = write(tmp_path / "ds.xlsx", ward_list())
    run(rach_gia, path, create_hamlets=True)

    again = run(rach_gia, path, create_hamlets=True)

    assert again.new_hamlets == []
    assert again.skipped_duplicates == 25
    assert Unit.objects.filter(parent=rach_gia).count() == 2
    assert Person.objects.count() == 25


def test_a_failed_write_leaves_no_hamlet_behind(tmp_path, rach_gia, monkeypatch):
    from hocvuso.people import import_writing

    def crash(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_writing, "audit_record_many", crash)
    with pytest.raises(RuntimeError):
        run(rach_gia, write(tmp_path / "ds.xlsx", ward_list()), create_hamlets=True)

    assert hamlets_of(rach_gia) == {}
    assert Person.objects.count() == Household.objects.count() == 0


def test_all_or_nothing_with_a_bad_row_creates_no_hamlet(tmp_path, rach_gia):
    rows = ward_list()
    rows[6][2] = "31/02/1990"
    path = write(tmp_path / "ds.xlsx", rows)

    result = run(rach_gia, path, create_hamlets=True, all_or_nothing=True)

    assert result.blocked
    assert hamlets_of(rach_gia) == {}


def test_a_near_match_is_used_and_offered_not_duplicated(
    tmp_path, binh_an, make_hamlet
):
    quarter = make_hamlet(binh_an, "Khu phố 3", kind=UnitKind.QUARTER)
    hamlet = make_hamlet(binh_an, "Vĩnh Thành A")
    rach = make_hamlet(binh_an, "Rạch Giồng")
    rows = [
        ["Họ và tên", "Năm sinh", "Ấp"],
        ["Cao Văn Một", 1960, "KP3"],
        ["Cao Văn Hai", 1961, "Ấp Vĩnh Thành A"],
        ["Cao Văn Ba", 1962, "vinh thanh a"],
        ["Cao Văn Bốn", 1963, "Rạch Giông 2"],
    ]
    path = write(tmp_path / "ds.xlsx", rows)

    dry = run(binh_an, path, dry_run=True)

    assert [h["written"] for h in dry.loose_hamlets] == [
        "KP3",
        "Ấp Vĩnh Thành A",
    ]
    ((new),) = dry.new_hamlets
    assert new["name"] == "Rạch Giông 2"
    assert new["near"] == ["Rạch Giồng"]

    run(binh_an, path, create_hamlets=True)
    units = dict(Person.objects.values_list("full_name", "unit"))
    assert units["Cao Văn Một"] == quarter.pk
    assert units["Cao Văn Hai"] == units["Cao Văn Ba"] == hamlet.pk
    assert Unit.objects.filter(parent=binh_an).count() == 4
    assert units["Cao Văn Bốn"] not in {quarter.pk, hamlet.pk, rach.pk}


def test_section_rows_naming_a_missing_hamlet_create_it(tmp_path, binh_an):
    rows = [
        ["Họ và tên", "Năm sinh", "Địa chỉ"],
        ["Ấp Vĩnh Thành A"],
        ["Cao Văn Một", 1960, "Số 1"],
        ["Cao Văn Hai", 1961, "Số 2"],
        ["Thôn Đông"],
        ["Cao Văn Ba", 1962, "Số 3"],
    ]
    path = write(tmp_path / "ds.xlsx", rows)

    dry = run(binh_an, path, dry_run=True)
    assert [(h["name"], h["kind"], h["rows"]) for h in dry.new_hamlets] == [
        ("Ấp Vĩnh Thành A", UnitKind.HAMLET, 2),
        ("Thôn Đông", UnitKind.VILLAGE, 1),
    ]

    run(binh_an, path, create_hamlets=True)
    assert dict(Person.objects.values_list("full_name", "unit__name")) == {
        "Cao Văn Một": "Ấp Vĩnh Thành A",
        "Cao Văn Hai": "Ấp Vĩnh Thành A",
        "Cao Văn Ba": "Thôn Đông",
    }


@pytest.mark.parametrize(
    ("name", "heading", "kind", "full"),
    [
        ("Rạch Giồng", "Khu phố", UnitKind.QUARTER, "Rạch Giồng"),
        ("KP3", "", UnitKind.QUARTER, "Khu phố 3"),
        ("Khu phố 03", "", UnitKind.QUARTER, "Khu phố 3"),
        ("Ấp Vĩnh Thành A", "Ấp/Khu phố", UnitKind.HAMLET, "Ấp Vĩnh Thành A"),
        ("Tổ dân phố 5", "", UnitKind.RESIDENTIAL_GROUP, "Tổ dân phố 5"),
        ("TDP 7", "", UnitKind.RESIDENTIAL_GROUP, "Tổ dân phố 7"),
        ("Thôn Đông", "", UnitKind.VILLAGE, "Thôn Đông"),
        ("Bản Mòng", "Bản", UnitKind.MOUNTAIN_VILLAGE, "Bản Mòng"),
        ("Khóm 2", "", UnitKind.KHOM, "Khóm 2"),
        ("kp Bắc", "", UnitKind.QUARTER, "Khu phố Bắc"),
        ("Tô Châu", "", UnitKind.HAMLET, "Tô Châu"),
    ],
)
def test_the_kind_comes_from_the_heading_or_the_name(
    binh_an, name, heading, kind, full
):
    assert hamlet_kind(name, heading, binh_an) == kind
    assert hamlet_name(name, kind) == full


def test_a_ward_without_a_kind_in_name_or_heading_gets_quarters(rach_gia):
    assert hamlet_kind("Rạch Giồng", "Tên ấp, khu phố", rach_gia) == UnitKind.QUARTER


def test_an_officer_without_the_right_to_add_hamlets_cannot_confirm(
    tmp_path, rach_gia, make_staff
):
    volunteer = make_staff(Role.VOLUNTEER, rach_gia)
    path = write(tmp_path / "ds.xlsx", ward_list())
    with pytest.raises(ServiceError):
        import_people_file(
            actor=volunteer,
            unit=rach_gia,
            path=path,
            file_name=path.name,
            create_hamlets=True,
        )
    assert hamlets_of(rach_gia) == {}


def test_repeated_causes_are_grouped_in_one_line(tmp_path, rach_gia):
    rows = ward_list()
    rows[7][2] = "31/02/1990"
    rows[9][2] = "31/02/1990"
    result = run(rach_gia, write(tmp_path / "ds.xlsx", rows), dry_run=True)

    texts = [g["text"] for g in error_groups(result.errors)]

    assert texts == [
        "25 rows (6–30) name a khu phố that does not exist: "
        "Rạch Giồng (13), Vĩnh Thanh (12)",
        "2 rows (8–10), column “Năm sinh”: The date 31/02/1990 does not exist.",
    ]
    assert len(result.errors) == 27  # the report keeps every row


def import_people(*args: str) -> str:
    out = io.StringIO()
    call_command("import-people", *args, stdout=out)
    return out.getvalue()


def test_the_command_lists_the_missing_quarters_and_groups_the_rows(tmp_path, rach_gia):
    path = write(tmp_path / "ds.csv", ward_list())

    output = import_people(str(path), "--unit", rach_gia.code, "--dry-run")

    lines = output.splitlines()
    assert lines[0] == (
        "25 rows (6–30) name a khu phố that does not exist: "
        "Rạch Giồng (13), Vĩnh Thanh (12)"
    )
    assert lines[1] == (
        "The file names 2 hamlets that Phường Rạch Giá does not have yet: "
        "Rạch Giồng (Quarter (khu phố), 13 rows), "
        "Vĩnh Thanh (Quarter (khu phố), 12 rows)."
    )
    assert "--create-hamlets" in lines[2]
    assert len(lines) == 4
    assert Unit.objects.filter(parent=rach_gia).count() == 0


def test_the_command_creates_the_quarters_with_create_hamlets(tmp_path, rach_gia):
    path = write(tmp_path / "ds.csv", ward_list())

    output = import_people(str(path), "--unit", rach_gia.code, "--create-hamlets")

    assert "2 hamlets created in Phường Rạch Giá" in output
    assert Person.objects.count() == 25
    assert Unit.objects.filter(parent=rach_gia).count() == 2


def test_the_command_with_all_or_nothing_refuses_missing_quarters(tmp_path, rach_gia):
    path = write(tmp_path / "ds.csv", ward_list())
    with pytest.raises(CommandError):
        import_people(str(path), "--unit", rach_gia.code, "--all-or-nothing")
    assert Unit.objects.filter(parent=rach_gia).count() == 0
