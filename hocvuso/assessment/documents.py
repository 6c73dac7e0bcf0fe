"""QR codes (segno, SVG) and the completion record PDF (fpdf2, DejaVu Sans).

The PDF embeds DejaVu Sans from Debian's fonts-dejavu-core so every
Vietnamese letter (ă, ơ, ư, đ and the tone marks) is drawn and extracts as
text. The font path can be changed with the HOCVUSO_PDF_FONT setting.
"""

import io
from pathlib import Path

import segno
from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def qr_svg(url: str, *, title: str, scale: int = 4) -> str:
    """An inline SVG QR code for ``url`` with an accessible title."""
    qr = segno.make(url, error="m")
    return qr.svg_inline(
        scale=scale, title=title, svgclass="qr", lineclass="qrline", omitsize=False
    )


def _font_path() -> Path:
    path = Path(getattr(settings, "HOCVUSO_PDF_FONT", DEFAULT_FONT))
    if not path.exists():
        raise RuntimeError(f"{path} is missing: apt-get install fonts-dejavu-core")
    return path


def certificate_pdf(*, certificate, verify_url: str) -> bytes:
    """The printable completion record: name, course, date, unit, code and QR."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(_("Record of course completion"))
    pdf.set_creator("hocvuso")
    pdf.add_font("DejaVu", "", str(_font_path()))
    pdf.add_page()
    pdf.set_margins(20, 20, 20)
    width = pdf.w - 40

    def line(text: str, size: int, height: float = 9, gap: float = 0) -> None:
        pdf.set_font("DejaVu", size=size)
        pdf.set_x(20)
        pdf.multi_cell(width, height, text, align="C")
        if gap:
            pdf.ln(gap)

    line(_("Digital Learning for All"), 12, gap=10)
    line(_("RECORD OF COURSE COMPLETION"), 20, height=11, gap=8)
    line(_("This records that"), 12)
    line(certificate.person.full_name, 22, height=12, gap=4)
    line(_("has completed the course"), 12)
    line(certificate.course.title, 18, height=10, gap=6)
    line(
        _("Date: %(date)s · Issued by: %(unit)s")
        % {
            "date": certificate.issued_on.strftime("%d/%m/%Y"),
            "unit": certificate.unit.name,
        },
        12,
        gap=6,
    )
    png = io.BytesIO()
    segno.make(verify_url, error="m").save(png, kind="png", scale=6, border=2)
    png.seek(0)
    pdf.image(png, x=(pdf.w - 40) / 2, w=40, h=40)
    pdf.ln(4)
    line(_("Code: %(code)s") % {"code": certificate.display_code}, 14)
    line(_("Check it at %(url)s") % {"url": verify_url}, 10, height=6, gap=6)
    line(
        _(
            "This is a local record of completing a course on this platform. It is "
            "not the official confirmation of basic digital skills."
        ),
        10,
        height=6,
    )
    if certificate.is_revoked:
        line(_("REVOKED: this record is no longer valid."), 14)
    return bytes(pdf.output())
