import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hocvuso.classes.models import (
    WEEKDAYS,
    Adaptation,
    Audience,
    Confidence,
    Organiser,
    Priority,
    TaskResult,
    VenueKind,
    audience_details,
)
from hocvuso.classes.services import EDITABLE
from hocvuso.people.models import Sex

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SeriesForm(forms.Form):
    unit = forms.ChoiceField(label=_("Commune, ward or hamlet"))
    title = forms.CharField(label=_("Name of the class"), max_length=150)
    venue_kind = forms.ChoiceField(label=_("Kind of venue"), choices=VenueKind.choices)
    venue_name = forms.CharField(label=_("Venue"), max_length=150)
    venue_address = forms.CharField(label=_("Address"), max_length=255, required=False)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME)
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), initial=90, min_value=15, max_value=480
    )
    starts_on = forms.DateField(label=_("First week from"), widget=DATE)
    ends_on = forms.DateField(label=_("Last date"), widget=DATE, required=False)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    audience_detail = forms.ChoiceField(
        label=_("Which group or language"), required=False
    )
    topics = forms.CharField(
        label=_("Topics"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    competence_codes = forms.CharField(
        label=_("Competences (codes)"),
        required=False,
        help_text=_("Separated by commas, for example: 1.1, 5.2"),
    )
    lesson_refs = forms.CharField(
        label=_("Lessons (course/lesson)"),
        required=False,
        help_text=_("Separated by commas."),
    )
    organisers = forms.MultipleChoiceField(
        label=_("Organised by"),
        choices=Organiser.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_names = forms.CharField(
        label=_("Names of the organisations"), max_length=255, required=False
    )
    instructors = forms.MultipleChoiceField(
        label=_("Instructors"), required=False, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(label=_("Places"), initial=30, min_value=1)
    accessibility_notes = forms.CharField(
        label=_("Access to the venue"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    adaptations = forms.MultipleChoiceField(
        label=_("Adaptations"),
        choices=Adaptation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units=(), instructors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]
        labels = dict(Audience.choices)
        self.fields["audience_detail"].choices = [("", _("None"))] + [
            (labels[audience], choices)
            for audience, choices in audience_details().items()
        ]
        self.fields["instructors"].choices = [
            (str(u.pk), u.full_name) for u in instructors
        ]

    @staticmethod
    def split(value: str) -> list[str]:
        return [v.strip() for v in value.split(",") if v.strip()]


class GenerateForm(forms.Form):
    weeks = forms.IntegerField(
        label=_("Number of weeks"), initial=8, min_value=1, max_value=52
    )
    from_date = forms.DateField(
        label=pgettext_lazy("classes", "From"), widget=DATE, required=False
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a person by name"), max_length=100)


class PriorityField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Priority"),
            choices=Priority.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )


class RegisterForm(forms.Form):
    person_id = forms.IntegerField(widget=forms.HiddenInput)
    priority = PriorityField()


class PersonAddForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    birth_year = forms.IntegerField(label=_("Birth year"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=15, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    priority = PriorityField()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class MoveForm(ReasonForm):
    day = forms.DateField(label=_("New date"), widget=DATE)
    time = forms.TimeField(label=_("New time"), widget=TIME)

    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(
                self.cleaned_data["day"], self.cleaned_data["time"]
            )
        )


class LessonsForm(forms.Form):
    lesson_refs = forms.CharField(
        label=_("Lessons covered (course/lesson)"),
        required=False,
        help_text=_("Separated by commas."),
    )
    notes = forms.CharField(label=_("What was covered"), max_length=500, required=False)


class CardForm(forms.Form):
    card = forms.CharField(
        label=_("Scan or type the sign-in card"),
        max_length=300,
        help_text=_("The address the card's QR opens, or its code."),
    )


class WalkInForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    birth_year = forms.IntegerField(label=_("Birth year"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=15, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)


FACES = [("", _("Not asked"))] + [(str(v), label) for v, label in Confidence.choices]


class AttendanceForm(forms.Form):
    confidence_before = forms.TypedChoiceField(
        label=_("Before the class"),
        choices=FACES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    confidence_after = forms.TypedChoiceField(
        label=_("After the class"),
        choices=FACES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    needs_follow_up = forms.BooleanField(label=_("Needs a follow-up"), required=False)
    follow_up_note = forms.CharField(
        label=_("What to follow up"), max_length=255, required=False
    )


class TaskCheckForm(forms.Form):
    task_code = forms.ChoiceField(label=_("Task"))
    result = forms.ChoiceField(
        label=_("How it went"), choices=TaskResult.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task_code"].choices = list(tasks)


class ReportForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"))
    start = forms.DateField(label=pgettext_lazy("classes", "From"), widget=DATE)
    end = forms.DateField(label=pgettext_lazy("classes", "To"), widget=DATE)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or (end - start).days > 366):
            raise forms.ValidationError(
                _("Choose a period of at most one year, ending after it starts.")
            )
        return data


class SeriesEditForm(SeriesForm):
    """What a series offers; the weekly schedule is not changed here."""

    SCHEDULE = ("unit", "weekday", "start_time", "duration_minutes", "starts_on")

    def __init__(self, *args, series=None, **kwargs):
        if series is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(series, name) for name in EDITABLE},
                "competence_codes": ", ".join(series.competence_codes),
                "lesson_refs": ", ".join(series.lesson_refs),
                "instructors": [str(u.pk) for u in series.instructors.all()],
            }
        super().__init__(*args, **kwargs)
        for name in self.SCHEDULE:
            del self.fields[name]
