import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.outreach.models import (
    ActionKind,
    Affiliation,
    MemberRole,
    Outcome,
    TrainingStatus,
)
from hocvuso.outreach.services import ActionIn, VisitIn

ACTION_ROWS = 4


class VisitForm(forms.Form):
    """One visit: up to ACTION_ROWS actions (empty rows are ignored)."""

    client_id = forms.CharField(widget=forms.HiddenInput, max_length=64)
    started_at = forms.DateTimeField(widget=forms.HiddenInput)
    feedback = forms.CharField(
        label=_("Feedback the resident asks to pass to the commune"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(
                client_id=f"web-{uuid.uuid4().hex}", started_at=timezone.now()
            )
        people = [("", _("Choose a person"))] + [
            (str(m.pk), m.full_name) for m in members
        ]
        actions = [("", _("Choose what was done"))] + list(ActionKind.choices)
        outcomes = [("", _("Choose the outcome"))] + list(Outcome.choices)
        for i in range(ACTION_ROWS):
            self.fields[f"person_{i}"] = forms.ChoiceField(
                label=_("Person"), choices=people, required=False
            )
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label=_("Action"), choices=actions, required=False
            )
            self.fields[f"outcome_{i}"] = forms.ChoiceField(
                label=_("Outcome"), choices=outcomes, required=False
            )
            self.fields[f"follow_up_{i}"] = forms.DateField(
                label=_("Follow up on"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def rows(self):
        return [
            [
                self[f"person_{i}"],
                self[f"kind_{i}"],
                self[f"outcome_{i}"],
                self[f"follow_up_{i}"],
            ]
            for i in range(ACTION_ROWS)
        ]

    def clean(self):
        data = super().clean()
        actions = []
        for i in range(ACTION_ROWS):
            values = [
                data.get(f"person_{i}"),
                data.get(f"kind_{i}"),
                data.get(f"outcome_{i}"),
            ]
            if not any(values):
                continue
            if not all(values):
                self.add_error(
                    f"outcome_{i}" if values[0] and values[1] else f"person_{i}",
                    _("Choose the person, the action and the outcome."),
                )
                continue
            actions.append(
                ActionIn(
                    person_id=int(values[0]),
                    kind=values[1],
                    outcome=values[2],
                    follow_up_on=data.get(f"follow_up_{i}"),
                )
            )
        data["actions"] = actions
        return data

    def to_visit(self, household_id: int) -> VisitIn:
        data = self.cleaned_data
        started = data["started_at"]
        now = timezone.now()
        return VisitIn(
            client_id=data["client_id"],
            household_id=household_id,
            started_at=min(started, now),
            ended_at=now,
            actions=data["actions"],
            feedback=data.get("feedback", ""),
        )


class TeamForm(forms.Form):
    unit = forms.ChoiceField(label=_("Hamlet or residential group"))
    name = forms.CharField(label=_("Team name"), required=False, max_length=150)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(
        label=_("Decision date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role in the team"), choices=MemberRole.choices)
    affiliation = forms.ChoiceField(label=_("Affiliation"), choices=Affiliation.choices)
    training_status = forms.ChoiceField(
        label=_("Training"), choices=TrainingStatus.choices
    )


class ReferralCloseForm(forms.Form):
    done = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Done")), ("0", _("Not done"))],
        coerce=lambda v: v == "1",
    )
    closed_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=255)


class AssignForm(forms.Form):
    household = forms.IntegerField(widget=forms.HiddenInput)
    volunteer = forms.ChoiceField(label=_("Volunteer"))
    due_on = forms.DateField(
        label=_("Visit by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, volunteers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].choices = [
            (str(v.pk), v.full_name) for v in volunteers
        ]
