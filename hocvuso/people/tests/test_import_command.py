import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hocvuso.people.models import Household, Person
from hocvuso.people.tests.sheets import issue_list, write

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English, whatever the Vietnamese catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture
def hamlet(binh_an, make_hamlet):
    return make_hamlet(binh_an, "Vĩnh Thành A")


def import_people(*args: str) -> str:
    out = io.StringIO()
    call_command("import-people", *args, stdout=out)
    return out.getvalue()


def test_the_command_is_spelled_import_people():
    assert get_commands()["import-people"] == "hocvuso.people"


def test_the_console_script_knows_import_people():
    script = Path(sys.executable).with_name("hocvuso")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    done = subprocess.run(  # noqa: S603 - the project's own console script
        [str(script), "import-people", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--all-or-nothing" in done.stdout


def test_import_prints_each_rejected_row_and_a_summary(tmp_path, binh_an, hamlet):
    path = write(tmp_path / "ds.xlsx", issue_list())

    output = import_people(str(path), "--unit", binh_an.code)

    lines = output.splitlines()
    assert lines[0] == _("Row %(row)s, column “%(column)s”: %(message)s") % {
        "row": 9,
        "column": "Ngày sinh",
        "message": _("The date %(value)s does not exist.") % {"value": "31/02/1990"},
    }
    assert lines[1].startswith(
        _("Row %(row)s, column “%(column)s”: %(message)s").split("%")[0] + "10"
    )
    assert "Số điện thoại" in lines[1]
    assert lines[-1] == _(
        "%(total)s rows read: %(people)s people and %(households)s households "
        "added, %(duplicates)s already registered, %(rejected)s rows with "
        "errors."
    ) % {"total": 6, "people": 3, "households": 2, "duplicates": 1, "rejected": 2}
    assert Person.objects.count() == 3


def test_dry_run_writes_nothing_and_says_so(tmp_path, binh_an, hamlet):
    path = write(tmp_path / "ds.csv", issue_list())

    output = import_people(str(path), "--unit", binh_an.code, "--dry-run")

    assert _("Check only, nothing was written.") in output
    assert Person.objects.count() == Household.objects.count() == 0


def test_all_or_nothing_with_a_bad_row_fails_and_writes_nothing(
    tmp_path, binh_an, hamlet
):
    path = write(tmp_path / "ds.xlsx", issue_list())

    with pytest.raises(CommandError):
        import_people(str(path), "--unit", binh_an.code, "--all-or-nothing")
    assert Person.objects.count() == 0


def test_an_unknown_unit_code_fails(tmp_path, an_giang):
    path = write(tmp_path / "ds.xlsx", issue_list())

    with pytest.raises(CommandError) as error:
        import_people(str(path), "--unit", "99999")
    assert str(error.value) == _("No unit has the code %(code)s.") % {"code": "99999"}


def test_a_missing_or_unreadable_file_fails(tmp_path, binh_an):
    with pytest.raises(CommandError):
        import_people(str(tmp_path / "none.xlsx"), "--unit", binh_an.code)
    broken = tmp_path / "broken.xlsx"
    broken.write_text("this is not a spreadsheet")
    with pytest.raises(CommandError) as error:
        import_people(str(broken), "--unit", binh_an.code)
    assert str(error.value) == _(
        "The Excel file cannot be opened: check that it is a real .xlsx file."
    )


def test_a_province_is_not_a_place_where_people_live(tmp_path, an_giang):
    path = write(tmp_path / "ds.xlsx", issue_list())

    with pytest.raises(CommandError):
        import_people(str(path), "--unit", an_giang.code)


def test_the_command_refuses_a_file_over_the_page_limit(tmp_path, binh_an, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (1024 * 1024 + 1))

    with pytest.raises(CommandError, match="1 MB"):
        import_people(str(path), "--unit", binh_an.code)
