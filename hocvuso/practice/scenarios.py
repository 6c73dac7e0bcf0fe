"""The simulators' scenarios: content files plus what each widget needs.

Scenario content (the shop, the messages, the explanations) is written in
Vietnamese in ``content/<simulator>.json``, reviewable in git like lesson
content. Interface words (buttons, headings) go through gettext. The widget
gets both as one JSON object, so its script holds no user-facing text and needs
no network during a run.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import segno
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hocvuso.core.errors import NotFound
from hocvuso.practice import vietqr
from hocvuso.practice.models import Simulator

CONTENT_DIR = Path(__file__).resolve().parent / "content"


@cache
def _content(simulator: str) -> dict:
    with (CONTENT_DIR / f"{simulator}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def simulator_content(simulator: str) -> dict:
    """The content of one simulator; NotFound for an unknown name."""
    if simulator not in Simulator.values:
        raise NotFound(simulator)
    return _content(simulator)


def scenario_names(simulator: str) -> list[str]:
    return list(simulator_content(simulator)["scenarios"])


def scenario_get(simulator: str, name: str | None) -> tuple[str, dict]:
    """Return (name, scenario); the first scenario when ``name`` is empty."""
    scenarios = simulator_content(simulator)["scenarios"]
    name = name or next(iter(scenarios))
    if name not in scenarios:
        raise NotFound(name)
    return name, scenarios[name]


def simulators_overview() -> list[dict]:
    """Each simulator with its title, summary and scenarios, in a fixed order."""
    return [
        {
            "slug": slug,
            "title": simulator_content(slug)["title"],
            "summary": simulator_content(slug)["summary"],
            "scenarios": [
                {"name": name, "title": sc["title"]}
                for name, sc in simulator_content(slug)["scenarios"].items()
            ],
        }
        for slug in Simulator.values
    ]


def money(amount: int) -> str:
    """95000 -> "95.000 đ" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".") + " đ"


def qr_svg(data: str, label: str) -> str:
    """An inline SVG QR code with an accessible name."""
    svg = segno.make(data, error="m").svg_inline(
        scale=4, border=2, dark="#000", light="#fff", svgclass="pw-qr"
    )
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def _common_strings() -> dict:
    return {
        "restart": _("Start again"),
        "done_ok": _("Well done: no mistakes."),
        "done_mistakes": _("Finished. Read the explanation below, then try again."),
        "explain": _("Explanation"),
        "saved_device": _("Your result is kept on this device."),
        "saved_account": _("Your result is saved to your learning record."),
        "practice_only": _("Practice only: no real money, account or data."),
    }


def _vietqr(content: dict, scenario: dict) -> dict:
    qr = scenario["qr"]
    payload = vietqr.build(vietqr.VietQR(**qr))
    shop = content["shop"]
    return {
        "payload": payload,
        "svg": qr_svg(
            payload, _("Payment QR code of %(shop)s") % {"shop": shop["name"]}
        ),
        "shown": {
            "bank": vietqr.BANKS.get(qr["bank_bin"], qr["bank_bin"]),
            "account": qr["account"],
            "name": content["directory"].get(f"{qr['bank_bin']}/{qr['account']}", ""),
            "amount": money(qr["amount"]),
            "price": money(shop["price"]),
            "shop_bank": vietqr.BANKS.get(shop["bank_bin"], ""),
        },
        "config": {
            "expect": scenario["expect"],
            "mistake": scenario.get("mistake", ""),
            "pin": content["pin"],
            "banks": vietqr.BANKS,
            "directory": content["directory"],
            "app": content["app_name"],
            "explain": scenario["explain"],
            "t": {
                "scan": _("Open the bank app and scan the code"),
                "scanning": _("The bank app read the QR code."),
                "bad_code": _("This QR code is damaged or was changed. Do not pay."),
                "check": _("Check before you pay"),
                "question": _("Are the recipient name and the amount right?"),
                "bank": _("Bank"),
                "account": _("Account number"),
                "name": _("Recipient name"),
                "amount": _("Amount"),
                "note": _("Payment note"),
                "yes": _("Right, continue"),
                "no": _("Wrong, stop: do not pay"),
                "pin_title": _("Enter the practice PIN"),
                "pin_label": _("Practice PIN"),
                "pin_hint": _(
                    "For this practice type %(pin)s. It is not a real PIN: never "
                    "tell anyone your real PIN."
                )
                % {"pin": content["pin"]},
                "pin_wrong": _("That is not the practice PIN. Type %(pin)s.")
                % {"pin": content["pin"]},
                "confirm": _("Confirm payment"),
                "paid": _("Payment done (practice)."),
                "stopped": _("You stopped. No money was sent."),
                "good_stop": _("Right! Stopping here was the safe choice."),
                "bad_pay": _("Careful: you paid although something was wrong."),
                "bad_stop": _("The name and the amount were right: you could pay."),
                **_common_strings(),
            },
        },
    }


def _public_service(content: dict, scenario: dict) -> dict:
    services = {s["id"]: s for s in content["services"]}
    return {
        "service": services[scenario["service"]],
        "document": next(
            (d for d in content["documents"] if d["id"] == scenario["document"]), None
        ),
        "config": {
            "portal": content["portal"],
            "citizen": content["citizen"],
            "services": content["services"],
            "documents": content["documents"],
            "statuses": content["statuses"],
            "service": scenario["service"],
            "search_hint": scenario["search_hint"],
            "fields": scenario["fields"],
            "document": scenario["document"],
            "explain": scenario["explain"],
            "t": {
                "search_label": _("Find a public service"),
                "search": _("Search"),
                "results": _("Services found"),
                "none": _("No service found. Try other words, e.g. %(hint)s.")
                % {"hint": scenario["search_hint"]},
                "agency": _("Handled by"),
                "wrong_service": _(
                    "This is not the service you need. Read the task again."
                ),
                "sign_in": _("Sign in with your VNeID digital identity (practice)"),
                "signed_in": _("Signed in as"),
                "form": _("Fill in the application"),
                "required": _("Please fill in: %(field)s."),
                "bad_date": _("Write the date as day/month/year, e.g. 20/11/2026."),
                "choose": _("Choose one"),
                "next": _("Continue"),
                "attach": _("Attach a document"),
                "attach_hint": _("Choose the right photo from your phone (practice)."),
                "no_attach": _("This service needs no attachment in this practice."),
                "wrong_doc": _("This photo is not the document asked for."),
                "review": _("Check and submit"),
                "pledge": _("I confirm that the information above is true."),
                "pledge_missing": _("Tick the box to confirm the information."),
                "submit": _("Submit the application"),
                "code": _("Application code"),
                "status": _("Application status"),
                "refresh": _("Check the status again"),
                "finished": _("Your application has a result."),
                **_common_strings(),
            },
        },
    }


def _spot_scam(content: dict, scenario: dict) -> dict:
    items = [{"id": i, **content["items"][i]} for i in scenario["items"]]
    return {
        "items": items,
        "config": {
            "kinds": content["kinds"],
            "items": items,
            "explain": scenario["explain"],
            "t": {
                "safe": _("Safe"),
                "scam": _("Scam"),
                "from": pgettext("message sender", "From"),
                "situation": _("Situation %(n)s of %(total)s"),
                "right": _("Right."),
                "wrong": _("Not quite."),
                "next": _("Next situation"),
                "score": _("%(right)s of %(total)s right."),
                **_common_strings(),
            },
        },
    }


def _vneid(content: dict, scenario: dict) -> dict:
    person = content["person"]
    share_label = _("Practice QR code to share information")
    return {
        "person": person,
        "documents": content["documents"],
        "scam": scenario["scam"],
        "config": {
            "app": content["app_name"],
            "person": person,
            "documents": content["documents"],
            "otp": content["otp"],
            "share_needed": scenario["share_needed"],
            "share_svg": qr_svg(
                "LUYEN TAP - KHONG PHAI MA THAT - hocvuso practice", share_label
            ),
            "scam": scenario["scam"],
            "explain": scenario["explain"],
            "t": {
                "sign_in": _("Sign in"),
                "id_label": _("Personal identification number"),
                "password": _("Password"),
                "creds_hint": _(
                    "For this practice type the number %(id)s and the password "
                    "%(pw)s. They are not real."
                )
                % {"id": person["id_number"], "pw": person["password"]},
                "bad_creds": _("The number or the password is not the practice one."),
                "home": _("Home"),
                "wallet": _("Document wallet"),
                "open": pgettext("open a document", "Open"),
                "back": _("Back"),
                "share": _("Share information by QR code"),
                "share_hint": _("Tick only what is needed, then make the QR code."),
                "make_qr": _("Make the QR code"),
                "share_none": _("Tick at least one document."),
                "share_more": _("You shared more than needed."),
                "share_wrong": _("This is not the document that is needed."),
                "shared": _("Show this QR code to the person who needs it."),
                "incoming": _("Incoming call"),
                "sms": _("New message"),
                "give_otp": _("Read the OTP to the caller"),
                "refuse": _("Refuse and hang up"),
                "good_refuse": _("Right! Never give your OTP to anyone."),
                "bad_otp": _("Careful: you gave the OTP to a scammer."),
                "finish": _("Finish"),
                **_common_strings(),
            },
        },
    }


_BUILDERS = {
    Simulator.VIETQR_PAY: _vietqr,
    Simulator.PUBLIC_SERVICE: _public_service,
    Simulator.SPOT_SCAM: _spot_scam,
    Simulator.VNEID: _vneid,
}


def widget_context(simulator: str, scenario: str | None) -> dict:
    """Everything the widget template needs for one simulator and scenario."""
    content = simulator_content(simulator)
    name, data = scenario_get(simulator, scenario)
    extra = _BUILDERS[Simulator(simulator)](content, data)
    config = {"simulator": simulator, "scenario": name, **extra.pop("config")}
    return {
        "simulator": simulator,
        "scenario_name": name,
        "content": content,
        "scenario": data,
        "config": config,
        **extra,
    }
