from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.assessment.models import Assisted, Confidence, Moment, UniversalSource

PIN_ATTRS = {
    "inputmode": "numeric",
    "pattern": "[0-9]{6}",
    "maxlength": "6",
    "autocomplete": "one-time-code",
}


class LearnerSignInForm(forms.Form):
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}
        ),
    )
    pin = forms.CharField(
        label=_("PIN (6 digits)"),
        max_length=6,
        strip=True,
        widget=forms.PasswordInput(attrs=PIN_ATTRS),
    )


class PinForm(forms.Form):
    pin = forms.CharField(
        label=_("New PIN (6 digits)"),
        max_length=6,
        help_text=_("Let the person choose it. Do not write it down for them."),
        widget=forms.PasswordInput(attrs={**PIN_ATTRS, "autocomplete": "new-password"}),
    )


class ObservedCheckForm(forms.Form):
    task = forms.ChoiceField(label=_("Task the person did"))
    assisted = forms.ChoiceField(
        label=_("How"), choices=Assisted.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list] = {}
        for task in tasks:
            label = f"{task.competence.code} {task.competence.name}"
            groups.setdefault(label, []).append(
                (task.code, f"{task.text} ({_('level')} {task.level})")
            )
        self.fields["task"].choices = [("", "—"), *groups.items()]


class EvidenceForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Confirmed by"),
        choices=[
            (s.value, s.label)
            for s in (UniversalSource.NATIONAL_PLATFORM, UniversalSource.VNEID)
        ],
        widget=forms.RadioSelect,
    )
    evidence = forms.CharField(
        label=_("What you saw"),
        max_length=255,
        help_text=_("For example the certificate number, or the screen in VNeID."),
    )
    achieved_on = forms.DateField(
        label=_("Date on the confirmation"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ConfidenceForm(forms.Form):
    moment = forms.ChoiceField(
        label=_("When"), choices=Moment.choices, widget=forms.RadioSelect
    )
    value = forms.TypedChoiceField(
        label=_("How sure do you feel using the phone for this?"),
        choices=Confidence.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    context = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Code on the record"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters"}),
    )
