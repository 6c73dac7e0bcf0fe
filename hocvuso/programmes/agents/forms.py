"""Forms of the Đại lý số pages. Choices come from the province's catalogue
and the viewer's units; the services re-check every rule."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.geography.models import Unit
from hocvuso.programmes.agents.models import AgentKind, AgentService
from hocvuso.programmes.agents.services import MAX_HELPED_PER_DAY

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _unit_label(unit: Unit) -> str:
    return unit.name if not unit.is_local else f"— {unit.name}"


class AgentForm(forms.Form):
    unit = forms.ChoiceField(label=_("Commune, ward or hamlet"))
    name = forms.CharField(
        label=_("Name of the agent"),
        max_length=150,
        error_messages={"required": _("Enter the name of the agent.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of agent"),
        error_messages={"required": _("Choose the kind of agent.")},
    )
    services = forms.MultipleChoiceField(
        label=_("Services offered"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one service the agent offers.")},
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=255,
        error_messages={"required": _("Enter the address.")},
    )
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        max_length=255,
        error_messages={"required": _("Enter the opening hours, e.g. 7:00–17:00.")},
        help_text=_("For example: 7:00–17:00, Monday to Saturday"),
    )
    latitude = forms.CharField(
        label=_("Latitude"),
        required=False,
        max_length=20,
        help_text=_("From a map app, for example 10.0123"),
    )
    longitude = forms.CharField(
        label=_("Longitude"),
        required=False,
        max_length=20,
        help_text=_("For example 105.1234"),
    )
    contact_name = forms.CharField(
        label=_("Contact person"), required=False, max_length=150
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    def __init__(
        self,
        *args,
        units: list[Unit],
        kinds: list[AgentKind],
        services: list[AgentService],
        editing: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.units = {u.code: u for u in units}
        self.kinds = {str(k.pk): k for k in kinds}
        self.services = {str(s.pk): s for s in services}
        self.fields["unit"].choices = [(u.code, _unit_label(u)) for u in units]
        self.fields["kind"].choices = [
            ("", "—"),
            *((k, v.name) for k, v in self.kinds.items()),
        ]
        self.fields["services"].choices = [
            (k, v.name) for k, v in self.services.items()
        ]
        if editing:
            self.fields["is_active"] = forms.BooleanField(
                label=_("Open to the public (shown on the public page)"),
                required=False,
            )

    def chosen(self) -> dict:
        """The cleaned data with units, kinds and services as objects."""
        data = dict(self.cleaned_data)
        data["unit"] = self.units[data["unit"]]
        data["kind"] = self.kinds.get(data["kind"])
        data["services"] = [self.services[s] for s in data["services"]]
        return data


class HelpForm(forms.Form):
    day = forms.DateField(
        label=_("Day"),
        widget=DATE,
        error_messages={
            "required": _("Choose today or a past day."),
            "invalid": _("Choose today or a past day."),
        },
    )

    def __init__(self, *args, services: list[AgentService], **kwargs):
        super().__init__(*args, **kwargs)
        self.services = services
        number = _("Write a number from 0 to %(max)s.") % {"max": MAX_HELPED_PER_DAY}
        for service in services:
            self.fields[f"service_{service.pk}"] = forms.IntegerField(
                error_messages={
                    "invalid": number,
                    "min_value": number,
                    "max_value": number,
                },
                label=service.name,
                min_value=0,
                max_value=MAX_HELPED_PER_DAY,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def counts(self) -> dict[AgentService, int]:
        return {s: self.cleaned_data.get(f"service_{s.pk}") or 0 for s in self.services}

    def service_fields(self):
        return [self[f"service_{s.pk}"] for s in self.services]


def parse_day(raw: str | None) -> datetime.date:
    """A day from ?day=YYYY-MM-DD; today when missing or unreadable."""
    try:
        return datetime.date.fromisoformat(raw or "")
    except ValueError:
        return timezone.localdate()


class NearbyForm(forms.Form):
    """The public filter: which hamlet the visitor is in, which service."""

    hamlet = forms.ChoiceField(label=_("Your hamlet"), required=False)
    service = forms.ChoiceField(label=_("Help with"), required=False)

    def __init__(
        self, *args, hamlets: list[Unit], services: list[AgentService], **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.hamlets = {h.code: h for h in hamlets}
        self.services_by_code = {s.code: s for s in services}
        self.fields["hamlet"].choices = [
            ("", _("The whole commune")),
            *((h.code, h.name) for h in hamlets),
        ]
        self.fields["service"].choices = [
            ("", _("Any service")),
            *((s.code, s.name) for s in services),
        ]
