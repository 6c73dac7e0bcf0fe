"""Import a commune's resident list (.xlsx or .csv) into households and people.

The list is read the way communes keep it: a title block above the heading
row, merged cells, text typed in NFC and NFD, Excel dates or serial numbers,
phone numbers with spaces or +84, a "Năm sinh" column split into "Nam" and
"Nữ", hamlet section rows, and a signature block at the bottom.

Two phases:

1. Read and check, outside any transaction. Each row becomes a ``_Row`` or a
   list of errors; the job's progress is written here (see ``_Progress``).
2. Plan and write, in one transaction. The keys already registered in the
   unit's subtree are loaded in a few queries, duplicates are set aside and
   the new households, people, consents and audit rows are inserted in bulk,
   so a crash leaves nothing half-written.

Keys come from ``people.identity`` exactly as ``people.services`` makes them,
so a person registered by hand and then imported is recognised.
"""

import datetime
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.core.errors import ServiceError
from hocvuso.core.models import AuditAction
from hocvuso.core.services import actor_or_none, audit_record, audit_record_many
from hocvuso.core.tabular import (
    TabularError,
    cell_text,
    count_rows,
    heading_key,
    match_headings,
    read_rows,
)
from hocvuso.core.text import fold, nfc
from hocvuso.geography.models import LOCAL_KINDS, Unit
from hocvuso.people.ethnicities import ethnicity_code
from hocvuso.people.facts import facts_changed
from hocvuso.people.identity import (
    household_key,
    national_id_hash,
    normalise_phone,
    person_key,
)
from hocvuso.people.models import (
    Consent,
    ConsentBasis,
    Disability,
    Household,
    ImportJob,
    ImportStatus,
    Person,
    PovertyStatus,
    SensitiveCategory,
    Sex,
    TargetGroup,
)
from hocvuso.people.services import _check_unit

logger = logging.getLogger(__name__)

# Headings as communes write them; matched without diacritics or punctuation.
ALIASES: dict[str, list[str]] = {
    "full_name": [
        "họ và tên",
        "họ tên",
        "họ và tên nhân khẩu",
        "họ tên nhân khẩu",
        "họ và tên người dân",
        "tên nhân khẩu",
        "full name",
    ],
    "birth": [
        "năm sinh",
        "ngày sinh",
        "ngày tháng năm sinh",
        "ngày sinh năm sinh",
        "năm sinh ngày sinh",
        "sinh năm",
        "birth year",
        "date of birth",
    ],
    "sex": ["giới tính", "phái", "nam nữ", "sex"],
    "phone": [
        "số điện thoại",
        "điện thoại",
        "sđt",
        "số đt",
        "đt",
        "điện thoại di động",
        "số di động",
        "di động",
        "phone",
    ],
    "national_id": [
        "số cccd",
        "cccd",
        "số căn cước công dân",
        "căn cước công dân",
        "số căn cước",
        "căn cước",
        "số định danh cá nhân",
        "số định danh",
        "mã định danh",
        "số cmnd",
        "cmnd",
    ],
    "ethnicity": ["dân tộc", "ethnicity"],
    "address": [
        "địa chỉ",
        "số nhà",
        "nơi ở",
        "nơi ở hiện nay",
        "nơi ở hiện tại",
        "chỗ ở hiện nay",
        "nơi thường trú",
        "địa chỉ thường trú",
        "address",
    ],
    "hamlet": [
        "ấp",
        "khu phố",
        "khóm",
        "tổ dân phố",
        "thôn",
        "bản",
        "phum",
        "sóc",
        "ấp khu phố",
        "ấp khóm",
        "thôn bản",
        "tên ấp",
        "hamlet",
    ],
    "household_code": [
        "mã hộ",
        "số hộ",
        "mã số hộ",
        "mã hộ gia đình",
        "số hộ gia đình",
        "số sổ hộ khẩu",
        "sổ hộ khẩu",
        "household code",
    ],
    # A column of heads' names, or of marks ("x") on the head's row.
    "head": ["chủ hộ", "họ tên chủ hộ", "họ và tên chủ hộ", "tên chủ hộ"],
    "relation": [
        "quan hệ với chủ hộ",
        "quan hệ",
        "quan hệ chủ hộ",
        "qh với chủ hộ",
        "qh với ch",
        "relation",
    ],
    "poverty": ["hộ nghèo", "diện hộ", "hộ nghèo cận nghèo", "phân loại hộ"],
    "disability": [
        "khuyết tật",
        "người khuyết tật",
        "dạng khuyết tật",
        "loại khuyết tật",
    ],
    "smartphone": [
        "có điện thoại thông minh",
        "điện thoại thông minh",
        "đtdđ thông minh",
        "có smartphone",
        "smartphone",
    ],
    "target_group": ["đối tượng", "nhóm đối tượng", "target group"],
}
REQUIRED = ("full_name", "birth")
HEADER_SEARCH_ROWS = 30
# At most this many errors are kept on an ImportJob; the command prints all.
JOB_ERRORS_KEPT = 5000

HEAD_RELATIONS = {"chu ho", "ch", "head"}
_YES = {"co", "x", "c", "yes", "1", "true", "v", "co su dung", "dang su dung"}
_NO = {"khong", "k", "ko", "no", "0", "false", "chua", "chua co", "khong co"}
HEAD_MARKS = _YES | HEAD_RELATIONS
SEX_VALUES = {
    "nam": Sex.MALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "trai": Sex.MALE,
    "nu": Sex.FEMALE,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "gai": Sex.FEMALE,
}
POVERTY_VALUES = {
    "ngheo": PovertyStatus.POOR,
    "ho ngheo": PovertyStatus.POOR,
    "hn": PovertyStatus.POOR,
    "x": PovertyStatus.POOR,
    "co": PovertyStatus.POOR,
    "can ngheo": PovertyStatus.NEAR_POOR,
    "ho can ngheo": PovertyStatus.NEAR_POOR,
    "hcn": PovertyStatus.NEAR_POOR,
    "cn": PovertyStatus.NEAR_POOR,
    # Not poor: nothing sensitive to store.
    "khong": "",
    "ko": "",
    "khong ngheo": "",
    "thoat ngheo": "",
    "ho thoat ngheo": "",
    "binh thuong": "",
    "trung binh": "",
    "kha": "",
}
DISABILITY_VALUES = {
    "khiem thi": Disability.VISION,
    "nhin": Disability.VISION,
    "mu": Disability.VISION,
    "khiem thinh": Disability.HEARING,
    "nghe noi": Disability.HEARING,
    "nghe": Disability.HEARING,
    "noi": Disability.HEARING,
    "cam": Disability.HEARING,
    "diec": Disability.HEARING,
    "van dong": Disability.MOBILITY,
    "tri tue": Disability.INTELLECTUAL,
    "tam than": Disability.MENTAL,
    "than kinh": Disability.MENTAL,
    "than kinh tam than": Disability.MENTAL,
    "khac": Disability.OTHER,
    "co": Disability.OTHER,
    "x": Disability.OTHER,
}
TARGET_GROUP_WORDS = [
    (("hoc sinh", "sinh vien", "hs", "sv"), TargetGroup.STUDENT),
    (("can bo", "cong chuc", "vien chuc", "cbccvc", "ccvc"), TargetGroup.CIVIL_SERVANT),
    (
        ("cong nhan", "lao dong", "doanh nghiep", "hop tac xa", "htx"),
        TargetGroup.ENTERPRISE_WORKER,
    ),
    (("nguoi dan", "nhan dan", "dan"), TargetGroup.CITIZEN),
]
HAMLET_PREFIXES = (
    "to dan pho",
    "khu pho",
    "ap",
    "khom",
    "kp",
    "tdp",
    "thon",
    "ban",
    "phum",
    "soc",
    "xom",
    "buon",
    "khu",
    "to",
)
SECTION_PREFIXES = (
    "to dan pho",
    "khu pho",
    "ap",
    "khom",
    "thon",
    "ban",
    "phum",
    "soc",
)
FOOTER_MARKERS = (
    "nguoi lap",
    "nguoi ke khai",
    "xac nhan",
    "tm ",
    "t/m",
    "chu tich",
    "pho chu tich",
    "truong ap",
    "truong khom",
    "truong khu pho",
    "truong thon",
    "to truong",
    "ky ten",
    "ky ghi ro",
    "(ky",
)
TOTAL_MARKERS = ("tong cong", "tong so", "cong:", "tong:", "cong ")
_FOOTER_DATE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
_NUMBERING = re.compile(r"^(?:[ivxlc]+|\d{1,3}|[a-z])\s*[.)/:-]\s*", re.IGNORECASE)
_COLUMN_NUMBER = re.compile(r"^\(?(?:\d{1,2}|[a-z])\)?$")
_LEADING_ZEROS = re.compile(r"\b0+(\d)")

_YEAR_RE = re.compile(r"^(\d{4})(?:\.0+)?$")
_DMY_RE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
_YMD_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_MY_RE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_WORDS_RE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_SERIAL_RE = re.compile(r"^\d{5}(?:\.\d+)?$")
_SCIENTIFIC_RE = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")
_PHONE_SPLIT = re.compile(r"[/,;]|\s-\s")
_LIST_SPLIT = re.compile(r"[,;/+]|\bva\b")


@dataclass
class ImportResult:
    total_rows: int = 0
    created_people: int = 0
    created_households: int = 0
    skipped_duplicates: int = 0
    # [{"row": 7, "column": "Năm sinh", "message": "..."}], sorted by row.
    errors: list[dict] = field(default_factory=list)
    written: bool = False
    created_consents: int = 0
    dry_run: bool = False
    blocked: bool = False  # all or nothing, and some row was bad

    @property
    def rejected_rows(self) -> int:
        return len({e["row"] for e in self.errors})

    def summary(self) -> str:
        """One sentence for the officer, in the active language."""
        numbers = {
            "total": self.total_rows,
            "people": self.created_people,
            "households": self.created_households,
            "duplicates": self.skipped_duplicates,
            "rejected": self.rejected_rows,
        }
        if self.blocked:
            text = _(
                "Nothing was written: %(rejected)s of %(total)s rows have errors and "
                "the import is all or nothing. Correct them and import the file again."
            )
        elif self.dry_run:
            text = _(
                "%(total)s rows read: %(people)s people and %(households)s households "
                "would be added, %(duplicates)s already registered, %(rejected)s rows "
                "with errors."
            )
        else:
            text = _(
                "%(total)s rows read: %(people)s people and %(households)s households "
                "added, %(duplicates)s already registered, %(rejected)s rows with "
                "errors."
            )
        text %= numbers
        if self.dry_run:
            text = _("Check only, nothing was written.") + " " + text
        return text


class CellError(Exception):
    """One cell's value is refused; the message is for the officer."""


# --- reading cells -------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, str):
        return nfc(value)
    return cell_text(value)


def parse_birth_year(value: Any, today: datetime.date) -> int | None:
    """Return the birth year from a date, an Excel serial, "dd/mm/yyyy" or a year.

    Only the year is kept (data minimisation); the day and month are checked
    so that an impossible or future date is refused rather than guessed.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return _checked_year(value.year, today, day=value)
    if isinstance(value, bool):
        raise CellError(_unreadable_date(value))
    if isinstance(value, int | float):
        if float(value).is_integer() and 1000 <= value <= 9999:
            return _checked_year(int(value), today)
        if 10000 <= value < 100000:
            return _checked_year(0, today, day=_from_serial(value))
        raise CellError(_unreadable_date(value))
    text = _text(value)
    if not text:
        return None
    if match := _YEAR_RE.match(text):
        return _checked_year(int(match.group(1)), today)
    if match := _DMY_RE.match(text):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year <= today.year % 100 else 1900
        return _checked_year(year, today, day=_date(year, month, day, text))
    if match := _YMD_RE.match(text):
        year, month, day = (int(g) for g in match.groups())
        return _checked_year(year, today, day=_date(year, month, day, text))
    if match := _MY_RE.match(text):
        month, year = int(match.group(1)), int(match.group(2))
        return _checked_year(year, today, day=_date(year, month, 1, text))
    if match := _WORDS_RE.search(fold(text)):
        day, month, year = (int(g) for g in match.groups())
        return _checked_year(year, today, day=_date(year, month, day, text))
    if _SERIAL_RE.match(text):
        return _checked_year(0, today, day=_from_serial(float(text)))
    raise CellError(_unreadable_date(text))


def _unreadable_date(value: Any) -> str:
    return _(
        "Cannot read the date “%(value)s”: write it as dd/mm/yyyy or only the year."
    ) % {"value": value}


def _from_serial(serial: float) -> datetime.date:
    # Excel's 1900 calendar: serial 1 is 1 January 1900, and it counts a
    # 29 February 1900 that never was, hence the 30 December 1899 origin.
    return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(serial))


def _date(year: int, month: int, day: int, text: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(
            _("The date %(value)s does not exist.") % {"value": text}
        ) from None


def _checked_year(
    year: int, today: datetime.date, day: datetime.date | None = None
) -> int:
    if day is not None:
        if day > today:
            raise CellError(
                _("The date of birth %(value)s is in the future.")
                % {"value": day.strftime("%d/%m/%Y")}
            )
        year = day.year
    if year > today.year:
        raise CellError(_("The birth year %(year)s is in the future.") % {"year": year})
    if year < today.year - 120:
        raise CellError(
            _("The birth year must be between %(a)s and %(b)s.")
            % {"a": today.year - 120, "b": today.year}
        )
    return year


def parse_national_id(value: Any) -> str | None:
    """Return the keyed hash of a 12-digit CCCD number; the number is not kept.

    Excel turns an unformatted CCCD column into numbers and drops the leading
    zero (An Giang's numbers start with 089), or shows 8.9E+10; both are
    refused with a hint, and no digit of the number is echoed back.
    """
    if value is None or value == "":
        return None
    lost_zero = False
    if isinstance(value, bool):
        raise CellError(_("A CCCD number has 12 digits."))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_cccd_as_text())
        value = int(value)
    if isinstance(value, int):
        digits = str(value)
        lost_zero = len(digits) < 12
    else:
        text = _text(value).lstrip("'")
        if not text:
            return None
        if _SCIENTIFIC_RE.match(text):
            raise CellError(_cccd_as_text())
        digits = re.sub(r"[\s.\-]", "", text)
        lost_zero = len(digits) == 11 and digits.isdigit()
    if lost_zero:
        raise CellError(_cccd_as_text())
    try:
        return national_id_hash(digits)
    except ValueError:
        raise CellError(_("A CCCD number has 12 digits.")) from None


def _cccd_as_text() -> str:
    return _("A CCCD number has 12 digits; format the column as Text in Excel.")


def parse_phone(value: Any) -> str:
    text = _text(value).replace("(0)", "")  # "+84 (0)912…"
    if not text:
        return ""
    first = next((p for p in _PHONE_SPLIT.split(text) if p.strip()), "")
    phone = normalise_phone(first)
    if not phone:
        raise CellError(_("This is not a Vietnamese phone number."))
    return phone


def _unknown(value: str, choices: Sequence[str]) -> CellError:
    return CellError(
        _("Unknown value “%(value)s”; use one of: %(choices)s.")
        % {"value": value, "choices": ", ".join(choices)}
    )


def parse_sex(value: Any) -> str:
    key = fold(_text(value))
    if not key:
        return Sex.UNKNOWN
    if key in SEX_VALUES:
        return SEX_VALUES[key]
    raise _unknown(_text(value), ["Nam", "Nữ"])


def parse_yes_no(value: Any) -> bool | None:
    key = fold(_text(value)).strip(".")
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise _unknown(_text(value), ["có", "không", "x"])


def parse_poverty(value: Any) -> str:
    key = fold(_text(value)).strip(".")
    if not key:
        return ""
    if key in POVERTY_VALUES:
        return POVERTY_VALUES[key]
    raise _unknown(_text(value), ["nghèo", "cận nghèo", "không"])


def parse_disabilities(value: Any) -> tuple[str, ...]:
    text = _text(value)
    found: list[str] = []
    for part in _LIST_SPLIT.split(fold(text)):
        key = part.strip(" .")
        for prefix in ("khuyet tat ", "kt "):
            if key.startswith(prefix):
                key = key[len(prefix) :]
        if not key or key in _NO:
            continue
        if key not in DISABILITY_VALUES:
            raise _unknown(
                text,
                ["khiếm thị", "khiếm thính", "vận động", "trí tuệ", "tâm thần"]
                + ["khác", "có"],
            )
        if DISABILITY_VALUES[key] not in found:
            found.append(DISABILITY_VALUES[key])
    return tuple(found)


def parse_target_group(value: Any) -> str:
    key = fold(_text(value))
    if not key:
        return TargetGroup.CITIZEN
    words = f" {re.sub(r'[^a-z0-9]+', ' ', key)} "
    for names, group in TARGET_GROUP_WORDS:
        if any(f" {name} " in words for name in names):
            return group
    raise _unknown(
        _text(value),
        ["người dân", "học sinh", "sinh viên", "cán bộ, công chức, viên chức"]
        + ["công nhân, người lao động"],
    )


def parse_ethnicity(value: Any) -> str:
    text = _text(value)
    if not text:
        return ""
    code = ethnicity_code(text)
    if code is None:
        raise CellError(_("Unknown ethnic group “%(value)s”.") % {"value": text})
    return code


# --- hamlets -------------------------------------------------------------------


def _strip_prefix(key: str, prefixes: Sequence[str]) -> tuple[str, bool]:
    for prefix in prefixes:
        if key.startswith(prefix + " ") and len(key) > len(prefix) + 1:
            return key[len(prefix) + 1 :].strip(), True
    return key, False


def _hamlet_key(text: str) -> str:
    return _LEADING_ZEROS.sub(r"\1", heading_key(text))


class _Hamlets:
    """Finds a hamlet of the imported unit by the name a list gives it.

    "Ấp Vĩnh Thành A", "ap vinh thanh a" and "Vĩnh Thành A" all find the unit
    named "Vĩnh Thành A"; "Ấp 03" finds "Ấp 3". A name shared by two hamlets
    once the kind is dropped must be written in full.
    """

    def __init__(self, unit: Unit):
        self.unit = unit
        self.units = list(
            Unit.objects.active()
            .filter(path__under=unit.path, kind__in=LOCAL_KINDS)
            .order_by("name")
        )
        self.exact: dict[str, Unit] = {}
        self.loose: dict[str, Unit | None] = {}
        for hamlet in self.units:
            key = _hamlet_key(hamlet.name)
            self.exact[key] = hamlet
            bare, _stripped = _strip_prefix(key, HAMLET_PREFIXES)
            self.loose[bare] = None if bare in self.loose else hamlet

    def find(self, name: str) -> Unit | None:
        key = _hamlet_key(name)
        if key in self.exact:
            return self.exact[key]
        bare, _stripped = _strip_prefix(key, HAMLET_PREFIXES)
        return self.exact.get(bare) or self.loose.get(bare)

    def unknown(self, name: str) -> str:
        message = _("%(unit)s has no hamlet named “%(name)s”.") % {
            "unit": self.unit.name,
            "name": name,
        }
        if self.units:
            names = [h.name for h in self.units[:15]]
            if len(self.units) > 15:
                names.append("…")
            message += " " + _("Hamlets on the map: %(names)s.") % {
                "names": ", ".join(names)
            }
        else:
            message += " " + _("Add the hamlets to the map first.")
        return message


# --- rows ----------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    """One valid row, cleaned, before it is matched against the register."""

    row: int
    unit: Unit
    full_name: str
    name_folded: str
    birth_year: int | None
    sex: str
    phone: str
    relation: str
    is_head: bool
    target_group: str
    has_smartphone: bool | None
    ethnicity: str
    disabilities: tuple[str, ...]
    poverty: str
    id_hash: str | None
    code: str
    address: str
    head_name: str


@dataclass
class _Layout:
    """Where each field is in the file, and the heading written above it."""

    columns: dict[str, int]
    labels: dict[str, str]
    heading_cells: list[Any]
    # When "Năm sinh" is split into "Nam" and "Nữ" columns.
    birth_by_sex: dict[str, int] = field(default_factory=dict)

    def label(self, name: str) -> str:
        return self.labels.get(name, "")

    def label_at(self, index: int) -> str:
        for name, at in self.columns.items():
            if at == index:
                return self.labels[name]
        if index < len(self.heading_cells):
            return cell_text(self.heading_cells[index])
        return ""


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _one_value(cells: list[Any]) -> bool:
    first = None
    for cell in cells:
        if _is_blank(cell):
            continue
        if first is None:
            first = cell
        elif cell != first:
            return False
    return True


def _find_layout(
    head_rows: list[tuple[int, list[Any]]],
) -> tuple[_Layout, int] | None:
    """Find the heading row and the rows under it that still belong to it.

    Returns the layout and the number of the last heading row: rows of column
    numbers ("1", "2", "(3)"), repeated merged headings and a "Nam"/"Nữ" (or
    "Ngày"/"Tháng"/"Năm") line under a split birth column are headings too.
    """
    for position, (number, cells) in enumerate(head_rows):
        columns, labels = match_headings(cells, ALIASES)
        if not all(f in columns for f in REQUIRED):
            continue
        layout = _Layout(columns, labels, list(cells))
        last = number
        heading_keys = {heading_key(a) for names in ALIASES.values() for a in names}
        for next_number, next_cells in head_rows[position + 1 : position + 4]:
            keys = [(i, heading_key(v)) for i, v in enumerate(next_cells)]
            keys = [(i, k) for i, k in keys if k]
            if not keys:
                continue
            own = [heading_key(v) for v in cells]
            if not all(
                k in heading_keys
                or k in {"nam", "nu", "ngay", "thang"}
                or _COLUMN_NUMBER.match(k)
                or (i < len(own) and own[i] == k)
                for i, k in keys
            ):
                break
            _split_birth(layout, {k: i for i, k in keys})
            last = next_number
        return layout, last
    return None


def _split_birth(layout: _Layout, under: dict[str, int]) -> None:
    birth = layout.columns["birth"]
    near = {birth, birth + 1, birth + 2}
    if "nam" in under and "nu" in under and {under["nam"], under["nu"]} <= near:
        layout.birth_by_sex = {Sex.MALE: under["nam"], Sex.FEMALE: under["nu"]}
    elif "nam" in under and "thang" in under and under["nam"] in near:
        layout.columns["birth"] = under["nam"]  # "Ngày" | "Tháng" | "Năm"


class _RowReader:
    """Turns the rows under the heading into ``_Row`` objects or errors."""

    def __init__(self, *, unit: Unit, layout: _Layout, today: datetime.date):
        self.unit = unit
        self.layout = layout
        self.today = today
        self.hamlets = _Hamlets(unit)
        self.section: Unit | str | None = None  # a hamlet, or an unknown name
        self.in_footer = False
        self.errors: list[dict] = []
        self.total = 0
        self._cache: dict[tuple[str, Any], Any] = {}

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message})

    def read(self, number: int, cells: list[Any]) -> _Row | None:
        columns = self.layout.columns
        width = len(cells)
        values = {f: cells[i] if i < width else None for f, i in columns.items()}
        by_sex = {
            sex: cells[i]
            for sex, i in self.layout.birth_by_sex.items()
            if i < width and not _is_blank(cells[i])
        }
        if all(_is_blank(v) for v in values.values()) and not by_sex:
            return None  # empty, or only a serial number: skipped silently
        no_birth = _is_blank(values.get("birth")) and not by_sex
        # A row merged across (a section heading, a total) has one value.
        if (no_birth or _one_value(cells)) and self._skip(number, cells):
            return None
        if self.in_footer:
            self.in_footer = False  # a row with a birth date: the list goes on
        self.total += 1
        return self._person(number, values, by_sex)

    def _skip(self, number: int, cells: list[Any]) -> bool:
        """Section, total and signature rows are part of the form, not people."""
        texts = {_text(c) for c in cells if not _is_blank(c)}
        folded = [fold(t) for t in texts]
        if any(f.startswith(TOTAL_MARKERS) for f in folded):
            return True
        if any(f.startswith(FOOTER_MARKERS) or _FOOTER_DATE.search(f) for f in folded):
            self.in_footer = True
        if self.in_footer:
            return True
        if len(texts) == 1:
            (text,) = texts
            _key, is_section = _strip_prefix(
                heading_key(_NUMBERING.sub("", fold(text))), SECTION_PREFIXES
            )
            if is_section:
                name = _NUMBERING.sub("", text).strip()
                self.section = self.hamlets.find(name) or name
                if isinstance(self.section, str):
                    index = next(i for i, c in enumerate(cells) if not _is_blank(c))
                    self.error(
                        number, self.layout.label_at(index), self.hamlets.unknown(name)
                    )
                return True
        return False

    def _folded(self, text: str) -> str:
        return self._cached("fold", fold, text)

    def _cached(self, name: str, parse, value: Any) -> Any:
        key = (name, value)
        try:
            return self._cache[key]
        except KeyError:
            result = self._cache[key] = parse(value)
            return result
        except TypeError:  # an unhashable value
            return parse(value)

    def _person(
        self, number: int, values: dict[str, Any], by_sex: dict[str, Any]
    ) -> _Row | None:
        label = self.layout.label
        problems: list[tuple[str, str]] = []

        def get(name: str, parse, cache: bool = True) -> Any:
            value = values.get(name)
            try:
                if cache and not isinstance(value, str | int | float | None):
                    cache = False
                return self._cached(name, parse, value) if cache else parse(value)
            except CellError as exc:
                problems.append((label(name), str(exc)))
                return None

        full_name = _text(values.get("full_name"))
        if not full_name:
            problems.append((label("full_name"), _("Enter the full name.")))
        elif len(full_name) > 150:
            problems.append((label("full_name"), _too_long(150)))
        sex = get("sex", parse_sex) or ""
        birth_value = values.get("birth")
        if by_sex:
            if len(by_sex) > 1:
                problems.append(
                    (
                        label("birth"),
                        _("The birth year is written under both Nam and Nữ."),
                    )
                )
            else:
                ((sex_from_column, birth_value),) = by_sex.items()
                sex = sex or sex_from_column
        birth_year = None
        try:
            birth_year = parse_birth_year(birth_value, self.today)
        except CellError as exc:
            problems.append((label("birth"), str(exc)))
        else:
            if birth_year is None and not (by_sex and len(by_sex) > 1):
                problems.append(
                    (label("birth"), _("Enter the birth year or the date of birth."))
                )
        phone = get("phone", parse_phone, cache=False) or ""
        id_hash = get("national_id", parse_national_id, cache=False)
        relation = _text(values.get("relation"))
        if len(relation) > 40:
            problems.append((label("relation"), _too_long(40)))
        head_value = _text(values.get("head"))
        head_mark = bool(head_value) and self._folded(head_value) in HEAD_MARKS
        head_name = "" if head_mark else head_value
        is_head = head_mark or self._folded(relation) in HEAD_RELATIONS
        if is_head and head_name and fold(head_name) != fold(full_name):
            head_name = full_name  # the column names another head: this row wins
        code = _text(values.get("household_code"))
        if len(code) > 40:
            problems.append((label("household_code"), _too_long(40)))
        address = _text(values.get("address"))
        if len(address) > 255:
            problems.append((label("address"), _too_long(255)))
        unit = self._unit(values, problems)
        row = _Row(
            row=number,
            unit=unit or self.unit,
            full_name=full_name,
            name_folded=fold(full_name),
            birth_year=birth_year,
            sex=sex,
            phone=phone,
            relation=relation,
            is_head=is_head,
            target_group=get("target_group", parse_target_group) or "",
            has_smartphone=get("smartphone", parse_yes_no),
            ethnicity=get("ethnicity", parse_ethnicity) or "",
            disabilities=get("disability", parse_disabilities) or (),
            poverty=get("poverty", parse_poverty) or "",
            id_hash=id_hash,
            code=code,
            address=address,
            head_name=head_name,
        )
        if problems:
            for column, message in problems:
                self.error(number, column, message)
            return None
        return row

    def _unit(self, values: dict[str, Any], problems: list) -> Unit | None:
        name = _text(values.get("hamlet"))
        if name:
            hamlet = self._cached("hamlet", self.hamlets.find, name)
            if hamlet is None:
                problems.append(
                    (self.layout.label("hamlet"), self.hamlets.unknown(name))
                )
            return hamlet
        if isinstance(self.section, str):
            problems.append(
                (self.layout.label("hamlet"), self.hamlets.unknown(self.section))
            )
            return None
        return self.section or self.unit


def _too_long(limit: int) -> str:
    return _("The value is longer than %(max)s characters.") % {"max": limit}


class _Progress:
    """Writes how far the reading got onto the ImportJob, for a polling page.

    Progress is written only while rows are read and checked, which runs in
    autocommit mode: each update commits at once and a page polling the job
    sees it. Nothing is written during the final write transaction, on
    purpose: an update made inside it would stay invisible until the commit,
    and a second connection cannot help on SQLite, which allows one writer
    at a time (it would wait for the import's lock and time out). The write
    phase is short and is announced by the job's message instead.
    """

    def __init__(self, job: ImportJob | None, every: int):
        self.job = job
        self.every = max(1, every)
        self.last = 0

    def update(self, **fields: Any) -> None:
        if self.job is None:
            return
        for name, value in fields.items():
            setattr(self.job, name, value)
        ImportJob.objects.filter(pk=self.job.pk).update(
            **fields, updated_at=timezone.now()
        )

    def tick(self, processed: int) -> None:
        if self.job is not None and processed - self.last >= self.every:
            self.last = processed
            self.update(processed_rows=processed)


def _read(
    *,
    unit: Unit,
    path: Path,
    file_name: str,
    progress: _Progress,
) -> tuple[list[_Row], _RowReader]:
    rows: Iterator[tuple[int, list[Any]]] = read_rows(path, file_name)
    head_rows: list[tuple[int, list[Any]]] = []
    for item in rows:
        head_rows.append(item)
        if len(head_rows) >= HEADER_SEARCH_ROWS:
            break
    if not head_rows:
        raise ServiceError(_("The file is empty."))
    found = _find_layout(head_rows)
    if found is None:
        raise ServiceError(
            _(
                "No heading row with a full name column (“Họ và tên”) and a birth "
                "year or date column (“Năm sinh”, “Ngày sinh”) was found in the "
                "first %(count)s rows."
            )
            % {"count": HEADER_SEARCH_ROWS}
        )
    layout, last_heading = found
    if progress.job is not None:
        progress.update(
            total_rows=max(0, count_rows(path, file_name) - last_heading),
            processed_rows=0,
            message=_("Reading and checking the rows…"),
        )
    reader = _RowReader(unit=unit, layout=layout, today=timezone.localdate())
    valid: list[_Row] = []

    def data_rows() -> Iterator[tuple[int, list[Any]]]:
        for number, cells in head_rows:
            if number > last_heading:
                yield number, cells
        yield from rows

    for number, cells in data_rows():
        row = reader.read(number, cells)
        if row is not None:
            valid.append(row)
        progress.tick(reader.total)
    return valid, reader


# --- planning and writing -------------------------------------------------------


@dataclass
class _NewHousehold:
    id: int | None
    unit: Unit
    key: str
    code: str
    address: str
    head_name: str
    poverty: str = ""
    poverty_row: int = 0
    head: "_NewPerson | None" = None


@dataclass(slots=True)
class _NewPerson:
    row: _Row
    key: str
    household: "_NewHousehold | None"
    household_id: int | None
    categories: list[str]
    id: int | None = None


@dataclass
class _Plan:
    people: list[_NewPerson] = field(default_factory=list)
    households: list[_NewHousehold] = field(default_factory=list)
    heads_of_existing: dict[int, _NewPerson] = field(default_factory=dict)
    duplicates: int = 0
    errors: list[dict] = field(default_factory=list)


def _household_keys(rows: list[_Row]) -> list[tuple[str, str]]:
    """Return (household key, head's name) per row; ("", "") for no household.

    Rows sharing a household code form one household. Without a code, rows at
    the same address belong to the nearest head above them at that address
    (or the first head below when none is above); rows with neither code nor
    address but with a relation ("Vợ", "Con") follow the head right above
    them, as lists are typed head first.
    """
    places = [(row.unit.pk, fold(row.address)) for row in rows]
    first_head: dict[tuple[int, str], str] = {}
    for row, place in zip(rows, places, strict=True):
        if not row.code and row.address and (row.is_head or row.head_name):
            first_head.setdefault(place, row.head_name or row.full_name)
    last_head: dict[tuple[int, str], str] = {}
    loose_head: str | None = None
    keys = []
    made: dict[tuple[str, str, str], str] = {}  # members share their key

    def key(code: str = "", address: str = "", head: str = "") -> str:
        try:
            return made[(code, address, head)]
        except KeyError:
            made[(code, address, head)] = value = household_key(
                code=code, address=address, head_name=head
            )
            return value

    for row, place in zip(rows, places, strict=True):
        if row.code:
            loose_head = None
            keys.append((key(code=row.code), row.head_name))
            continue
        if row.head_name:
            head = row.head_name
        elif row.is_head:
            head = row.full_name
        elif row.address:
            head = last_head.get(place) or first_head.get(place, "")
        elif row.relation and loose_head:
            head = loose_head  # a member right under a head without address
        else:
            keys.append(("", ""))
            continue
        if row.address:
            loose_head = None
            if row.is_head or row.head_name:
                last_head[place] = head
        elif row.is_head or row.head_name:
            loose_head = head
        keys.append((key(address=row.address, head=head), head))
    return keys


def _existing(unit: Unit, rows: list[_Row]) -> tuple[set, dict, set]:
    """Keys already registered under ``unit``, in three queries plus ID batches."""
    people = set(
        Person.objects.filter(unit_path__under=unit.path).values_list(
            "unit_id", "dedupe_key"
        )
    )
    households = {
        (unit_id, key): (pk, head_id)
        for unit_id, key, pk, head_id in Household.objects.filter(
            unit_path__under=unit.path
        ).values_list("unit_id", "dedupe_key", "pk", "head_id")
    }
    # A CCCD number is unique across the country, not only in this commune.
    hashes = sorted({r.id_hash for r in rows if r.id_hash})
    known: set[str] = set()
    for start in range(0, len(hashes), 5000):
        known.update(
            Person.objects.filter(
                national_id_hash__in=hashes[start : start + 5000]
            ).values_list("national_id_hash", flat=True)
        )
    return people, households, known


def _plan(unit: Unit, rows: list[_Row], layout: _Layout) -> _Plan:
    plan = _Plan()
    existing_people, existing_households, existing_hashes = _existing(unit, rows)
    new_households: dict[tuple[int, str], _NewHousehold] = {}
    seen: set[tuple[int, str]] = set()
    seen_hashes: dict[str, int] = {}
    for row, (hkey, head_name) in zip(rows, _household_keys(rows), strict=True):
        unit_id = row.unit.pk
        key = person_key(
            name=row.full_name,
            birth_year=row.birth_year,
            phone=row.phone,
            household_key=hkey,
        )
        if (unit_id, key) in seen:
            plan.duplicates += 1
            continue
        if row.id_hash and row.id_hash in seen_hashes:
            plan.errors.append(
                {
                    "row": row.row,
                    "column": layout.label("national_id"),
                    "message": _("The same CCCD number is already in row %(row)s.")
                    % {"row": seen_hashes[row.id_hash]},
                }
            )
            continue
        if (unit_id, key) in existing_people or row.id_hash in existing_hashes:
            seen.add((unit_id, key))
            plan.duplicates += 1
            continue
        household = None
        household_id = None
        categories = []
        headless = False
        if hkey:
            if (unit_id, hkey) in existing_households:
                household_id, head_id = existing_households[(unit_id, hkey)]
                headless = head_id is None
            else:
                household = new_households.get((unit_id, hkey))
                if household is None:
                    household = new_households[(unit_id, hkey)] = _NewHousehold(
                        id=None,
                        unit=row.unit,
                        key=hkey,
                        code=row.code,
                        address=row.address,
                        head_name=head_name,
                    )
                if row.poverty and household.poverty not in ("", row.poverty):
                    plan.errors.append(
                        {
                            "row": row.row,
                            "column": layout.label("poverty"),
                            "message": _(
                                "Row %(row)s gives this household another poverty "
                                "status."
                            )
                            % {"row": household.poverty_row},
                        }
                    )
                    continue
                if row.poverty:
                    if not household.poverty:
                        household.poverty, household.poverty_row = row.poverty, row.row
                    categories.append(SensitiveCategory.POVERTY.value)
                household.address = household.address or row.address
        categories = [
            category.value
            for category, value in (
                (SensitiveCategory.ETHNICITY, row.ethnicity),
                (SensitiveCategory.DISABILITY, row.disabilities),
            )
            if value
        ] + categories
        person = _NewPerson(row, key, household, household_id, categories)
        if row.is_head:
            if household is not None and household.head is None:
                household.head = person
            elif headless and household_id not in plan.heads_of_existing:
                plan.heads_of_existing[household_id] = person
        plan.people.append(person)
        seen.add((unit_id, key))
        if row.id_hash:
            seen_hashes[row.id_hash] = row.row
    plan.households = list(new_households.values())
    return plan


def _allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Take ``count`` primary keys for rows inserted below, in this transaction.

    Knowing the keys before inserting lets people, households (whose head is
    a person) and audit rows be written with plain multi-row inserts.
    """
    if not count:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                "FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [r[0] for r in cursor.fetchall()]
        if connection.vendor == "sqlite":
            # The import's transaction holds SQLite's single write lock
            # (transaction_mode IMMEDIATE), so no one else takes these numbers.
            # AUTOINCREMENT never reuses a number, hence sqlite_sequence.
            cursor.execute(
                f"SELECT MAX({connection.ops.quote_name(column)}) "  # noqa: S608
                f"FROM {connection.ops.quote_name(table)}"
            )
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            sequence = cursor.fetchone()
            start = max(highest, sequence[0] if sequence else 0) + 1
            return list(range(start, start + count))
    raise NotImplementedError(f"Bulk import does not support {connection.vendor}.")


def _insert(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert plain rows (values in the order of ``names``) in large batches.

    ``bulk_create`` spends most of its time building and preparing model
    instances (about 25 s for 100,000 people on the reference machine); the
    values here are already clean, so they go to the driver as they are.
    JSON and date values are prepared by their field.
    """
    meta = model._meta
    fields = [meta.get_field(n) for n in names]
    prepare_at = [
        i
        for i, f in enumerate(fields)
        if isinstance(f, models.JSONField | models.DateField)
    ]
    stamp_fields = [
        f
        for f in meta.concrete_fields
        if f.name in ("created_at", "updated_at") and f.name not in names
    ]
    now = timezone.now()
    stamp_values = [f.get_db_prep_save(now, connection) for f in stamp_fields]
    columns = [f.column for f in fields + stamp_fields]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608 - names from the model
        f"({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    prepared: dict[tuple[int, Any], Any] = {}  # few distinct values: [], ["vision"]

    def prepare(i: int, value: Any) -> Any:
        key = (i, tuple(value) if isinstance(value, list) else value)
        if key not in prepared:
            prepared[key] = fields[i].get_db_prep_save(value, connection)
        return prepared[key]

    batch = 2000
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            values = []
            for row in rows[start : start + batch]:
                row = list(row)
                for i in prepare_at:
                    row[i] = prepare(i, row[i])
                values.append(row + stamp_values)
            cursor.executemany(sql, values)


def _write(*, actor, plan: _Plan, file_name: str) -> int:
    """Insert the plan's households, people and consents; return consents made."""
    actor_id = getattr(actor_or_none(actor), "pk", None)
    person_ids = _allocate_ids(Person, len(plan.people))
    for person, pk in zip(plan.people, person_ids, strict=True):
        person.id = pk
    household_ids = _allocate_ids(Household, len(plan.households))
    for household, pk in zip(plan.households, household_ids, strict=True):
        household.id = pk
    # Foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED on
    # PostgreSQL and SQLite), so a household can name its head before the
    # head's row is inserted.
    _insert(
        Household,
        [
            "id",
            "unit",
            "unit_path",
            "code",
            "address",
            "head",
            "head_name_folded",
            "poverty_status",
            "dedupe_key",
        ],
        [
            (
                h.id,
                h.unit.pk,
                h.unit.path,
                h.code,
                h.address,
                h.head.id if h.head else None,
                h.head.row.name_folded if h.head else fold(h.head_name),
                h.poverty,
                h.key,
            )
            for h in plan.households
        ],
    )
    _insert(
        Person,
        [
            "id",
            "unit",
            "unit_path",
            "household",
            "full_name",
            "name_folded",
            "birth_year",
            "sex",
            "phone",
            "relation_to_head",
            "target_group",
            "has_smartphone",
            "preferred_language",
            "ethnicity",
            "disabilities",
            "national_id_hash",
            "dedupe_key",
            "created_by",
        ],
        [
            (
                p.id,
                p.row.unit.pk,
                p.row.unit.path,
                p.household.id if p.household else p.household_id,
                p.row.full_name,
                p.row.name_folded,
                p.row.birth_year,
                p.row.sex,
                p.row.phone,
                p.row.relation,
                p.row.target_group,
                p.row.has_smartphone,
                "vi",
                p.row.ethnicity,
                list(p.row.disabilities),
                p.row.id_hash,
                p.key,
                actor_id,
            )
            for p in plan.people
        ],
    )
    if plan.heads_of_existing:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote(Household._meta.db_table)} "  # noqa: S608
                "SET head_id = %s, head_name_folded = %s "
                "WHERE id = %s AND head_id IS NULL",
                [
                    (p.id, p.row.name_folded, household_id)
                    for household_id, p in plan.heads_of_existing.items()
                ],
            )
    consents = [p for p in plan.people if p.categories]
    today = timezone.localdate()
    _insert(
        Consent,
        ["person", "categories", "basis", "given_on", "recorded_by"],
        [
            (p.id, p.categories, ConsentBasis.OFFICIAL_REGISTER.value, today, actor_id)
            for p in consents
        ],
    )
    audit_record_many(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="person",
        rows=[(p.id, p.row.unit.path) for p in plan.people],
        detail={"file": file_name},
    )
    facts_changed(p.id for p in plan.people)
    return len(consents)


def import_people_file(
    *,
    actor,
    unit: Unit,
    path: Path,
    file_name: str,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    job: ImportJob | None = None,
    progress_every: int = 500,
) -> ImportResult:
    """Import a resident list into ``unit`` (a commune, ward or hamlet).

    Rules: every bad row is reported (row number as Excel shows it, heading as
    written, reason) and every valid row is kept, unless ``all_or_nothing``;
    rows already registered, in the file or before, are counted as
    duplicates; a dry run writes nothing but reports what a real run would
    do; the writing is one transaction. Sensitive values (ethnicity,
    disability, poverty) are stored under a Consent on the basis of the
    commune's official register. With ``job``, the job's ``total_rows`` and
    ``processed_rows`` show the progress of the reading.
    """
    _check_unit(unit)
    progress = _Progress(job, progress_every)
    try:
        rows, reader = _read(
            unit=unit, path=Path(path), file_name=file_name, progress=progress
        )
    except TabularError as exc:
        raise ServiceError(str(exc)) from exc
    result = ImportResult(total_rows=reader.total, dry_run=dry_run)
    progress.update(
        processed_rows=reader.total,
        total_rows=reader.total,
        message=_("Comparing with the register…")
        if dry_run
        else _("Saving to the register…"),
    )
    try:
        with transaction.atomic():
            if not dry_run:
                # Imports into one commune (or its hamlets) queue up here.
                commune_id = unit.parent_id if unit.is_local else unit.pk
                list(Unit.objects.select_for_update().filter(pk=commune_id))
            plan = _plan(unit, rows, reader.layout)
            errors = sorted(reader.errors + plan.errors, key=lambda e: e["row"])
            result.errors = errors
            result.skipped_duplicates = plan.duplicates
            result.blocked = bool(all_or_nothing and errors)
            if not result.blocked:
                result.created_people = len(plan.people)
                result.created_households = len(plan.households)
                result.created_consents = sum(1 for p in plan.people if p.categories)
            if dry_run or result.blocked:
                return result
            _write(actor=actor, plan=plan, file_name=file_name)
            result.written = True
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                object_type="import",
                object_id=job.pk if job is not None else "",
                unit_path=unit.path,
                detail={
                    "file": file_name,
                    "rows": result.total_rows,
                    "people": result.created_people,
                    "households": result.created_households,
                    "duplicates": result.skipped_duplicates,
                    "rejected_rows": result.rejected_rows,
                },
            )
    except IntegrityError as exc:
        raise ServiceError(
            _(
                "Someone changed the register of this unit during the import; "
                "nothing was written. Import the file again."
            )
        ) from exc
    return result


def _stored_path(job: ImportJob) -> Path:
    path = Path(job.stored_file)
    return path if path.is_absolute() else Path(settings.MEDIA_ROOT) / path


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued import job and record its outcome on the job.

    Rules: a job runs once (it is claimed by moving it from queued to
    running); an unexpected error marks it failed, and nothing is written.
    """
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, updated_at=timezone.now()
    )
    job = ImportJob.objects.select_related("unit", "created_by").get(pk=job_id)
    if not claimed:
        return job
    try:
        result = import_people_file(
            actor=job.created_by,
            unit=job.unit,
            path=_stored_path(job),
            file_name=job.file_name,
            dry_run=job.dry_run,
            all_or_nothing=job.all_or_nothing,
            job=job,
        )
    except ServiceError as exc:
        job.status = ImportStatus.FAILED
        job.message = exc.message
    except Exception:
        logger.exception("Import job %s failed", job_id)
        job.status = ImportStatus.FAILED
        job.message = _(
            "The import stopped on an unexpected error; nothing was written."
        )
    else:
        job.status = ImportStatus.DONE
        job.total_rows = job.processed_rows = result.total_rows
        job.created_people = result.created_people
        job.created_households = result.created_households
        job.skipped_duplicates = result.skipped_duplicates
        job.errors = result.errors[:JOB_ERRORS_KEPT]
        job.message = result.summary()
        if len(result.errors) > JOB_ERRORS_KEPT:
            job.message += " " + _(
                "Only the first %(count)s problems are listed; "
                "run the command for the full list."
            ) % {"count": JOB_ERRORS_KEPT}
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "total_rows",
            "processed_rows",
            "created_people",
            "created_households",
            "skipped_duplicates",
            "errors",
            "message",
            "finished_at",
            "updated_at",
        ]
    )
    return job
