"""Build and parse VietQR payloads (EMVCo merchant-presented QR, NAPAS profile).

A VietQR payload is a flat string of TLV fields: a two-digit tag, a two-digit
length and the value. Tag 38 nests the NAPAS data: GUID ``A000000727``, the
beneficiary organisation (tag 01, itself holding the bank BIN in 00 and the
account number in 01) and the service code (``QRIBFTTA`` to an account,
``QRIBFTTC`` to a card). Tag 62 nests additional data, of which the practice
uses the purpose of transaction (08). The payload ends with tag 63, a CRC-16
(CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF) over everything before
its value, ``6304`` included, written as four upper-case hex digits.

Lengths count characters; values are kept to printable ASCII so that
characters and bytes agree (bank apps expect purposes without diacritics).
Checked against the vectors published with the MIT-licensed ``vietnam-qr-pay``
npm package (see ``tests/test_vietqr.py``); this code is written from the
specification, not copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

GUID_NAPAS = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
SERVICE_TO_CARD = "QRIBFTTC"
SERVICES = (SERVICE_TO_ACCOUNT, SERVICE_TO_CARD)
STATIC = "11"  # the payer types the amount; the code is used again and again
DYNAMIC = "12"  # one payment, amount usually included
CURRENCY_VND = "704"
COUNTRY_VN = "VN"

# NAPAS bank identification numbers used by the practice (real BINs; the
# accounts and people in scenarios are fictional).
BANKS: dict[str, str] = {
    "970436": "Vietcombank",
    "970415": "VietinBank",
    "970418": "BIDV",
    "970405": "Agribank",
    "970416": "ACB",
    "970422": "MB",
    "970407": "Techcombank",
    "970454": "BVBank",
}

_DIGITS = re.compile(r"^\d+$")
_ACCOUNT = re.compile(r"^[0-9A-Za-z]{1,19}$")
_PRINTABLE = re.compile(r"^[\x20-\x7e]*$")


class VietQRError(ValueError):
    """A payload that cannot be built or read, with a message for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class VietQR:
    bank_bin: str
    account: str
    amount: int | None = None
    purpose: str = ""
    service: str = SERVICE_TO_ACCOUNT
    initiation: str = ""  # "" = dynamic when there is an amount, else static
    currency: str = CURRENCY_VND
    country: str = COUNTRY_VN
    crc: str = ""  # filled in by parse()

    @property
    def bank_name(self) -> str:
        return BANKS.get(self.bank_bin, "")

    @property
    def point_of_initiation(self) -> str:
        return self.initiation or (DYNAMIC if self.amount else STATIC)


def crc16(data: str) -> str:
    """Return the CRC-16/CCITT-FALSE of ``data`` (UTF-8) as four hex digits."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def field(tag: str, value: str) -> str:
    """Return one TLV field; an empty value gives an empty string."""
    if value == "":
        return ""
    if len(value) > 99:
        raise VietQRError(
            "too_long", _("Field %(tag)s is longer than 99 characters.") % {"tag": tag}
        )
    return f"{tag}{len(value):02d}{value}"


def read_fields(data: str) -> list[tuple[str, str]]:
    """Split a TLV string into (tag, value) pairs, checking every length."""
    fields: list[tuple[str, str]] = []
    pos = 0
    while pos < len(data):
        head = data[pos : pos + 4]
        if len(head) < 4 or not _DIGITS.match(head):
            raise VietQRError(
                "bad_field",
                _("The code is damaged near character %(pos)d.") % {"pos": pos + 1},
            )
        tag, size = head[:2], int(head[2:])
        value = data[pos + 4 : pos + 4 + size]
        if len(value) != size:
            raise VietQRError(
                "bad_length",
                _("Field %(tag)s says %(size)d characters but the code ends first.")
                % {"tag": tag, "size": size},
            )
        fields.append((tag, value))
        pos += 4 + size
    return fields


def _check(qr: VietQR) -> None:
    if not (len(qr.bank_bin) == 6 and _DIGITS.match(qr.bank_bin)):
        raise VietQRError("bad_bin", _("The bank code (BIN) must be 6 digits."))
    if not _ACCOUNT.match(qr.account):
        raise VietQRError(
            "bad_account",
            _("The account number must be 1 to 19 letters or digits."),
        )
    if qr.amount is not None and not (0 < qr.amount < 10**13):
        raise VietQRError(
            "bad_amount", _("The amount must be a whole number of dong above 0.")
        )
    if len(qr.purpose) > 25 or not _PRINTABLE.match(qr.purpose):
        raise VietQRError(
            "bad_purpose",
            _("The payment note must be at most 25 letters without diacritics."),
        )
    if qr.service not in SERVICES:
        raise VietQRError("bad_service", _("The service code is not a VietQR one."))
    if qr.point_of_initiation not in (STATIC, DYNAMIC):
        raise VietQRError(
            "bad_initiation", _("The point of initiation must be 11 or 12.")
        )


def build(qr: VietQR) -> str:
    """Return the payload for ``qr``, CRC included."""
    _check(qr)
    beneficiary = field("00", qr.bank_bin) + field("01", qr.account)
    napas = field("00", GUID_NAPAS) + field("01", beneficiary) + field("02", qr.service)
    body = (
        field("00", "01")
        + field("01", qr.point_of_initiation)
        + field("38", napas)
        + field("53", qr.currency)
        + field("54", str(qr.amount) if qr.amount else "")
        + field("58", qr.country)
        + field("62", field("08", qr.purpose))
        + "6304"
    )
    return body + crc16(body)


def parse(payload: str) -> VietQR:
    """Read a VietQR payload; raise VietQRError saying what is wrong."""
    payload = payload.strip()
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise VietQRError(
            "no_crc", _("This is not a payment code: its check digits are missing.")
        )
    expected = crc16(payload[:-4])
    if payload[-4:].upper() != expected:
        raise VietQRError(
            "bad_crc",
            _("The check digits do not match: the code is damaged or was changed."),
        )
    top = dict(read_fields(payload))
    if top.get("00") != "01":
        raise VietQRError("bad_format", _("This is not an EMVCo payment code."))
    if "38" not in top:
        raise VietQRError("not_vietqr", _("This code is not a VietQR bank transfer."))
    napas = dict(read_fields(top["38"]))
    if napas.get("00") != GUID_NAPAS:
        raise VietQRError("not_vietqr", _("This code is not a VietQR bank transfer."))
    beneficiary = dict(read_fields(napas.get("01", "")))
    amount_text = top.get("54", "")
    if amount_text and not _DIGITS.match(amount_text):
        raise VietQRError(
            "bad_amount", _("The amount must be a whole number of dong above 0.")
        )
    extra = dict(read_fields(top.get("62", "")))
    try:
        qr = VietQR(
            bank_bin=beneficiary.get("00", ""),
            account=beneficiary.get("01", ""),
            amount=int(amount_text) if amount_text else None,
            purpose=extra.get("08", ""),
            service=napas.get("02", ""),
            initiation=top.get("01", ""),
            currency=top.get("53", ""),
            country=top.get("58", ""),
            crc=payload[-4:].upper(),
        )
    except ValueError as exc:  # pragma: no cover - int() of checked digits
        raise VietQRError("bad_amount", str(exc)) from exc
    _check(qr)
    if qr.currency != CURRENCY_VND or qr.country != COUNTRY_VN:
        raise VietQRError(
            "bad_currency", _("The code is not for Vietnamese dong in Vietnam.")
        )
    return qr
