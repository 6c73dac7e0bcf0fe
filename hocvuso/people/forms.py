import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.people.models import Assistance, MilestoneKind


class ImportForm(forms.Form):
    unit = forms.ChoiceField(label=_("Commune, ward or special zone"))
    file = forms.FileField(
        label=_("Resident list (.xlsx or .csv)"),
        help_text=_(
            "The first sheet is read. A title above the heading row is fine. "
            "Columns are found by their Vietnamese headings, e.g. Họ và tên, "
            "Năm sinh, Giới tính, Số điện thoại, Số CCCD, Địa chỉ, Ấp, Mã hộ."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Check only: show what would be imported, write nothing"),
        required=False,
    )
    all_or_nothing = forms.BooleanField(
        label=_("Import nothing if any row has an error"), required=False
    )
    create_hamlets = forms.BooleanField(
        label=_(
            "Create the hamlets (ấp, khu phố…) the list names that the commune "
            "does not have yet"
        ),
        required=False,
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"


class CreateHamletsForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, create these hamlets and import their rows"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label=_("Milestone"), choices=MilestoneKind.choices)
    achieved_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    assistance = forms.ChoiceField(
        label=_("How"), choices=Assistance.choices, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("achieved_on", timezone.localdate())

    def clean_achieved_on(self) -> datetime.date:
        value = self.cleaned_data["achieved_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value
