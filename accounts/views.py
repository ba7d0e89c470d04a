from base64 import b32encode

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.decorators import before_verification, public
from accounts.forms import (
    EnrolmentForm,
    LoginForm,
    OutboxPasswordResetForm,
    ReauthenticationForm,
    RegistrationNumbersForm,
    VerificationCodeForm,
)
from accounts.models import User
from accounts.qr import qr_code_svg
from accounts.security_log import log_security_event
from accounts.selectors import backup_codes_remaining, user_has_confirmed_device


def safe_next_url(request, default: str = "networks:dashboard") -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


@method_decorator(public, name="dispatch")
class LoginView(auth_views.LoginView):
    """Step one: e-mail address and password. Step two follows on its own page."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = False

    def get_success_url(self):
        step = (
            "accounts:verify" if user_has_confirmed_device(self.request.user) else "accounts:enrol"
        )
        return f"{reverse(step)}?next={safe_next_url(self.request)}"


@before_verification
@login_required
def verify(request):
    """Step two: a code from the authenticator app, or a backup code."""
    if request.user.is_verified():
        return redirect(safe_next_url(request))
    if not user_has_confirmed_device(request.user):
        return redirect(f"{reverse('accounts:enrol')}?next={safe_next_url(request)}")
    form = VerificationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.second_step_verify(request=request, token=form.cleaned_data["token"])
        if result == services.VerificationResult.OK:
            return redirect(safe_next_url(request))
        if result == services.VerificationResult.THROTTLED:
            form.add_error(None, _("Too many wrong codes. Wait a moment and try again."))
        else:
            form.add_error("token", _("This code is not correct or has already been used."))
    return render(request, "accounts/verify.html", {"form": form, "next": safe_next_url(request)})


@before_verification
@login_required
def enrol(request):
    """Setting up the authenticator app; only for an account that has none yet."""
    if user_has_confirmed_device(request.user):
        # Someone with only the password must not be able to add their own device.
        return redirect(f"{reverse('accounts:verify')}?next={safe_next_url(request)}")
    if not services.enrolment_allowed(request=request):
        # The secret is shown only to the session that followed the invitation or
        # reset link, which proved the e-mail address; a password alone is not enough.
        log_security_event("enrolment_refused", request)
        return render(request, "accounts/enrol_refused.html", status=403)
    device = services.totp_device_for_enrolment(user=request.user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(
            request=request, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            return _show_backup_codes(request, codes, next_url=safe_next_url(request))
        form.add_error("token", _("This code is not correct. Check the time on your phone."))
    context = {
        "form": form,
        "qr_svg": mark_safe(qr_code_svg(device.config_url)),  # noqa: S308 - generated SVG
        "secret": _grouped(b32encode(device.bin_key).decode().rstrip("=")),
        "next": safe_next_url(request),
    }
    return render(request, "accounts/enrol.html", context)


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _show_backup_codes(request, codes, *, next_url):
    # Rendered in the response to the POST only: never stored, never shown again.
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": next_url})


def account(request):
    return render(
        request,
        "accounts/account.html",
        {"backup_codes_remaining": backup_codes_remaining(request.user)},
    )


def registration_numbers(request):
    form = RegistrationNumbersForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("accounts:account")
    return render(request, "accounts/registration_numbers.html", {"form": form})


def backup_codes_regenerate(request):
    form = ReauthenticationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if (
            services.second_step_verify(request=request, token=token)
            == services.VerificationResult.OK
        ):
            codes = services.backup_codes_generate(user=request.user)
            log_security_event("backup_codes_regenerated", request)
            return _show_backup_codes(request, codes, next_url=reverse("accounts:account"))
        form.add_error("token", _("This code is not correct or has already been used."))
    return render(request, "accounts/reauthenticate.html", {"form": form})


@require_POST
@before_verification
def logout(request):
    auth_logout(request)
    messages.success(request, _("You have been signed out."))
    return redirect("accounts:login")


@require_POST
def logout_everywhere(request):
    services.sign_out_everywhere(request=request)
    messages.success(request, _("You have been signed out on all your devices."))
    return redirect("accounts:login")


@method_decorator(public, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if services.password_reset_over_limit(request=self.request, email=email):
            form.add_error(None, _("Too many requests from your address. Please try again later."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@method_decorator(public, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(public, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    # A reset proves control of the mailbox, not of the second step: never sign in here.
    post_reset_login = False
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        log_security_event("password_reset_done", self.request, user=form.user)
        if self.request.user.is_authenticated:
            auth_logout(self.request)  # that session's password is no longer valid
        if not user_has_confirmed_device(form.user):
            # The link proved the address: this browser may now set up the app.
            services.enrolment_grant(request=self.request, user=form.user)
        return response


@method_decorator(public, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        log_security_event("password_changed", self.request)
        messages.success(self.request, _("Your password has been changed."))
        return response


def two_step_reset(request, user_id: int):
    """For administrators: reset someone's two-step verification (confirm, then POST)."""
    if not request.user.is_superuser:
        raise Http404
    subject = get_object_or_404(User, pk=user_id)
    if request.method == "POST":
        services.two_step_reset(request=request, user=subject)
        messages.success(
            request,
            _("The two-step verification of %(name)s has been reset; a new link is on its way.")
            % {"name": subject},
        )
        return redirect("wagtailusers_users:edit", subject.pk)
    return render(request, "accounts/two_step_reset_confirm.html", {"subject": subject})


@public
def csrf_failure(request, reason=""):
    log_security_event("csrf_failure", request)
    body = render_to_string("accounts/csrf_failure.html", request=request)
    return HttpResponseForbidden(body)
