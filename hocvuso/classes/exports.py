"""The classes report as an Excel workbook (openpyxl), one sheet per table."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from hocvuso.classes.models import AttendanceMethod
from hocvuso.classes.selectors import ClassesReport, report_group_rows


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list]):
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for column, name in zip(sheet.columns, header, strict=False):
        sheet.column_dimensions[column[0].column_letter].width = max(12, len(name) + 2)
    return sheet


def report_workbook(report: ClassesReport) -> bytes:
    """Return the .xlsx bytes of a report: summary, weeks, groups, follow-ups."""
    book = Workbook()
    book.remove(book.active)
    period = f"{report.start:%d/%m/%Y} – {report.end:%d/%m/%Y}"
    summary = [
        [pgettext("report", "Unit"), report.unit.name],
        [pgettext("report", "Period"), period],
        [pgettext("report", "Sessions planned"), report.sessions_planned],
        [pgettext("report", "Sessions held"), report.sessions_held],
        [pgettext("report", "Sessions cancelled"), report.sessions_cancelled],
        [pgettext("report", "Attendances"), report.attendances],
        [pgettext("report", "Unique learners"), report.unique_learners],
        [pgettext("report", "No-shows"), report.no_shows],
        [pgettext("report", "Follow-ups"), len(report.follow_ups)],
    ]
    methods = dict(AttendanceMethod.choices)
    summary += [
        [str(methods[m]), report.by_method.get(m, 0)] for m in AttendanceMethod.values
    ]
    _sheet(book, pgettext("sheet", "Summary"), [_("Indicator"), _("Value")], summary)
    week_header = [
        _("Commune or ward"),
        pgettext("report", "Code"),
        *[f"{w:%d/%m}" for w in report.weeks],
        _("Weeks with a class"),
        _("Weeks"),
        _("Cancelled"),
    ]
    _sheet(
        book,
        pgettext("sheet", "Weeks"),
        week_header,
        [
            [
                row.commune.name,
                row.commune.code,
                *row.held,
                row.weeks_met,
                row.weeks_total,
                row.cancelled,
            ]
            for row in report.communes
        ],
    )
    group_rows = [list(row) for row in report_group_rows(report)]
    _sheet(
        book,
        pgettext("sheet", "Groups"),
        [_("Breakdown"), _("Group"), _("Learners")],
        group_rows,
    )
    _sheet(
        book,
        pgettext("sheet", "Follow-ups"),
        [_("Date"), _("Class"), pgettext("report", "Name"), _("Note")],
        [
            [
                f"{a.session.scheduled_on:%d/%m/%Y}",
                a.session.series.title,
                a.person.full_name,
                a.follow_up_note,
            ]
            for a in report.follow_ups
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
