"""The streaming .xlsx reader agrees with openpyxl, the reference."""

import datetime

import openpyxl
import pytest

from hocvuso.core.tabular import UNSAVED_FORMULA, TabularError, read_rows

# Excel dates carry no time zone; openpyxl and the reader return naive values.
BIRTH = datetime.datetime(1950, 3, 5)  # noqa: DTZ001


def _reference(path):
    """openpyxl's values, with merged ranges filled the way the reader fills them."""
    book = openpyxl.load_workbook(path, data_only=True)  # cached values of formulas
    sheet = book.worksheets[0]
    for merged in list(sheet.merged_cells.ranges):
        value = sheet.cell(merged.min_row, merged.min_col).value
        sheet.unmerge_cells(str(merged))
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                sheet.cell(row, col).value = value
    rows = {}
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        if values:
            rows[number] = values
    return rows


def test_reader_matches_openpyxl(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(["DANH SÁCH NHÂN KHẨU ẤP VĨNH THÀNH A"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Số điện thoại", "Mã hộ", "Ghi chú"])
    sheet.append([1, "Nguyễn Văn An", BIRTH, "0912 345 678", "H01"])
    sheet.append([2, "Trần Thị Bình", "05/03/1952", 84912345679, None, "Có"])
    sheet.merge_cells("E4:E5")  # a household code merged over its members
    sheet.append([3, "Lê Văn Cường", 1960, None, "H02", True])
    sheet.append([4, "Phạm Thị Dung", 1.5, "=1+1", "H02", "Khmer; Hoa"])
    sheet["C4"].number_format = "dd/mm/yyyy"
    path = tmp_path / "danh-sach.xlsx"
    book.save(path)

    ours = dict(read_rows(path))
    reference = _reference(path)
    assert set(ours) == set(reference)
    for number, cells in reference.items():
        # openpyxl reads a formula without a saved value as empty; this
        # reader says what it is, so that the import can name it.
        mine = [None if c is UNSAVED_FORMULA else c for c in ours[number]]
        while mine and mine[-1] in (None, ""):
            mine.pop()
        assert mine == cells, number
    assert ours[4][2] == BIRTH
    assert ours[5][4] == "H01"
    assert ours[7][3] is UNSAVED_FORMULA


def test_old_excel_and_other_files_are_refused_in_vietnamese(tmp_path):
    old = tmp_path / "cu.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(TabularError, match="Excel"):
        list(read_rows(old))
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(TabularError):
        list(read_rows(broken))
