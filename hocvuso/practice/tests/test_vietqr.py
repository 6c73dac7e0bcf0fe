"""VietQR payloads: known-good vectors, round trips and clear errors."""

import json
import os
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hocvuso.practice.scenarios import scenario_names, widget_context
from hocvuso.practice.vietqr import (
    BANKS,
    VietQR,
    VietQRError,
    build,
    crc16,
    parse,
)

# Published in the README of the MIT-licensed npm package vietnam-qr-pay 1.5.1.
STATIC_ACB = (
    "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA"
    "53037045802VN6304AE9F"
)
DYNAMIC_ACB = (
    "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA"
    "53037045405100005802VN62150811Chuyen tien630453E6"
)
DECODE_ACB = (
    "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA"
    "5303704540410005802VN62150811Chuyen tien6304BBB8"
)
EDITED_ACB = (
    "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA"
    "530370454069999995802VN62140810Cam on nhe6304E786"
)
MOMO_PSP = (
    "00020101021138620010A000000727013200069710250118PSP1234567890000000208"
    "QRIBFTTA53037045802VN62190515MOMOW2W123456786304821F"
)


def test_builds_the_packages_static_code():
    assert build(VietQR(bank_bin="970416", account="257678859")) == STATIC_ACB


def test_builds_the_packages_dynamic_code():
    qr = VietQR(
        bank_bin="970416", account="257678859", amount=10000, purpose="Chuyen tien"
    )
    assert build(qr) == DYNAMIC_ACB


@pytest.mark.parametrize(
    ("payload", "amount", "purpose", "initiation"),
    [
        (DECODE_ACB, 1000, "Chuyen tien", "12"),
        (EDITED_ACB, 999999, "Cam on nhe", "12"),
        (STATIC_ACB, None, "", "11"),
    ],
)
def test_parses_the_packages_codes(payload, amount, purpose, initiation):
    qr = parse(payload)
    assert (qr.bank_bin, qr.account, qr.bank_name) == ("970416", "257678859", "ACB")
    assert (qr.amount, qr.purpose, qr.point_of_initiation) == (
        amount,
        purpose,
        initiation,
    )
    assert qr.service == "QRIBFTTA"
    assert build(qr) == payload


def test_parses_a_wallet_code_with_other_additional_data():
    qr = parse(MOMO_PSP)
    assert (qr.bank_bin, qr.account, qr.purpose) == ("971025", "PSP123456789000000", "")


def test_crc_is_ccitt_false():
    # The standard check value of CRC-16/CCITT-FALSE.
    assert crc16("123456789") == "29B1"


@given(
    bank_bin=st.sampled_from(sorted(BANKS)),
    account=st.from_regex(r"[0-9A-Z]{1,19}", fullmatch=True),
    amount=st.none() | st.integers(min_value=1, max_value=10**12),
    purpose=st.from_regex(r"[A-Za-z0-9 ]{0,25}", fullmatch=True),
)
def test_build_then_parse_gives_the_same_transfer(bank_bin, account, amount, purpose):
    qr = VietQR(bank_bin=bank_bin, account=account, amount=amount, purpose=purpose)
    payload = build(qr)
    back = parse(payload)
    assert (back.bank_bin, back.account, back.amount, back.purpose) == (
        bank_bin,
        account,
        amount,
        purpose,
    )
    assert back.crc == payload[-4:]


def test_a_changed_amount_breaks_the_crc():
    tampered = DYNAMIC_ACB.replace("540510000", "540590000")
    with pytest.raises(VietQRError) as err:
        parse(tampered)
    assert err.value.code == "bad_crc"
    assert err.value.message == ("Mã kiểm tra không khớp: mã đã bị hỏng hoặc bị sửa.")


def test_a_wrong_crc_is_refused():
    with pytest.raises(VietQRError) as err:
        parse(STATIC_ACB[:-4] + "0000")
    assert err.value.code == "bad_crc"


def test_a_code_without_crc_is_refused():
    with pytest.raises(VietQRError) as err:
        parse("000201010211")
    assert err.value.code == "no_crc"


def test_a_length_past_the_end_is_reported():
    body = "000201010211" + "38990010A000000727" + "6304"
    with pytest.raises(VietQRError) as err:
        parse(body + crc16(body))
    assert err.value.code == "bad_length"
    assert "38" in err.value.message


def test_a_non_napas_code_is_not_vietqr():
    body = "00020101021126280010A0000007750110010531314453037045802VN6304"
    with pytest.raises(VietQRError) as err:
        parse(body + crc16(body))
    assert err.value.code == "not_vietqr"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"bank_bin": "97043"}, "bad_bin"),
        ({"account": "12 34"}, "bad_account"),
        ({"amount": 0}, "bad_amount"),
        ({"purpose": "Tiền gạo"}, "bad_purpose"),
        ({"purpose": "x" * 26}, "bad_purpose"),
        ({"service": "QRPUSH"}, "bad_service"),
    ],
)
def test_build_refuses_bad_values_with_a_clear_message(fields, code):
    values = {"bank_bin": "970436", "account": "1023456789", **fields}
    with pytest.raises(VietQRError) as err:
        build(VietQR(**values))
    assert err.value.code == code
    assert err.value.message


NODE_CHECK = """
const {QRPay} = require(process.env.VIETNAM_QR_PAY + "/dist/index.js");
const payloads = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(payloads.map(p => {
  const q = new QRPay(p);
  return [q.isValid, q.provider.name, q.consumer.bankBin, q.amount, q.build() === p];
})));
"""


@pytest.mark.skipif(
    not (os.environ.get("VIETNAM_QR_PAY") and shutil.which("node")),
    reason="set VIETNAM_QR_PAY to an unpacked `npm pack vietnam-qr-pay` (see docs)",
)
def test_every_simulator_code_is_valid_for_the_vietnam_qr_pay_package():
    shown = [
        widget_context("vietqr-pay", name)["payload"]
        for name in scenario_names("vietqr-pay")
    ]
    out = subprocess.run(  # noqa: S603 - fixed program, our own payloads
        [shutil.which("node"), "-e", NODE_CHECK],
        input=json.dumps(shown),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for (valid, provider, bank_bin, amount, same), payload in zip(
        json.loads(out), shown, strict=True
    ):
        qr = parse(payload)
        assert (valid, provider, same) == (True, "VIETQR", True)
        assert (bank_bin, int(amount)) == (qr.bank_bin, qr.amount)
