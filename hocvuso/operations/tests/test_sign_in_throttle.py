"""Sign-in throttling per phone number and per address, for staff and for
learners, and behind the proxy (where every request comes from nginx)."""

import pytest
from django.urls import reverse

from conftest import PASSWORD
from hocvuso.accounts.scope import Role

pytestmark = pytest.mark.django_db
LOCKED = "Bạn đã nhập sai quá nhiều lần"


def staff_sign_in(client, phone, password, address, **extra):
    return client.post(
        reverse("accounts:login"),
        {"phone": phone, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def test_failures_on_many_phones_from_one_address_lock_that_address_only(
    client, binh_an, make_staff, settings
):
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an)
    for n in range(settings.LOGIN_MAX_FAILURES):
        staff_sign_in(client, f"09123450{n:02d}", "guess", "198.51.100.1")
    locked = staff_sign_in(client, officer.phone, PASSWORD, "198.51.100.1")
    assert LOCKED in locked.content.decode()
    assert "_auth_user_id" not in client.session
    elsewhere = staff_sign_in(client, officer.phone, PASSWORD, "198.51.100.2")
    assert elsewhere.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_failures_on_one_phone_from_many_addresses_lock_that_phone(
    client, binh_an, make_staff, settings
):
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an)
    other = make_staff(Role.COMMUNE_OFFICER, binh_an)
    for n in range(settings.LOGIN_MAX_FAILURES):
        staff_sign_in(client, officer.phone, "guess", f"198.51.100.{n + 10}")
    locked = staff_sign_in(client, officer.phone, PASSWORD, "203.0.113.50")
    assert LOCKED in locked.content.decode()
    assert staff_sign_in(client, other.phone, PASSWORD, "203.0.113.50").status_code == (
        302
    )


def test_behind_the_proxy_one_clients_failures_do_not_lock_the_others(
    client, binh_an, make_staff, settings
):
    """Every request reaches the app from nginx (127.0.0.1); X-Real-IP names
    the client. Without ClientAddressMiddleware the whole site would lock."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    officer = make_staff(Role.COMMUNE_OFFICER, binh_an)
    for n in range(settings.LOGIN_MAX_FAILURES):
        staff_sign_in(
            client, f"09123451{n:02d}", "guess", "127.0.0.1", HTTP_X_REAL_IP="192.0.2.7"
        )
    assert LOCKED in (
        staff_sign_in(
            client, officer.phone, PASSWORD, "127.0.0.1", HTTP_X_REAL_IP="192.0.2.7"
        ).content.decode()
    )
    other_client = staff_sign_in(
        client, officer.phone, PASSWORD, "127.0.0.1", HTTP_X_REAL_IP="192.0.2.8"
    )
    assert other_client.status_code == 302


def test_learner_sign_in_is_throttled_per_address(client, an_giang, settings):
    for n in range(settings.LOGIN_MAX_FAILURES):
        client.post(
            reverse("assessment:learner-sign-in"),
            {"phone": f"09123452{n:02d}", "pin": "1234"},
            REMOTE_ADDR="198.51.100.3",
        )
    locked = client.post(
        reverse("assessment:learner-sign-in"),
        {"phone": "0912345299", "pin": "1234"},
        REMOTE_ADDR="198.51.100.3",
    )
    assert LOCKED in locked.content.decode()
    fresh = client.post(
        reverse("assessment:learner-sign-in"),
        {"phone": "0912345299", "pin": "1234"},
        REMOTE_ADDR="198.51.100.4",
    )
    assert LOCKED not in fresh.content.decode()
