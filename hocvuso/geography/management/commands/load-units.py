"""hocvuso load-units [--province CODE] | --from FILE [--data-version TEXT]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hocvuso.core.errors import ServiceError
from hocvuso.geography.services import units_load_file, units_load_official


class Command(BaseCommand):
    help = (
        "Load the 2025 provinces and communes from the vietnam-provinces package, "
        "or an official list from a spreadsheet (code, name, kind, parent code)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", help="Only this province code (e.g. 91).")
        parser.add_argument("--from", dest="path", help="An .xlsx or .csv file.")
        parser.add_argument(
            "--data-version",
            help="Where the file's codes come from (default: the file name).",
        )

    def handle(self, *args, province=None, path=None, data_version=None, **options):
        try:
            if path:
                file = Path(path)
                if not file.exists():
                    raise CommandError(f"Không tìm thấy tệp {path}.")
                report = units_load_file(
                    path=file, data_version=data_version or f"file {file.name}"
                )
            else:
                report = units_load_official(province_code=province)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        for error in report.errors:
            self.stdout.write(
                f"Dòng {error['row']}, cột “{error['column']}”: {error['message']}"
            )
        if report.errors:
            raise CommandError(
                f"Có {len(report.errors)} dòng lỗi; chưa ghi đơn vị nào. "
                "Sửa tệp rồi chạy lại."
            )
        self.stdout.write(
            f"Đơn vị hành chính: {report.created} thêm mới, {report.updated} cập nhật, "
            f"{report.unchanged} không đổi."
        )
