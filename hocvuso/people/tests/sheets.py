"""Build resident lists as communes keep them, as .xlsx or .csv files in tmp_path."""

import csv
import datetime
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

TITLE = [
    ["ỦY BAN NHÂN DÂN XÃ BÌNH AN"],
    ["DANH SÁCH NHÂN KHẨU ẤP VĨNH THÀNH A"],
    [],
]
HEADINGS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số điện thoại",
    "Mã hộ",
    "Quan hệ với chủ hộ",
    "Ấp",
]


def excel_datetime(year: int, month: int, day: int) -> datetime.datetime:
    """A date cell as openpyxl returns it: a datetime without a time zone."""
    return datetime.datetime(year, month, day)  # noqa: DTZ001 - Excel has no zones


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    merges: Sequence[str] = (),
    date_format: str = "dd/mm/yyyy",
    text_columns: Sequence[int] = (),
) -> Path:
    """Write ``rows`` from A1 down; datetimes get a date format, as Excel does."""
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, datetime.date | datetime.datetime):
                cell.number_format = date_format
            if c - 1 in text_columns:
                cell.number_format = "@"
    for ref in merges:
        sheet.merge_cells(ref)
    book.save(path)
    return path


def write_csv(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    return path


def write(path: Path, rows: Sequence[Sequence[Any]], **options: Any) -> Path:
    if path.suffix == ".csv":
        return write_csv(path, rows)
    return write_xlsx(path, rows, **options)


def issue_list() -> list[list[Any]]:
    """The list from the issue: title block, NFD and NFC, +84 and spaces,
    a duplicate row, an empty row, an impossible date and a bad phone."""
    return [
        *TITLE,
        HEADINGS,
        [1, "Nguyễn Văn An", "05/03/1956", "Nam", "0912 345 678", "H01", "Chủ hộ"]
        + ["Vĩnh Thành A"],
        [2, nfd("Trần Thị Bé"), "1960", nfd("Nữ"), "+84 987 654 321", "H01", "Vợ"]
        + [nfd("Vĩnh Thành A")],
        [3, nfd("Nguyễn Văn An"), "5/3/1956", "Nam", "0912.345.678", "H01"]
        + [nfd("Chủ hộ"), "Vĩnh Thành A"],
        [],
        [4, "Lê Văn Cường", "31/02/1990", "Nam", "", "H02", "Chủ hộ", "Vĩnh Thành A"],
        [5, "Phạm Thị Dung", "1985", "Nữ", "12345", "H02", "Vợ", "Vĩnh Thành A"],
        [6, "Võ Văn Em", "12/8/2001", "Nam", "", "H02", "Con", "Vĩnh Thành A"],
    ]
