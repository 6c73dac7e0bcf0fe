from django import forms
from django.utils.translation import gettext_lazy as _


class SignInForm(forms.Form):
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "username", "inputmode": "tel"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
