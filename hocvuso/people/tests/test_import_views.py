"""The import pages: start, result with missing hamlets, report files, history."""

import csv
import datetime
import html
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from hocvuso.accounts.models import Role
from hocvuso.core.tabular import match_headings, old_excel_message
from hocvuso.geography.models import Unit, UnitKind
from hocvuso.people.exports import TEMPLATE_HEADINGS
from hocvuso.people.import_matching import ALIASES
from hocvuso.people.models import ImportJob, ImportStatus, Person

pytestmark = pytest.mark.django_db


def ward_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["DANH SÁCH NHÂN KHẨU PHƯỜNG RẠCH GIÁ"])
    writer.writerow(["STT", "Họ và tên", "Năm sinh", "Khu phố"])
    for number in range(1, 26):
        quarter = "Rạch Giồng" if number % 2 else "Vĩnh Thanh"
        writer.writerow([number, f"Người Dân Số {number}", 1950 + number, quarter])
    writer.writerow([26, "Người Sai Ngày", "31/02/1990", "Rạch Giồng"])
    return out.getvalue().encode("utf-8")


@pytest.fixture
def officer(rach_gia, make_staff, client):
    user = make_staff(Role.COMMUNE_OFFICER, rach_gia)
    client.force_login(user)
    return user


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Send a file on the import page; the job runs when the request commits."""

    def send(client, unit, content=None, name="ds.csv", **options):
        content = content if content is not None else ward_csv()
        data = {
            "unit": unit.code,
            "file": SimpleUploadedFile(name, content),
            **options,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("people:import-start"), data)

    return send


def test_a_check_lists_the_missing_quarters_and_offers_to_create_them(
    upload, client, officer, rach_gia
):
    response = upload(client, rach_gia, dry_run="on")
    job = ImportJob.objects.get()
    assert response.status_code == 302

    page = client.get(reverse("people:import-detail", args=[job.pk]))
    text = page.content.decode()

    assert "Rạch Giồng (14), Vĩnh Thanh (12)" in text
    assert job.rejected_rows == 26
    assert "26" in text and f"<strong>{job.rejected_rows}</strong>" in text
    assert reverse("people:import-create-hamlets", args=[job.pk]) in text
    assert not Unit.objects.filter(parent=rach_gia).exists()


def test_the_confirmation_must_be_ticked(upload, client, officer, rach_gia):
    upload(client, rach_gia, dry_run="on")
    job = ImportJob.objects.get()
    url = reverse("people:import-create-hamlets", args=[job.pk])

    refused = client.post(url, {})

    assert refused.status_code == 400
    assert ImportJob.objects.count() == 1
    assert not Unit.objects.filter(parent=rach_gia).exists()


def test_confirming_creates_the_quarters_and_imports_the_same_file(
    upload, client, officer, rach_gia, django_capture_on_commit_callbacks
):
    upload(client, rach_gia, dry_run="on")
    checked = ImportJob.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:import-create-hamlets", args=[checked.pk]),
            {"confirm": "on"},
        )

    job = ImportJob.objects.exclude(pk=checked.pk).get()
    assert response.url == reverse("people:import-detail", args=[job.pk])
    assert job.status == ImportStatus.DONE and job.create_hamlets
    assert dict(Unit.objects.filter(parent=rach_gia).values_list("name", "kind")) == {
        "Rạch Giồng": UnitKind.QUARTER,
        "Vĩnh Thanh": UnitKind.QUARTER,
    }
    assert Person.objects.count() == 25
    assert job.rejected_rows == 1
    page = client.get(response.url).content.decode()
    assert "Đã tạo 2 ấp, khu phố trong Phường Rạch Giá" in page


def test_the_box_on_the_upload_form_creates_them_at_once(
    upload, client, officer, rach_gia
):
    upload(client, rach_gia, create_hamlets="on")

    assert Unit.objects.filter(parent=rach_gia).count() == 2
    assert Person.objects.count() == 25


def test_an_officer_elsewhere_gets_404_on_the_job_its_report_and_confirm(
    upload, client, officer, rach_gia, binh_an, make_staff
):
    upload(client, rach_gia, dry_run="on")
    job = ImportJob.objects.get()
    client.force_login(make_staff(Role.COMMUNE_OFFICER, binh_an))

    for url in [
        reverse("people:import-detail", args=[job.pk]),
        reverse("people:import-report", args=[job.pk, "xlsx"]),
        reverse("people:import-report", args=[job.pk, "csv"]),
    ]:
        assert client.get(url).status_code == 404, url
    confirm = reverse("people:import-create-hamlets", args=[job.pk])
    assert client.post(confirm, {"confirm": "on"}).status_code == 404
    history = client.get(reverse("people:import-list")).content.decode()
    assert job.file_name not in history


def test_a_volunteer_has_no_import_pages(client, rach_gia, make_staff):
    client.force_login(make_staff(Role.VOLUNTEER, rach_gia))
    for name in ("people:import-list", "people:import-template", "people:import-start"):
        assert client.get(reverse(name)).status_code == 404, name


def test_the_report_files_keep_every_row(upload, client, officer, rach_gia):
    upload(client, rach_gia, dry_run="on")
    job = ImportJob.objects.get()

    xlsx = client.get(reverse("people:import-report", args=[job.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Dòng", "Cột", "Lý do")
    assert len(rows) == 1 + len(job.errors) == 1 + 27
    assert "attachment" in xlsx["Content-Disposition"]

    text = client.get(reverse("people:import-report", args=[job.pk, "csv"]))
    lines = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    assert len(lines) == 28
    assert lines[1][0] == "3"


def test_a_formula_echoed_in_the_report_stays_text(upload, client, officer, rach_gia):
    content = "Họ và tên,Năm sinh\n=HYPERLINK(1),1950\n".encode()
    upload(client, rach_gia, content=content, dry_run="on")
    job = ImportJob.objects.get()
    job.errors = [{"row": 2, "column": "=cmd", "message": "=1+1"}]
    job.save()

    text = client.get(reverse("people:import-report", args=[job.pk, "csv"]))

    assert "'=cmd,'=1+1" in text.content.decode("utf-8-sig")


def test_the_template_has_every_heading_the_import_knows(client, officer):
    response = client.get(reverse("people:import-template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    headings = [c.value for c in sheet[1]]

    assert headings == TEMPLATE_HEADINGS
    columns, _labels = match_headings(headings, ALIASES)
    assert set(columns) == set(ALIASES)


def test_the_history_lists_the_communes_imports_newest_first(
    upload, client, officer, rach_gia, django_assert_max_num_queries
):
    upload(client, rach_gia, dry_run="on", content=ward_csv())
    upload(client, rach_gia, name="second.csv")

    with django_assert_max_num_queries(12):
        page = client.get(reverse("people:import-list"))

    text = page.content.decode()
    assert text.index("second.csv") < text.index("ds.csv")


def test_an_xls_file_gets_the_save_as_xlsx_hint(upload, client, officer, rach_gia):
    response = upload(client, rach_gia, content=b"\xd0\xcf\x11\xe0", name="ds.xls")

    assert response.status_code == 400
    with translation.override("vi"):
        hint = html.escape(old_excel_message())
    assert hint in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_interrupted_job_is_shown_failed_with_what_to_do(client, officer, rach_gia):
    job = ImportJob.objects.create(
        unit=rach_gia,
        created_by=officer,
        file_name="ds.csv",
        status=ImportStatus.RUNNING,
        total_rows=25,
        processed_rows=25,
    )
    ImportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )

    page = client.get(reverse("people:import-detail", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    text = page.content.decode()
    assert 'http-equiv="refresh"' not in text
    assert job.message in text


def test_a_job_still_moving_is_left_running(client, officer, rach_gia):
    job = ImportJob.objects.create(
        unit=rach_gia, created_by=officer, status=ImportStatus.RUNNING
    )
    client.get(reverse("people:import-detail", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING
