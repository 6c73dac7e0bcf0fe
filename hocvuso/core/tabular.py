"""Read the spreadsheets communes keep (.xlsx or .csv) as numbered rows.

Rows come back as lists of cell values with their 1-based row number as the
user sees it in Excel. ``find_header`` finds the heading row even under a
title block or merged cells, matching headings with or without diacritics.

The .xlsx reader is a small streaming reader over the sheet's XML rather than
openpyxl's: openpyxl needs about 50 s for 100,000 rows on a 2-core server,
this reader about a tenth of that. It reads the first visible sheet, turns
date-formatted numbers into datetimes (openpyxl's own format rules), and
copies the value of a merged cell into every cell of its range, because
communes merge "Địa chỉ" or "Mã hộ" over all members of a household.
"""

import codecs
import contextlib
import csv
import html
import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 - parses only the parts' structure

from django.utils.translation import gettext as _

from hocvuso.core.text import fold, nfc

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_CHUNK = 1 << 20


class TabularError(Exception):
    """The file cannot be read at all (wrong type, damaged, empty)."""


class UnsavedFormula:
    """A cell holding a formula without a saved result."""

    def __repr__(self) -> str:
        return "UNSAVED_FORMULA"

    def __str__(self) -> str:
        return ""


UNSAVED_FORMULA = UnsavedFormula()


def unsaved_formula_message() -> str:
    return _(
        "This cell holds a formula without a value: open the file in Excel and "
        "save it again, or copy the column and paste it as values."
    )


def read_rows(
    path: Path | str, name: str | None = None
) -> Iterator[tuple[int, list[Any]]]:
    """Yield (row_number, cells) for every non-missing row of the first sheet.

    ``name`` is the file name as uploaded (its suffix picks the reader) when
    ``path`` is a stored copy with another name.
    """
    path = Path(path)
    suffix = Path(name or path.name).suffix.lower()
    if suffix == ".csv":
        yield from _csv_rows(path)
    elif suffix in XLSX_SUFFIXES:
        yield from _xlsx_rows(path)
    elif suffix == ".xls":
        raise TabularError(old_excel_message())
    else:
        raise TabularError(_("Only .xlsx or .csv files can be imported."))


def old_excel_message() -> str:
    return _(
        "This is an old Excel file (.xls): open it in Excel and save it "
        "as .xlsx (Excel Workbook)."
    )


def count_rows(path: Path | str, name: str | None = None) -> int:
    """Return the number of the last row, cheaply (for a progress bar)."""
    path = Path(path)
    if Path(name or path.name).suffix.lower() in XLSX_SUFFIXES:
        try:
            with zipfile.ZipFile(path) as archive:
                book = _XlsxBook(archive)
                return _sheet_last_row(archive, book.sheet_path)
        except (zipfile.BadZipFile, OSError, KeyError, ET.ParseError) as exc:
            raise TabularError(_xlsx_damaged()) from exc
    return sum(1 for _row in read_rows(path, name))


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


_HEADING_PUNCTUATION = re.compile(r"[.,:;/\\()\[\]*?\"'_\-–]+")


def heading_key(value: Any) -> str:
    """Fold a heading: "Ngày, tháng, năm sinh (*)" -> "ngay thang nam sinh"."""
    return " ".join(_HEADING_PUNCTUATION.sub(" ", fold(cell_text(value))).split())


@dataclass
class Header:
    row_number: int
    columns: dict[str, int]  # field -> 0-based column index
    labels: dict[str, str]  # field -> heading as written in the file


def match_headings(
    cells: Sequence[Any], aliases: dict[str, Sequence[str]]
) -> tuple[dict[str, int], dict[str, str]]:
    """Map fields to the columns of one row of headings.

    A heading matches an alias when equal to it, or when it starts with it
    followed by more words ("Họ và tên chủ hộ" starts with "Họ và tên"). The
    closest match wins: an exact match before a prefix, a longer alias before
    a shorter one, so "Điện thoại thông minh" goes to the smartphone column
    and not to "Điện thoại". Each field takes its leftmost best column.
    """
    folded = {
        field: [heading_key(a) for a in names] for field, names in aliases.items()
    }
    candidates: list[tuple[int, int, str]] = []
    for index, value in enumerate(cells):
        key = heading_key(value)
        if not key:
            continue
        for field, names in folded.items():
            score = 0
            for alias in names:
                if key == alias:
                    score = max(score, 1000 + len(alias))
                elif key.startswith(alias + " "):
                    score = max(score, len(alias))
            if score:
                candidates.append((-score, index, field))
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    for _score, index, field in sorted(candidates):
        if field in columns or index in columns.values():
            continue
        columns[field] = index
        labels[field] = cell_text(cells[index])
    return columns, labels


def find_header(
    rows: Sequence[tuple[int, list[Any]]],
    aliases: dict[str, Sequence[str]],
    required: Sequence[str],
) -> Header | None:
    """Return the first row whose cells name every required field.

    ``aliases`` maps a field to headings it may have, compared folded (lower
    case, no diacritics, punctuation as spaces); see ``match_headings``.
    """
    for number, cells in rows:
        columns, labels = match_headings(cells, aliases)
        if all(f in columns for f in required):
            return Header(number, columns, labels)
    return None


# --- CSV ---------------------------------------------------------------------


def _csv_text(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode Text" export.
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    # cp1258 is what Excel on a Vietnamese Windows writes for "CSV".
    for encoding in ("utf-8-sig", "cp1258", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TabularError(_("The CSV file cannot be read: save it again as UTF-8."))


def _csv_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most columns."""
    sample = text[:20000].splitlines()[:40]
    best, best_width = ",", 0
    for delimiter in (",", ";", "\t"):
        try:
            width = max(
                (len(r) for r in csv.reader(sample, delimiter=delimiter)), default=0
            )
        except csv.Error:
            continue
        if width > best_width:
            best, best_width = delimiter, width
    return best


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = _csv_text(path.read_bytes())
    except OSError as exc:
        raise TabularError(_("The file cannot be opened.")) from exc
    # A cell may hold as much as the file: the size limit is the file's.
    csv.field_size_limit(max(len(text), 131072))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_csv_delimiter(text))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise TabularError(
            _("The CSV file cannot be read: save it again as UTF-8.")
        ) from exc


# --- XLSX --------------------------------------------------------------------

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"


def _xlsx_damaged() -> str:
    return _("The Excel file cannot be opened: check that it is a real .xlsx file.")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationships of ``part``: id -> (type suffix, target path in the archive)."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    try:
        root = ET.fromstring(archive.read(rels_path))  # noqa: S314 - no DTDs in OOXML
    except KeyError:
        return {}
    found = {}
    for rel in root:
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            target = target.lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], target)
    return found


def _unescape(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    if "_x" in text:
        text = re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)
    return text


class _XlsxBook:
    """Where the first visible sheet is, its shared strings and date styles."""

    def __init__(self, archive: zipfile.ZipFile):
        root_rels = _rels(archive, "")
        book_path = next(
            (t for kind, t in root_rels.values() if kind == "officeDocument"),
            "xl/workbook.xml",
        )
        book = ET.fromstring(archive.read(book_path))  # noqa: S314
        book_rels = _rels(archive, book_path)
        sheets = [el for el in book.iter() if _local(el.tag) == "sheet"]
        if not sheets:
            raise KeyError("no sheet")
        visible = [s for s in sheets if s.get("state", "visible") == "visible"]
        sheet = (visible or sheets)[0]
        rel_id = sheet.get(f"{{{_REL_NS}}}id") or sheet.get(f"{{{_STRICT_REL_NS}}}id")
        self.sheet_path = book_rels[rel_id][1]
        self.date1904 = any(
            _local(el.tag) == "workbookPr" and el.get("date1904") in {"1", "true"}
            for el in book.iter()
        )
        by_kind = dict(book_rels.values())
        self.shared = self._shared_strings(archive, by_kind.get("sharedStrings"))
        self.date_styles = self._date_styles(archive, by_kind.get("styles"))

    @staticmethod
    def _shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
        if not part or part not in archive.namelist():
            return []
        strings: list[str] = []
        with archive.open(part) as source:
            for _event, element in ET.iterparse(source):  # noqa: S314
                if _local(element.tag) != "si":
                    continue
                parts = []
                for child in element:
                    name = _local(child.tag)
                    if name == "t":
                        parts.append(child.text or "")
                    elif name == "r":
                        parts.extend(
                            t.text or "" for t in child if _local(t.tag) == "t"
                        )
                strings.append(_unescape("".join(parts)) if parts else "")
                element.clear()
        return strings

    @staticmethod
    def _date_styles(archive: zipfile.ZipFile, part: str | None) -> frozenset[int]:
        from openpyxl.styles.numbers import (
            BUILTIN_FORMATS,
            is_date_format,
            is_timedelta_format,
        )

        if not part or part not in archive.namelist():
            return frozenset()
        root = ET.fromstring(archive.read(part))  # noqa: S314
        formats = dict(BUILTIN_FORMATS)
        dates = set()
        for element in root:
            if _local(element.tag) == "numFmts":
                for fmt in element:
                    formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
        for element in root:
            if _local(element.tag) != "cellXfs":
                continue
            for index, xf in enumerate(el for el in element if _local(el.tag) == "xf"):
                code = formats.get(int(xf.get("numFmtId", "0")), "")
                if is_date_format(code) and not is_timedelta_format(code):
                    dates.add(index)
        return frozenset(dates)


# A row start tag, or a cell with its attributes and content.
_TOKEN_RE = re.compile(
    r"<(?:\w+:)?(?:(row\b[^>]*)>|c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>))", re.S
)
_ATTR_RE = re.compile(r"""(\w+)=["']([^"']*)["']""")
_ROW_NUMBER_RE = re.compile(r'\br="(\d+)"')
_VALUE_RE = re.compile(r"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_FORMULA_RE = re.compile(r"<(?:\w+:)?f[\s>/]")
_TEXT_RE = re.compile(r"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.S)
_MERGE_RE = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"'
)
_DIMENSION_RE = re.compile(
    rb'<(?:\w+:)?dimension\b[^>]*?\bref="[A-Z]*\d*:?[A-Z]*(\d+)"'
)


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise TabularError(_xlsx_damaged()) from exc
    with archive:
        try:
            book = _XlsxBook(archive)
            merges = _merged_ranges(archive, book.sheet_path)
            rows = _sheet_rows(archive, book)
            yield from _fill_merged(rows, merges) if merges else rows
        except (
            KeyError,
            IndexError,
            ValueError,
            ET.ParseError,
            zipfile.BadZipFile,
        ) as exc:
            raise TabularError(_xlsx_damaged()) from exc


def _sheet_chunks(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    with archive.open(part) as source:
        while chunk := source.read(_CHUNK):
            yield chunk


def _sheet_last_row(archive: zipfile.ZipFile, part: str) -> int:
    with archive.open(part) as source:
        head = source.read(4096)
    match = _DIMENSION_RE.search(head)
    if match and int(match.group(1)) > 1:
        return int(match.group(1))
    pattern = re.compile(rb"<(?:\w+:)?row[\s>/]")
    return sum(len(pattern.findall(chunk)) for chunk in _sheet_chunks(archive, part))


def _merged_ranges(
    archive: zipfile.ZipFile, part: str
) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range.

    The ranges follow the rows in the sheet's XML, so they are found by a
    first quick pass over the raw bytes before the rows are read.
    """
    found = set()
    tail = b""
    for chunk in _sheet_chunks(archive, part):
        data = tail + chunk
        if b"mergeCell" in data:
            for m in _MERGE_RE.finditer(data):
                found.add(
                    (
                        int(m.group(2)),
                        _column_index(m.group(1).decode()),
                        int(m.group(4)),
                        _column_index(m.group(3).decode()),
                    )
                )
        tail = data[-300:]  # a tag cut between two chunks is whole next time
    return sorted(found)


class _SheetParser:
    """Turns blocks of a sheet's XML, cut after a row end, into rows of values."""

    def __init__(self, book: _XlsxBook):
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH

        self.epoch = CALENDAR_MAC_1904 if book.date1904 else WINDOWS_EPOCH
        self.shared = book.shared
        self.date_styles = book.date_styles
        self.number = 0
        self.columns: dict[str, int] = {}

    def rows(self, block: str) -> Iterator[tuple[int, list[Any]]]:
        # One findall per block and plain string work per cell: the per-cell
        # cost is what decides the speed on 100,000-row lists.
        cells: list[Any] | None = None
        for row_tag, attrs, inner in _TOKEN_RE.findall(block):
            if row_tag:
                if cells is not None:
                    yield self.number, cells
                found = _ROW_NUMBER_RE.search(row_tag)
                self.number = int(found.group(1)) if found else self.number + 1
                cells = []
                continue
            if cells is None or not inner:
                continue
            if "'" in attrs:
                attributes = {f" {k}=": v for k, v in _ATTR_RE.findall(attrs)}
            else:
                parts = attrs.split('"')
                attributes = dict(zip(parts[0::2], parts[1::2], strict=False))
            value = self.value(attributes, inner)
            if value is None:
                continue
            ref = attributes.get(" r=")
            if ref:
                index = self.columns.get(ref.rstrip("0123456789"))
                if index is None:
                    letters = ref.rstrip("0123456789")
                    index = self.columns[letters] = _column_index(letters)
            else:
                index = len(cells)
            if index >= len(cells):
                cells.extend([None] * (index + 1 - len(cells)))
            cells[index] = value
        if cells is not None:
            yield self.number, cells

    def value(self, attributes: dict[str, str], inner: str) -> Any:
        kind = attributes.get(" t=", "n")
        if kind == "inlineStr":
            return _unescape("".join(_TEXT_RE.findall(inner)))
        if inner.startswith("<v>"):
            text = inner[3 : inner.index("<", 3)]
        else:
            raw = _VALUE_RE.search(inner)
            if raw is None:
                # A formula Excel never calculated (a file written by another
                # program) has no value to read: say so, rather than "empty".
                return UNSAVED_FORMULA if _FORMULA_RE.search(inner) else None
            text = raw.group(1)
        if not text and kind != "str":
            return UNSAVED_FORMULA if _FORMULA_RE.search(inner) else None
        if kind == "s":
            return self.shared[int(text)]
        if kind == "n":
            if "." in text or "E" in text or "e" in text:
                value: float | int = float(text)
            else:
                value = int(text)
            style = attributes.get(" s=")
            if style and int(style) in self.date_styles:
                from openpyxl.utils.datetime import from_excel

                with contextlib.suppress(ValueError, OverflowError):
                    return from_excel(value, self.epoch)
            return value
        if kind == "b":
            return text.strip() in {"1", "true"}
        return _unescape(text)  # "str" (formula result), "e" (error), "d" (ISO date)


def _sheet_rows(
    archive: zipfile.ZipFile, book: _XlsxBook
) -> Iterator[tuple[int, list[Any]]]:
    parser = _SheetParser(book)
    decoder = codecs.getincrementaldecoder("utf-8")()
    buffer = ""
    for chunk in _sheet_chunks(archive, book.sheet_path):
        buffer += decoder.decode(chunk)
        cut = _last_row_end(buffer)
        if cut < 0:
            continue
        block, buffer = buffer[:cut], buffer[cut:]
        yield from parser.rows(block)
    buffer += decoder.decode(b"", final=True)
    yield from parser.rows(buffer)


def _last_row_end(text: str) -> int:
    """Index just past the last row end tag ("</row>" or "</x:row>"), or -1.

    "<" is always escaped in XML text, so any "</" starts a real end tag.
    """
    at = len(text)
    while (at := text.rfind("row>", 0, at)) >= 0:
        start = text.rfind("</", 0, at)
        if start >= 0 and re.fullmatch(r"</(?:\w+:)?", text[start:at]):
            return at + 4
    return -1


def _fill_merged(
    rows: Iterable[tuple[int, list[Any]]], ranges: list[tuple[int, int, int, int]]
) -> Iterator[tuple[int, list[Any]]]:
    """Copy each merged range's top-left value into its other cells."""
    pending = list(reversed(ranges))  # popped in order of first row
    active: list[list[Any]] = []  # [first row, first col, last row, last col, value]
    for number, cells in rows:
        while pending and pending[-1][0] <= number:
            r1, c1, r2, c2 = pending.pop()
            value = cells[c1] if r1 == number and c1 < len(cells) else None
            active.append([r1, c1, r2, c2, value])
        if active:
            active = [a for a in active if a[2] >= number]
            for _r1, c1, _r2, c2, value in active:
                if value is None:
                    continue
                if c2 >= len(cells):
                    cells.extend([None] * (c2 + 1 - len(cells)))
                for col in range(c1, c2 + 1):
                    if cells[col] is None:
                        cells[col] = value
        yield number, cells


# --- writing -----------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value for a written sheet: text that would start a formula is quoted.

    Error reports echo what a file held; "=HYPERLINK(…)" must come back as
    text in Excel, not run as a formula.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
) -> bytes:
    """An .xlsx workbook of (title, header, rows) sheets, headers in bold."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append([safe_cell(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        sheet.freeze_panes = "A2"
        for column, name in zip(sheet.columns, header, strict=False):
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = max(12, len(name) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV that Excel opens in Vietnamese: UTF-8 with a BOM, formulas quoted."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
