import datetime
import re
import unicodedata
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditAction, AuditEvent
from hocvuso.core.tabular import read_rows
from hocvuso.people import import_reading, import_writing
from hocvuso.people.identity import national_id_hash
from hocvuso.people.import_jobs import import_job_run
from hocvuso.people.import_matching import CellError
from hocvuso.people.import_reading import parse_birth_year, parse_national_id
from hocvuso.people.importing import import_people_file
from hocvuso.people.models import (
    Consent,
    ConsentBasis,
    Household,
    ImportJob,
    ImportStatus,
    Person,
    PovertyStatus,
    TargetGroup,
)
from hocvuso.people.services import household_register, person_register
from hocvuso.people.tests.sheets import (
    HEADINGS,
    TITLE,
    excel_datetime,
    issue_list,
    nfd,
    write,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English, whatever the Vietnamese catalogue holds."""
    with translation.override("en"):
        yield


TODAY = datetime.date(2025, 11, 25)


@pytest.fixture
def hamlet(binh_an, make_hamlet):
    return make_hamlet(binh_an, "Vĩnh Thành A")


def run(unit, path, **options):
    return import_people_file(
        actor=None, unit=unit, path=path, file_name=path.name, **options
    )


def written():
    return {
        "people": Person.objects.count(),
        "households": Household.objects.count(),
        "consents": Consent.objects.count(),
        "audit": AuditEvent.objects.filter(action=AuditAction.IMPORT).count(),
    }


NOTHING = {"people": 0, "households": 0, "consents": 0, "audit": 0}


# --- the issue's list ---------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_issue_list_keeps_every_valid_row_and_reports_each_bad_one(
    tmp_path, binh_an, hamlet, suffix
):
    path = write(tmp_path / f"ds{suffix}", issue_list())

    dry = run(binh_an, path, dry_run=True)
    assert written() == NOTHING
    result = run(binh_an, path)
    again = run(binh_an, path)

    for report in (dry, result):
        assert (report.total_rows, report.created_people) == (6, 3)
        assert (report.created_households, report.skipped_duplicates) == (2, 1)
        assert [(e["row"], e["column"]) for e in report.errors] == [
            (9, "Ngày sinh"),
            (10, "Số điện thoại"),
        ]
    assert not dry.written and result.written
    assert result.errors[0]["message"] == _("The date %(value)s does not exist.") % {
        "value": "31/02/1990"
    }
    assert result.errors[1]["message"] == _("This is not a Vietnamese phone number.")
    people = {p.full_name: p for p in Person.objects.select_related("household")}
    assert set(people) == {"Nguyễn Văn An", "Trần Thị Bé", "Võ Văn Em"}
    an, be = people["Nguyễn Văn An"], people["Trần Thị Bé"]
    assert (an.birth_year, an.phone, an.sex, an.unit) == (
        1956,
        "0912345678",
        "male",
        hamlet,
    )
    assert (be.birth_year, be.phone, be.sex) == (1960, "0987654321", "female")
    assert an.household == be.household and an.household.head == an
    assert an.household.code == "H01" and an.household.unit == hamlet
    assert people["Võ Văn Em"].birth_year == 2001

    assert (again.created_people, again.created_households) == (0, 0)
    assert again.skipped_duplicates == 4 and len(again.errors) == 2
    # 3 people, and one event for each run that wrote
    assert written() == {"people": 3, "households": 2, "consents": 0, "audit": 5}


def test_nfd_and_nfc_spellings_end_as_one_nfc_string(tmp_path, binh_an):
    rows = [
        ["Họ và tên", "Năm sinh", "Địa chỉ"],
        [nfd("Nguyễn Thị Ánh"), 1970, nfd("Số 5, đường Lê Lợi")],
        ["Nguyễn Thị Ánh", 1970, "Số 5, đường Lê Lợi"],
    ]
    result = run(binh_an, write(tmp_path / "a.xlsx", rows))

    person = Person.objects.get()
    assert result.skipped_duplicates == 1
    assert (
        person.full_name == "Nguyễn Thị Ánh" and person.name_folded == "nguyen thi anh"
    )
    assert person.household.address == "Số 5, đường Lê Lợi"
    assert person.unit == binh_an  # no hamlet column: the unit given


def test_a_person_registered_by_hand_is_not_imported_again(tmp_path, binh_an, hamlet):
    household = household_register(actor=None, unit=hamlet, code="H01")
    person_register(
        actor=None,
        unit=hamlet,
        household=household,
        full_name="Nguyễn Văn An",
        birth_year=1956,
        phone="0912345678",
        relation_to_head="Chủ hộ",
    )
    result = run(binh_an, write(tmp_path / "ds.xlsx", issue_list()))

    assert result.skipped_duplicates == 2  # row 5, and its copy in row 7
    assert Household.objects.count() == 2
    assert Person.objects.filter(household=household).count() == 2


# --- dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "05/03/1956",
        "5/3/56",
        "5-3-1956",
        "05.03.1956",
        "1956",
        1956,
        1956.0,
        "3/1956",
        "1956-03-05",
        "1956-03-05 00:00:00",
        "ngày 5 tháng 3 năm 1956",
        excel_datetime(1956, 3, 5),
        datetime.date(1956, 3, 5),
        20519,  # Excel's serial number for 5 March 1956
        "20519",
    ],
)
def test_birth_dates_in_every_form_give_the_year(value):
    assert parse_birth_year(value, TODAY) == 1956


@pytest.mark.parametrize(
    ("value", "message", "values"),
    [
        ("31/02/1990", "The date %(value)s does not exist.", {"value": "31/02/1990"}),
        ("2031", "The birth year %(year)s is in the future.", {"year": 2031}),
        (
            "1/12/2025",
            "The date of birth %(value)s is in the future.",
            {"value": "01/12/2025"},
        ),
        (
            "1850",
            "The birth year must be between %(a)s and %(b)s.",
            {"a": 1905, "b": 2025},
        ),
        (
            "năm mươi",
            "Cannot read the date “%(value)s”: write it as dd/mm/yyyy or only the "
            "year.",
            {"value": "năm mươi"},
        ),
        (
            56,
            "Cannot read the date “%(value)s”: write it as dd/mm/yyyy or only the "
            "year.",
            {"value": 56},
        ),
    ],
)
def test_impossible_future_or_unreadable_dates_are_refused(value, message, values):
    with pytest.raises(CellError) as error:
        parse_birth_year(value, TODAY)
    assert str(error.value) == _(message) % values


def test_excel_date_cells_and_serial_numbers_are_read(tmp_path, binh_an):
    rows = [
        ["Họ và tên", "Ngày, tháng, năm sinh"],
        ["Lý Văn Một", excel_datetime(1948, 7, 1)],
        ["Lý Văn Hai", 18080],  # a serial in a cell without date format: 1949
        ["Lý Văn Ba", datetime.date(2030, 1, 1)],
    ]
    result = run(binh_an, write(tmp_path / "d.xlsx", rows))

    years = dict(Person.objects.values_list("full_name", "birth_year"))
    assert years == {"Lý Văn Một": 1948, "Lý Văn Hai": 1949}
    assert [(e["row"], e["column"]) for e in result.errors] == [
        (4, "Ngày, tháng, năm sinh")
    ]


# --- headings -----------------------------------------------------------------


def test_headings_without_diacritics_in_capitals_or_abbreviated_are_found(
    tmp_path, binh_an, hamlet
):
    rows = [
        ["DANH SACH NHAN KHAU"],
        ["TT", "HO VA TEN", "Nam sinh", "Gioi tinh", "SDT", "So CCCD", "Thon"],
        [1, "Đỗ Văn Tư", "1977", "nam", "0912 000 111", "089077000111", "vinh thanh a"],
    ]
    result = run(binh_an, write(tmp_path / "h.csv", rows))

    person = Person.objects.get()
    assert result.errors == []
    assert (person.birth_year, person.sex, person.unit) == (1977, "male", hamlet)
    assert person.national_id_hash == national_id_hash("089077000111")


def test_capital_headings_with_diacritics_and_a_smartphone_column(tmp_path, binh_an):
    rows = [
        ["HỌ TÊN", "NĂM SINH", "ĐIỆN THOẠI", "ĐIỆN THOẠI THÔNG MINH", "ĐỐI TƯỢNG"],
        ["Mai Văn Năm", 1990, "0987 111 222", "x", "Công nhân, người lao động"],
        ["Mai Thị Sáu", 2008, "", "không", "Học sinh"],
    ]
    run(binh_an, write(tmp_path / "c.xlsx", rows))

    people = {p.full_name: p for p in Person.objects.all()}
    five, six = people["Mai Văn Năm"], people["Mai Thị Sáu"]
    assert (five.phone, five.has_smartphone) == ("0987111222", True)
    assert five.target_group == TargetGroup.ENTERPRISE_WORKER
    assert (six.has_smartphone, six.target_group) == (False, TargetGroup.STUDENT)


def test_merged_cells_split_birth_column_and_signature_block(tmp_path, binh_an, hamlet):
    rows = [
        ["ỦY BAN NHÂN DÂN XÃ BÌNH AN"],
        ["DANH SÁCH HỘ GIA ĐÌNH"],
        ["STT", "Họ và tên", "Năm sinh", None, "Địa chỉ", "Quan hệ với chủ hộ"],
        [None, None, "Nam", "Nữ"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ["I. ẤP VĨNH THÀNH A"],
        [1, "Huỳnh Văn Bảy", 1950, None, "Số 7, tổ 2", "Chủ hộ"],
        [2, "Huỳnh Thị Tám", None, 1952, None, "Vợ"],
        [3, "Huỳnh Văn Chín", 1980, None, None, "Con"],
        ["Tổng cộng: 3 nhân khẩu"],
        [None, "Người lập biểu", None, None, "TM. ỦY BAN NHÂN DÂN"],
        [None, "Nguyễn Thị Lập", None, None, "Trần Văn Ký"],
    ]
    merges = ["A1:F1", "A2:F2", "A3:A4", "B3:B4", "C3:D3", "E3:E4", "F3:F4"]
    merges += ["A6:F6", "E7:E9", "A10:F10"]
    result = run(binh_an, write(tmp_path / "m.xlsx", rows, merges=merges))

    assert result.errors == [] and result.total_rows == 3
    people = {p.full_name: p for p in Person.objects.select_related("household")}
    assert people["Huỳnh Thị Tám"].sex == "female"
    assert people["Huỳnh Thị Tám"].birth_year == 1952
    assert people["Huỳnh Văn Bảy"].sex == "male"
    assert {p.unit for p in people.values()} == {hamlet}
    (household,) = {p.household for p in people.values()}
    assert household.address == "Số 7, tổ 2"
    assert household.head == people["Huỳnh Văn Bảy"]


def test_no_heading_row_is_a_clear_error(tmp_path, binh_an):
    path = write(tmp_path / "x.xlsx", [["Tên đơn vị", "Ghi chú"], ["a", "b"]])
    with pytest.raises(ServiceError):
        run(binh_an, path)


# --- households ---------------------------------------------------------------


def test_rows_without_a_code_are_grouped_by_address_and_head(tmp_path, binh_an):
    rows = [
        ["Họ và tên", "Năm sinh", "Địa chỉ", "Quan hệ"],
        ["Con Một", 2001, "Số 1", "Con"],  # above its head
        ["Chủ Một", 1970, "Số 1", "Chủ hộ"],
        ["Vợ Một", 1972, "số 1", "Vợ"],
        ["Chủ Hai", 1960, "Số 2", "Chủ hộ"],
        ["Chủ Ba", 1965, "", "Chủ hộ"],
        ["Con Ba", 1990, "", "Con"],
        ["Người Lẻ", 1999, "", ""],
    ]
    run(binh_an, write(tmp_path / "g.csv", rows))

    people = {p.full_name: p for p in Person.objects.select_related("household")}
    one = people["Chủ Một"].household
    assert people["Con Một"].household == one == people["Vợ Một"].household
    assert one.head == people["Chủ Một"] and one.address == "Số 1"
    assert people["Chủ Hai"].household not in (None, one)
    assert people["Con Ba"].household == people["Chủ Ba"].household
    assert people["Người Lẻ"].household is None
    assert Household.objects.count() == 3


# --- phones and CCCD ----------------------------------------------------------


def test_an_invalid_phone_rejects_the_row_with_its_column(tmp_path, binh_an):
    rows = [
        ["Họ và tên", "Năm sinh", "SĐT"],
        ["Tạ Văn Một", 1980, "+84 (0)912-345-678"],
        ["Tạ Văn Hai", 1981, "0912 34"],
        ["Tạ Văn Ba", 1982, 912345679],  # Excel dropped the leading zero
    ]
    result = run(binh_an, write(tmp_path / "p.xlsx", rows))

    assert [(e["row"], e["column"]) for e in result.errors] == [(3, "SĐT")]
    assert set(Person.objects.values_list("phone", flat=True)) == {
        "0912345678",
        "0912345679",
    }


def test_cccd_is_stored_only_as_a_hash_and_never_echoed(tmp_path, binh_an):
    rows = [
        ["Họ và tên", "Năm sinh", "Số CCCD"],
        ["Đinh Văn Một", 1980, "089080000111"],
        ["Đinh Văn Hai", 1981, 89081000222],  # number cell: lost its leading zero
        ["Đinh Văn Ba", 1982, 8.9082000333e10],
        ["Đinh Văn Bốn", 1983, "089 083 000 444"],
        ["Đinh Văn Năm", 1984, "123456789"],
        ["Đinh Văn Sáu", 1985, "089080000111"],  # the same number as row 2
    ]
    result = run(binh_an, write(tmp_path / "id.xlsx", rows))

    as_text = _("A CCCD number has 12 digits; format the column as Text in Excel.")
    assert [(e["row"], e["message"]) for e in result.errors] == [
        (3, as_text),
        (4, as_text),
        (6, _("A CCCD number has 12 digits.")),
        (7, _("The same CCCD number is already in row %(row)s.") % {"row": 2}),
    ]
    assert all(not re.search(r"\d{4}", e["message"]) for e in result.errors)
    stored = list(Person.objects.values())
    assert len(stored) == 2
    assert {p["national_id_hash"] for p in stored} == {
        national_id_hash("089080000111"),
        national_id_hash("089083000444"),
    }
    assert not any("089080000111" in str(v) for p in stored for v in p.values())


def test_a_cccd_exported_in_scientific_notation_is_refused_with_the_hint():
    with pytest.raises(CellError) as error:
        parse_national_id("8.90812E+10")
    assert str(error.value) == _(
        "A CCCD number has 12 digits; format the column as Text in Excel."
    )


def test_a_cccd_already_registered_elsewhere_is_a_duplicate(
    tmp_path, binh_an, rach_gia
):
    person_register(
        actor=None, unit=rach_gia, full_name="Đinh Văn Một", national_id="089080000111"
    )
    rows = [["Họ và tên", "Năm sinh", "CCCD"], ["Đinh Văn Một", 1980, "089080000111"]]
    result = run(binh_an, write(tmp_path / "id.csv", rows))

    assert (result.created_people, result.skipped_duplicates) == (0, 1)


# --- sensitive values ---------------------------------------------------------


def test_sensitive_values_are_stored_under_an_official_register_consent(
    tmp_path, binh_an
):
    rows = [
        ["Họ và tên", "Năm sinh", "Mã hộ", "Dân tộc", "Khuyết tật", "Hộ nghèo"],
        ["Thạch Sa Rươl", 1960, "K1", "Khmer", "khiếm thị, vận động", "nghèo"],
        ["Thạch Thị Ny", 1962, "K1", "Khơ-me", "", ""],
        ["Lê Văn Kinh", 1970, "K2", "Kinh", "", ""],
        ["Lê Văn Không", 1971, "K3", "", "không", "không"],
        ["Lê Văn Cận", 1972, "K4", "", "", "cận nghèo"],
    ]
    path = write(tmp_path / "s.xlsx", rows)
    run(binh_an, path)
    run(binh_an, path)

    consents = {c.person.full_name: c for c in Consent.objects.select_related("person")}
    assert set(consents) == {
        "Thạch Sa Rươl",
        "Thạch Thị Ny",
        "Lê Văn Kinh",
        "Lê Văn Cận",
    }
    assert {c.basis for c in consents.values()} == {ConsentBasis.OFFICIAL_REGISTER}
    assert consents["Thạch Sa Rươl"].categories == [
        "ethnicity",
        "disability",
        "poverty",
    ]
    assert consents["Lê Văn Cận"].categories == ["poverty"]
    rươl = consents["Thạch Sa Rươl"].person
    assert (rươl.ethnicity, rươl.disabilities) == ("05", ["vision", "mobility"])
    assert rươl.household.poverty_status == PovertyStatus.POOR
    assert consents["Lê Văn Kinh"].person.ethnicity == "01"
    plain = Person.objects.get(full_name="Lê Văn Không")
    assert (plain.ethnicity, plain.disabilities) == ("", [])
    assert plain.household.poverty_status == ""


def test_unknown_sensitive_values_reject_the_row(tmp_path, binh_an):
    rows = [
        ["Họ và tên", "Năm sinh", "Dân tộc", "Khuyết tật"],
        ["A", 1960, "Sao Hỏa", ""],
        ["B", 1960, "", "hay quên"],
    ]
    result = run(binh_an, write(tmp_path / "u.csv", rows))
    assert [(e["row"], e["column"]) for e in result.errors] == [
        (2, "Dân tộc"),
        (3, "Khuyết tật"),
    ]
    assert Person.objects.count() == Consent.objects.count() == 0


# --- hamlets ------------------------------------------------------------------


def test_an_unknown_hamlet_is_reported_by_name(tmp_path, binh_an, hamlet):
    rows = [
        ["Họ và tên", "Năm sinh", "Ấp"],
        ["Cao Văn Một", 1960, "Ấp Vĩnh Thành A"],
        ["Cao Văn Hai", 1961, "Vĩnh Thành Z"],
        ["Cao Văn Ba", 1962, ""],
    ]
    result = run(binh_an, write(tmp_path / "u.xlsx", rows))

    (error,) = result.errors
    assert (error["row"], error["column"]) == (3, "Ấp")
    assert "Vĩnh Thành Z" in error["message"] and "Vĩnh Thành A" in error["message"]
    units = dict(Person.objects.values_list("full_name", "unit"))
    assert units == {"Cao Văn Một": hamlet.pk, "Cao Văn Ba": binh_an.pk}


# --- all or nothing, crash, dry run ---------------------------------------------


def test_all_or_nothing_writes_nothing_when_a_row_is_bad(tmp_path, binh_an, hamlet):
    result = run(
        binh_an, write(tmp_path / "ds.xlsx", issue_list()), all_or_nothing=True
    )

    assert result.blocked and not result.written and len(result.errors) == 2
    assert written() == NOTHING


def test_a_crash_while_writing_leaves_nothing_written(
    tmp_path, binh_an, hamlet, monkeypatch
):
    def crash(**kwargs):
        assert Person.objects.count() == 3  # people were inserted before
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_writing, "audit_record_many", crash)
    with pytest.raises(RuntimeError):
        run(binh_an, write(tmp_path / "ds.xlsx", issue_list()))
    assert written() == NOTHING


def test_a_dry_run_writes_nothing_and_makes_no_insert(tmp_path, binh_an, hamlet):
    path = write(tmp_path / "ds.csv", issue_list())
    with CaptureQueriesContext(connection) as queries:
        result = run(binh_an, path, dry_run=True)
    assert result.created_people == 3 and not result.written
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]


def test_audit_has_one_event_per_person_and_one_for_the_file(tmp_path, binh_an, hamlet):
    result = run(binh_an, write(tmp_path / "ds.xlsx", issue_list()))

    people = set(Person.objects.values_list("pk", flat=True))
    events = AuditEvent.objects.filter(action=AuditAction.IMPORT)
    assert {int(e.object_id) for e in events.filter(object_type="person")} == people
    summary = events.get(object_type="import")
    assert summary.unit_path == binh_an.path
    assert summary.detail["people"] == result.created_people == 3


def test_the_reading_costs_a_fixed_number_of_queries(
    tmp_path, binh_an, hamlet, django_assert_max_num_queries
):
    rows = issue_list() + [
        [7 + n, f"Người Thứ {n}", 1950 + n % 50, "Nam", "", f"X{n}", "Chủ hộ"]
        for n in range(300)
    ]
    path = write(tmp_path / "big.csv", rows)
    # 20 for the reading and writing, 9 for the roll-ups (reporting's listener).
    with django_assert_max_num_queries(29):
        result = run(binh_an, path)
    assert result.created_people == 303


# --- jobs ---------------------------------------------------------------------


def test_a_job_records_its_progress_and_outcome(tmp_path, binh_an, hamlet, monkeypatch):
    path = write(tmp_path / "ds.xlsx", issue_list())
    job = ImportJob.objects.create(unit=binh_an, file_name="ds.xlsx", stored_file=path)
    seen = []
    update = import_reading._Progress.update

    def spy(self, **fields):
        seen.append(fields)
        update(self, **fields)

    monkeypatch.setattr(import_reading._Progress, "update", spy)
    monkeypatch.setattr(
        import_reading._Progress, "__init__", _every_two(import_reading)
    )
    job = import_job_run(job_id=job.pk)

    assert job.status == ImportStatus.DONE and job.finished_at is not None
    assert (job.total_rows, job.processed_rows, job.created_people) == (6, 6, 3)
    assert (job.created_households, job.skipped_duplicates) == (2, 1)
    assert [e["row"] for e in job.errors] == [9, 10]
    assert job.message
    assert [f["processed_rows"] for f in seen if "processed_rows" in f][:3] == [0, 2, 4]
    # A job runs once.
    assert import_job_run(job_id=job.pk).created_people == 3
    assert Person.objects.count() == 3


def _every_two(module):
    init = module._Progress.__init__

    def every_two(self, job, every):
        init(self, job, 2)

    return every_two


def test_a_job_with_an_unreadable_file_fails_with_a_message(tmp_path, binh_an):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip file")
    job = ImportJob.objects.create(unit=binh_an, file_name="ds.xlsx", stored_file=path)

    job = import_job_run(job_id=job.pk)

    assert job.status == ImportStatus.FAILED
    assert job.message == _(
        "The Excel file cannot be opened: check that it is a real .xlsx file."
    )


def test_a_job_that_crashes_is_marked_failed(tmp_path, binh_an, hamlet, monkeypatch):
    monkeypatch.setattr(import_writing, "audit_record_many", _raise)
    path = write(tmp_path / "ds.csv", issue_list())
    job = ImportJob.objects.create(unit=binh_an, file_name="ds.csv", stored_file=path)

    job = import_job_run(job_id=job.pk)

    assert job.status == ImportStatus.FAILED and written() == NOTHING


def _raise(**kwargs):
    raise RuntimeError("disk full")


# --- reading the files themselves ---------------------------------------------


def test_the_xlsx_reader_gives_excel_row_numbers_and_fills_merged_cells(tmp_path):
    rows = [*TITLE, HEADINGS, [1, "A & <B>", excel_datetime(1956, 3, 5), True]]
    path = write(tmp_path / "r.xlsx", rows, merges=["A1:H1"])

    read = dict(read_rows(path))

    assert read[1] == ["ỦY BAN NHÂN DÂN XÃ BÌNH AN"] * 8
    assert 3 not in read  # a row Excel never wrote
    assert read[5] == [1, "A & <B>", excel_datetime(1956, 3, 5), True]


def test_the_xlsx_reader_reads_inline_strings_and_the_first_visible_sheet(tmp_path):
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    hidden = book.create_sheet("cũ")
    hidden.sheet_state = "hidden"
    hidden.append(["không đọc"])
    sheet = book.create_sheet("DS")
    sheet.append(["Họ và tên", "Năm sinh"])
    sheet.append(["Nguyễn Văn Một", 1956])
    path = tmp_path / "w.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        assert "inlineStr" in archive.read("xl/worksheets/sheet2.xml").decode()

    assert list(read_rows(path)) == [
        (1, ["Họ và tên", "Năm sinh"]),
        (2, ["Nguyễn Văn Một", 1956]),
    ]


def test_csv_in_windows_vietnamese_with_semicolons_is_read(tmp_path, binh_an):
    path = tmp_path / "cp.csv"
    path.write_bytes(cp1258("Họ và tên;Năm sinh\nPhan Văn Mười;1966\n"))
    run(binh_an, path)
    assert Person.objects.get().full_name == "Phan Văn Mười"


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: tone marks are combining characters."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            first = unicodedata.normalize("NFC", base + marks[0])
            if len(first) == 1 and marks[1:]:
                out += (first + "".join(marks[1:])).encode("cp1258")
            else:
                out += (base + "".join(marks)).encode("cp1258")
    return out


def test_an_old_xls_file_is_refused_with_the_way_to_fix_it(tmp_path, binh_an):
    path = tmp_path / "cu.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ServiceError) as error:
        run(binh_an, path)
    assert ".xlsx" in error.value.message


def test_dates_are_checked_against_the_local_day(monkeypatch):
    today = timezone.localdate()
    assert parse_birth_year(today.strftime("%d/%m/%Y"), today) == today.year


# --- bad files found by trying (issue 12 §3) -------------------------------------


def test_a_utf8_csv_with_a_one_megabyte_cell_is_read(tmp_path, binh_an):
    path = tmp_path / "big.csv"
    note = "x" * (1024 * 1024)
    path.write_text(
        f"Họ và tên,Năm sinh,Ghi chú\nCao Văn Một,1960,{note}\n", encoding="utf-8"
    )

    result = run(binh_an, path)

    assert result.errors == []
    assert Person.objects.get().full_name == "Cao Văn Một"


@pytest.mark.parametrize("empty_value", ["<v />", "<v></v>"])
def test_a_formula_without_a_saved_value_is_named_as_such(
    tmp_path, binh_an, empty_value
):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Năm sinh"])
    sheet.append(["Cao Văn Một", "=1900+60"])
    sheet.append(["Cao Văn Hai", 1961])
    path = tmp_path / "formula.xlsx"
    book.save(path)
    if empty_value != "<v />":
        rewrite_sheet(path, lambda xml: xml.replace("<v />", empty_value))

    result = run(binh_an, path)

    (error,) = result.errors
    assert (error["row"], error["column"]) == (2, "Năm sinh")
    assert "formula without a value" in error["message"]
    assert Person.objects.get().full_name == "Cao Văn Hai"


def rewrite_sheet(path, change):
    parts = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            parts[name] = archive.read(name)
    name = "xl/worksheets/sheet1.xml"
    parts[name] = change(parts[name].decode()).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def test_a_job_summary_counts_rows_as_its_counter_does(tmp_path, binh_an, hamlet):
    rows = [
        ["Họ và tên", "Năm sinh", "Số điện thoại"],
        ["Cao Văn Một", "31/02/1990", "12"],  # two errors, one row
        ["Cao Văn Hai", 1961, "0912345678"],
    ]
    path = write(tmp_path / "two.csv", rows)
    job = ImportJob.objects.create(
        unit=binh_an, file_name=path.name, stored_file=str(path)
    )

    job = import_job_run(job_id=job.pk)

    assert len(job.errors) == 2
    assert job.rejected_rows == 1
    assert "1 rows with errors" in job.message
