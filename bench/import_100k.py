"""Time the resident import on 100,000 rows, as .xlsx and as .csv.

    .venv/bin/python bench/import_100k.py [--rows N] [--runs N] [--keep]

Generates a realistic commune list (title block, merged title, Vietnamese
names with about one in five typed in NFD, phones in every spelling, Excel
date cells and dd/mm/yyyy text, CCCD numbers, households with a head, a few
bad and duplicate rows) into a temporary directory, then imports it into Xã
Bình An (An Giang) on a fresh SQLite database for each run, and imports the
same file a second time (every row a duplicate). Prints the machine, each
run and the medians, ready for docs/performance.md.

The .xlsx is written by openpyxl's write-only mode, which stores text inline;
Excel stores it in a shared table, which reads a little faster.
"""

import argparse
import datetime
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HAMLETS = [
    "Vĩnh Thành A",
    "Vĩnh Thành B",
    "Bình Thạnh",
    "Bình Hòa",
    "Phước Lợi",
    "Tân Phú",
    "Sóc Tà Teng",
    "Kênh Xáng",
]
FAMILY = (
    ["Nguyễn"] * 30
    + ["Trần"] * 10
    + ["Lê"] * 8
    + ["Phạm"] * 6
    + ["Huỳnh"] * 6
    + ["Võ"] * 5
    + ["Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh"] * 2
    + ["Thạch", "Chau", "Danh", "Néang", "Kim", "Sơn", "Lâm", "Quách"]
)
MIDDLE_MALE = ["Văn", "Văn", "Văn", "Hữu", "Minh", "Thanh", "Công", "Quốc", "Đức"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ", "Bích", "Thu"]
GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Minh",
    "Nam", "Phúc", "Quang", "Sơn", "Tài", "Thắng", "Trí", "Tuấn", "Việt", "Vũ",
    "Hiếu", "Lộc", "Nghĩa", "Phát", "Tâm", "Thành", "Toàn", "Sang", "Rươl",
]  # fmt: skip
GIVEN_FEMALE = [
    "Anh", "Bé", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh",
    "Mai", "Ngân", "Nhung", "Phương", "Thảo", "Trang", "Tuyết", "Vân", "Yến",
    "Diễm", "Hằng", "Kiều", "Loan", "Nga", "Oanh", "Quyên", "Sa Ly", "Ny",
]  # fmt: skip
HEADINGS = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số điện thoại", "Số CCCD",
    "Dân tộc", "Địa chỉ", "Ấp", "Mã hộ", "Quan hệ với chủ hộ", "Hộ nghèo",
    "Khuyết tật", "Điện thoại thông minh", "Đối tượng",
]  # fmt: skip


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return (
        f"{cpu}, nproc {os.cpu_count()}, {memory:.0f} GB RAM, "
        f"Python {platform.python_version()}"
    )


def phone(rng: random.Random) -> str:
    digits = f"{rng.choice('35789')}{rng.randrange(10**8):08d}"
    style = rng.random()
    if style < 0.3:
        return ""
    if style < 0.55:
        return f"0{digits[:3]} {digits[3:6]} {digits[6:]}"
    if style < 0.75:
        return f"+84 {digits[:2]} {digits[2:5]} {digits[5:]}"
    if style < 0.9:
        return f"0{digits[:3]}.{digits[3:6]}.{digits[6:]}"
    return f"0{digits}"


def make_rows(count: int, seed: int, *, excel_dates: bool) -> list[list]:
    """Rows of a commune list: a title block, headings, then households."""
    rng = random.Random(seed)
    rows: list[list] = [
        ["ỦY BAN NHÂN DÂN XÃ BÌNH AN"],
        ["DANH SÁCH NHÂN KHẨU TRÊN ĐỊA BÀN XÃ BÌNH AN"],
        [],
        HEADINGS,
    ]
    cccd_used: set[str] = set()
    number = 0
    household = 0
    today = datetime.date(2025, 11, 25)
    while number < count:
        household += 1
        hamlet = rng.choice(HAMLETS)
        family = rng.choice(FAMILY)
        address = f"Số {rng.randrange(1, 400)}, tổ {rng.randrange(1, 20)}"
        poverty = rng.choices(["", "nghèo", "cận nghèo"], [91, 5, 4])[0]
        ethnicity = rng.choices(["Kinh", "Khmer", "Hoa", "Chăm"], [80, 15, 4, 1])[0]
        size = rng.choices([1, 2, 3, 4, 5, 6], [8, 17, 25, 28, 15, 7])[0]
        head_year = rng.randrange(1940, 1995)
        for member in range(size):
            if number >= count:
                break
            number += 1
            female = rng.random() < (0.3 if member == 0 else 0.55)
            middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
            given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
            name = f"{family if member != 1 else rng.choice(FAMILY)} {middle} {given}"
            if member == 0:
                relation, year = "Chủ hộ", head_year
            elif member == 1:
                relation, year = ("Vợ" if female else "Chồng"), head_year + 2
            else:
                relation = rng.choice(["Con", "Con", "Con", "Cháu", "Mẹ"])
                year = min(2024, head_year + rng.randrange(18, 35))
                if relation == "Mẹ":
                    year = head_year - rng.randrange(18, 30)
            year = max(year, 1930)
            birth: object = year
            born = datetime.date(year, rng.randrange(1, 13), rng.randrange(1, 29))
            style = rng.random()
            if style < 0.45:
                birth = f"{born.day:02d}/{born.month:02d}/{born.year}"
            elif style < 0.6:
                birth = f"{born.day}/{born.month}/{born.year}"
            elif style < 0.9 and excel_dates:
                birth = datetime.datetime(born.year, born.month, born.day)  # noqa: DTZ001
            elif style < 0.9:
                birth = born.strftime("%d/%m/%Y")
            cccd = ""
            if today.year - year >= 14 and rng.random() < 0.85:
                while not cccd or cccd in cccd_used:
                    sex_digit = (1 if female else 0) + (2 if year >= 2000 else 0)
                    cccd = f"089{sex_digit}{year % 100:02d}{rng.randrange(10**6):06d}"
                cccd_used.add(cccd)
            row = [
                number,
                name,
                birth,
                "Nữ" if female else "Nam",
                phone(rng),
                cccd,
                ethnicity,
                address,
                hamlet if rng.random() < 0.9 else f"Ấp {hamlet}",
                f"BA-{household:06d}",
                relation,
                poverty,
                rng.choices(
                    ["", "vận động", "khiếm thị", "khiếm thính"], [97, 1, 1, 1]
                )[0],
                rng.choices(["có", "không", ""], [60, 30, 10])[0],
                rng.choices(
                    ["Người dân", "Học sinh", "Cán bộ, công chức, viên chức"],
                    [85, 12, 3],
                )[0]
                if today.year - year > 6
                else "",
            ]
            if rng.random() < 0.2:
                row = [
                    unicodedata.normalize("NFD", v) if isinstance(v, str) else v
                    for v in row
                ]
            if rng.random() < 0.003:
                row[2] = "31/02/1980"  # a bad date: the row is reported
            rows.append(row)
            if rng.random() < 0.003:
                rows.append(list(row))  # typed twice: a duplicate
    rows.append([])
    rows.append(
        [None, "Người lập biểu", None, None, None, None, None, "TM. ỦY BAN NHÂN DÂN"]
    )
    return rows


def write_xlsx(path: Path, rows: list[list]) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, datetime.datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "dd/mm/yyyy"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    sheet.merged_cells.add("A1:O1")  # the title block, merged as communes do
    sheet.merged_cells.add("A2:O2")
    book.save(path)


def write_csv(path: Path, rows: list[list]) -> None:
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])


def setup_django(var_dir: Path) -> Path:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["HOCVUSO_VAR_DIR"] = str(var_dir)
    database = var_dir / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from hocvuso.geography.models import Unit
    from hocvuso.geography.services import unit_create_local, units_load_official

    call_command("migrate", verbosity=0)
    units_load_official(province_code="91")
    commune = Unit.objects.get(code="30898")
    for name in HAMLETS:
        unit_create_local(actor=None, parent=commune, name=name, kind="hamlet")
    from django.db import connections

    connections.close_all()
    shutil.copy(database, var_dir / "template.sqlite3")
    return database


def fresh_database(database: Path) -> None:
    from django.db import connections

    connections.close_all()
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copy(database.with_name("template.sqlite3"), database)


def import_once(path: Path):
    from hocvuso.geography.models import Unit
    from hocvuso.people.importing import import_people_file

    unit = Unit.objects.get(code="30898")
    started = time.perf_counter()
    result = import_people_file(actor=None, unit=unit, path=path, file_name=path.name)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--formats", nargs="+", default=["xlsx", "csv"])
    parser.add_argument("--keep", action="store_true", help="keep the temp directory")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hocvuso-import-bench-"))
    try:
        database = setup_django(work)
        print(f"date: {datetime.date.today().isoformat()}")  # noqa: DTZ011 - local day
        print(f"machine: {machine()}")
        arguments = " ".join(sys.argv[1:])
        print(f"command: .venv/bin/python bench/{Path(__file__).name} {arguments}")
        print(f"database: SQLite (config.settings.test), rows: {options.rows:,}")
        medians = {}
        for fmt in options.formats:
            path = work / f"danh-sach-nhan-khau.{fmt}"
            started = time.perf_counter()
            rows = make_rows(options.rows, options.seed, excel_dates=fmt == "xlsx")
            (write_xlsx if fmt == "xlsx" else write_csv)(path, rows)
            took = time.perf_counter() - started
            size = path.stat().st_size / 1e6
            print(f"\n{fmt}: {size:.1f} MB, {len(rows):,} lines, made in {took:.0f} s")
            firsts, seconds = [], []
            for run in range(1, options.runs + 1):
                fresh_database(database)
                first, result = import_once(path)
                second, again = import_once(path)
                firsts.append(first)
                seconds.append(second)
                print(
                    f"  run {run}: first import {first:.1f} s "
                    f"({result.created_people:,} people, "
                    f"{result.created_households:,} households, "
                    f"{result.skipped_duplicates:,} duplicates, "
                    f"{result.rejected_rows:,} rows rejected); "
                    f"second import {second:.1f} s "
                    f"({again.created_people:,} added, "
                    f"{again.skipped_duplicates:,} duplicates)"
                )
            medians[fmt] = (statistics.median(firsts), statistics.median(seconds))
        print()
        for fmt, (first, second) in medians.items():
            print(f"median {fmt}: first import {first:.1f} s, again {second:.1f} s")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of the process: {peak:.0f} MB")
    finally:
        if options.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
