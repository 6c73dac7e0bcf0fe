"""Files the import page offers: a job's error report and an empty template."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hocvuso.core.tabular import csv_text, xlsx_bytes
from hocvuso.people.models import ImportJob

# The template's headings, as communes write them (read by import_matching.ALIASES);
# they are data, not interface text, so they stay in Vietnamese.
TEMPLATE_HEADINGS = [
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Số điện thoại",
    "Số CCCD",
    "Địa chỉ",
    "Ấp",
    "Mã hộ",
    "Chủ hộ",
    "Quan hệ với chủ hộ",
    "Có điện thoại thông minh",
    "Đối tượng",
    "Dân tộc",
    "Khuyết tật",
    "Hộ nghèo",
]


def _report_rows(job: ImportJob) -> tuple[list[str], list[list]]:
    header = [_("Row"), _("Column"), _("Reason")]
    return header, [[e["row"], e["column"], e["message"]] for e in job.errors]


def import_report_xlsx(job: ImportJob) -> bytes:
    """Every rejected row of a job, one line per problem, as .xlsx."""
    header, rows = _report_rows(job)
    return xlsx_bytes([(pgettext("sheet", "Rows not imported"), header, rows)])


def import_report_csv(job: ImportJob) -> str:
    header, rows = _report_rows(job)
    return csv_text(header, rows)


def import_template_xlsx() -> bytes:
    """An empty resident list with every heading the import knows, and a guide."""
    guide = [
        [_("Only “Họ và tên” and “Năm sinh” (or “Ngày sinh”) are required.")],
        [_("Write dates as dd/mm/yyyy, or only the year.")],
        [_("Format the CCCD column as Text, so that Excel keeps its leading zero.")],
        [
            _(
                "Write the hamlet (ấp, khu phố, tổ dân phố…) as it is called; "
                "hamlets not yet on the map can be created during the import."
            )
        ],
        [_("Members of one household share a “Mã hộ”, or an address and a head.")],
    ]
    return xlsx_bytes(
        [
            (pgettext("sheet", "Residents"), TEMPLATE_HEADINGS, []),
            (pgettext("sheet", "Guide"), [_("How to fill in the list")], guide),
        ]
    )
