"""Read the spreadsheets communes keep (.xlsx or .csv) as numbered rows.

Rows come back as lists of cell values with their 1-based row number as the
user sees it in Excel. ``find_header`` finds the heading row even under a
title block or merged cells, matching headings with or without diacritics.
"""

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hocvuso.core.text import fold, nfc


class TabularError(Exception):
    """The file cannot be read at all (wrong type, damaged, empty)."""


def _csv_text(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1258", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TabularError("Tệp CSV không đọc được: hãy lưu lại với mã UTF-8.")


def read_rows(
    path: Path | str, name: str | None = None
) -> Iterator[tuple[int, list[Any]]]:
    """Yield (row_number, cells) for every row of the first sheet of ``path``."""
    path = Path(path)
    suffix = Path(name or path.name).suffix.lower()
    if suffix == ".csv":
        text = _csv_text(path.read_bytes())
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        for number, cells in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            yield number, list(cells)
        return
    if suffix in {".xlsx", ".xlsm"}:
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise TabularError(
                "Tệp Excel không mở được: hãy kiểm tra tệp có đúng định dạng .xlsx."
            ) from exc
        try:
            sheet = book.worksheets[0]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        finally:
            book.close()
        return
    raise TabularError("Chỉ nhận tệp .xlsx hoặc .csv.")


def count_rows(path: Path | str, name: str | None = None) -> int:
    path = Path(path)
    if Path(name or path.name).suffix.lower() in {".xlsx", ".xlsm"}:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        try:
            return book.worksheets[0].max_row or 0
        finally:
            book.close()
    return sum(1 for _ in read_rows(path, name))


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def heading_key(value: Any) -> str:
    return fold(cell_text(value)).replace(".", "").replace(":", "").strip()


@dataclass
class Header:
    row_number: int
    columns: dict[str, int]  # field -> 0-based column index
    labels: dict[str, str]  # field -> heading as written in the file


def find_header(
    rows: Sequence[tuple[int, list[Any]]],
    aliases: dict[str, Sequence[str]],
    required: Sequence[str],
) -> Header | None:
    """Return the first row whose cells name every required field.

    ``aliases`` maps a field to headings it may have, compared folded
    (lower case, no diacritics). A heading matches an alias when equal to it
    or starting with it followed by a space or "(".
    """
    folded_aliases = {
        field: [fold(a) for a in names] for field, names in aliases.items()
    }
    best: Header | None = None
    for number, cells in rows:
        columns: dict[str, int] = {}
        labels: dict[str, str] = {}
        for index, value in enumerate(cells):
            key = heading_key(value)
            if not key:
                continue
            for field, names in folded_aliases.items():
                if field in columns:
                    continue
                if any(
                    key == a or key.startswith(a + " ") or key.startswith(a + "(")
                    for a in names
                ):
                    columns[field] = index
                    labels[field] = cell_text(value)
                    break
        if all(f in columns for f in required):
            if best is None or len(columns) > len(best.columns):
                best = Header(number, columns, labels)
            break
    return best
