"""Read a resident list: cells, the heading row, and rows checked into ``_Row``s.

Uses ``import_matching`` for the words communes write; writing uses this.
"""

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.core.errors import ServiceError
from hocvuso.core.tabular import (
    UNSAVED_FORMULA,
    cell_text,
    count_rows,
    heading_key,
    match_headings,
    read_rows,
    unsaved_formula_message,
)
from hocvuso.core.text import fold
from hocvuso.geography.models import Unit
from hocvuso.people.identity import (
    national_id_hash,
    normalise_phone,
)
from hocvuso.people.import_matching import (
    ALIASES,
    HEAD_MARKS,
    HEAD_RELATIONS,
    REQUIRED,
    UNKNOWN_HAMLET,
    CellError,
    NewHamlet,
    _Hamlets,
    _strip_prefix,
    _text,
    parse_disabilities,
    parse_ethnicity,
    parse_poverty,
    parse_sex,
    parse_target_group,
    parse_yes_no,
)
from hocvuso.people.models import (
    ImportJob,
    Sex,
)

HEADER_SEARCH_ROWS = 30
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
_YEAR_RE = re.compile(r"^(\d{4})(?:\.0+)?$")
_DMY_RE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
_YMD_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_MY_RE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_WORDS_RE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_SERIAL_RE = re.compile(r"^\d{5}(?:\.\d+)?$")
_SCIENTIFIC_RE = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")
_PHONE_SPLIT = re.compile(r"[/,;]|\s-\s")


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

    def __init__(
        self,
        *,
        unit: Unit,
        layout: _Layout,
        today: datetime.date,
        create_hamlets: bool = False,
    ):
        self.unit = unit
        self.layout = layout
        self.today = today
        self.hamlets = _Hamlets(unit)
        self.create_hamlets = create_hamlets
        # A hamlet, a hamlet to create, or the name of an unknown one.
        self.section: Unit | NewHamlet | str | None = None
        self.in_footer = False
        self.errors: list[dict] = []
        self.total = 0
        self._cache: dict[tuple[str, Any], Any] = {}

    def error(self, row: int, column: str, message: str, **extra: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message, **extra})

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
                self.section = (
                    self.hamlets.find(name)
                    or self.hamlets.note_new(name, "", None)
                    or name
                )
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
        unsaved = {n for n, v in values.items() if v is UNSAVED_FORMULA}
        for name in unsaved:
            problems.append((label(name), unsaved_formula_message()))
            values[name] = None

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
        if not full_name and "full_name" not in unsaved:
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
            if birth_year is None and not (
                (by_sex and len(by_sex) > 1) or "birth" in unsaved
            ):
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
        unit = self._unit(number, values, problems)
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
            for column, message, *extra in problems:
                self.error(number, column, message, **(extra[0] if extra else {}))
            return None
        return row

    def _unit(self, number: int, values: dict[str, Any], problems: list) -> Unit | None:
        name = _text(values.get("hamlet"))
        heading = self.layout.label("hamlet")
        if name:
            hamlet = self._cached("hamlet", self.hamlets.find, name)
            if hamlet is not None:
                self.hamlets.note_match(name, hamlet, number)
                return hamlet
            new = self.hamlets.note_new(name, heading, number)
            return self._new_hamlet(new, name, problems)
        if isinstance(self.section, NewHamlet):
            self.section.rows.append(number)
            return self._new_hamlet(self.section, self.section.written[0], problems)
        if isinstance(self.section, str):
            problems.append(
                (self.layout.label("hamlet"), self.hamlets.unknown(self.section))
            )
            return None
        return self.section or self.unit

    def _new_hamlet(
        self, new: NewHamlet | None, name: str, problems: list
    ) -> Unit | None:
        """The stand-in for a hamlet to create, or a problem if not confirmed."""
        if new is not None and self.create_hamlets:
            return new.unit
        extra = {"code": UNKNOWN_HAMLET, "value": name} if new is not None else {}
        problems.append(
            (self.layout.label("hamlet"), self.hamlets.unknown(name), extra)
        )
        return None


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
    create_hamlets: bool = False,
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
    reader = _RowReader(
        unit=unit,
        layout=layout,
        today=timezone.localdate(),
        create_hamlets=create_hamlets,
    )
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
