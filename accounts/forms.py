from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.usernames import normalise_username


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_username(self):
        return normalise_username(self.cleaned_data["username"])

    error_messages = {
        # The same words whether the address exists or not: no account enumeration.
        "invalid_login": _("Unknown combination of e-mail address and password."),
        "inactive": _("Unknown combination of e-mail address and password."),
    }


class VerificationCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.replace("-", "").replace(" ", "").isalnum():
            raise forms.ValidationError(_("A code consists of digits and letters only."))
        return token


class EnrolmentForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the 6 digits shown in your authenticator app."))
        return token


class ReauthenticationForm(forms.Form):
    """Password and a current code, asked again before changing the second step."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    token = forms.CharField(
        label=_("Code from the app"),
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not correct."))
        return password


class NewAccountForm(forms.Form):
    """Account details for someone accepting an invitation."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A sentence of several words is easy to remember."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if any(ch in name for ch in "<>{}[]\\/=;"):
            raise forms.ValidationError(_("A name cannot contain characters such as < > / ="))
        return name

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the e-mail goes through the outbox like every other."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self):
        return normalise_username(self.cleaned_data["email"])

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.template import loader

        from outbox.services import email_queue

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_queue(
            key=f"password-reset:{context['user'].pk}:{context['token']}",
            to=to_email,
            subject=subject,
            text=body,
        )


class RegistrationNumbersForm(forms.ModelForm):
    """BIG or other registration number and AGB code, for accreditation lists."""

    registration_number = forms.RegexField(
        label=_("BIG or registration number"),
        regex=r"^[A-Za-z0-9.\- ]{4,30}$",
        required=False,
        error_messages={"invalid": _("Use only letters, digits, dots and dashes (4 to 30).")},
        help_text=_("The BIG number (11 digits) or the number of your professional register."),
    )
    agb_code = forms.RegexField(
        label=_("AGB code (GPs)"),
        regex=r"^[0-9]{8}$",
        required=False,
        error_messages={"invalid": _("An AGB code has 8 digits.")},
    )

    class Meta:
        model = User
        fields = ["registration_number", "agb_code"]
