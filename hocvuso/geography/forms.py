from django import forms
from django.utils.translation import gettext_lazy as _

from hocvuso.geography.models import LOCAL_KINDS, UnitKind


class LocalUnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k.value, k.label) for k in UnitKind if k in LOCAL_KINDS],
    )
    is_remote = forms.BooleanField(label=_("Remote or mountain area"), required=False)
    is_coastal_island = forms.BooleanField(
        label=_("Coastal or island area"), required=False
    )
    is_ethnic_minority_area = forms.BooleanField(
        label=_("Ethnic-minority area"), required=False
    )
