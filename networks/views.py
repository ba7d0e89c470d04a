from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.decorators import public
from accounts.forms import NewAccountForm
from accounts.models import User
from accounts.services import enrolment_grant
from accounts.usernames import normalise_username
from meetings.agreements import my_open_agreements
from meetings.selectors import upcoming_meetings_for_user
from networks import selectors, services
from networks.forms import GroupSettingsForm, InvitationForm
from networks.models import Invitation, Membership
from news.selectors import dashboard_news


def dashboard(request):
    memberships = selectors.memberships_for_user(user=request.user)
    context = {
        "memberships": memberships,
        "coordinated_networks": selectors.networks_coordinated_by(user=request.user),
        "upcoming_meetings": upcoming_meetings_for_user(user=request.user),
        "my_agreements": my_open_agreements(request.user),
        "news_items": dashboard_news(request.user, limit=5),
    }
    return render(request, "networks/dashboard.html", context)


def group_members(request, group_id: int):
    leader = selectors.membership_leading_group(user=request.user, group_id=group_id)
    group = leader.group
    form = InvitationForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                group=group, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("networks:group_members", group_id=group.pk)
    context = {
        "group": group,
        "members": selectors.group_members(group_id=group.pk),
        "invitations": selectors.open_invitations(group_id=group.pk),
        "form": form,
        "settings_form": GroupSettingsForm(instance=group, prefix="settings"),
        "invitation_valid_days": services.INVITATION_VALIDITY.days,
    }
    return render(request, "networks/group_members.html", context)


@require_POST
def group_settings(request, group_id: int):
    leader = selectors.membership_leading_group(user=request.user, group_id=group_id)
    form = GroupSettingsForm(request.POST, instance=leader.group, prefix="settings")
    if form.is_valid():
        services.group_settings_update(group=leader.group, **form.cleaned_data)
        messages.success(request, _("The group settings have been saved."))
    else:
        messages.error(request, _("The group settings could not be saved."))
    return redirect("networks:group_members", group_id=group_id)


@require_POST
def member_remove(request, group_id: int, membership_id: int):
    selectors.membership_leading_group(user=request.user, group_id=group_id)
    membership = get_object_or_404(Membership, pk=membership_id, group_id=group_id)
    try:
        services.membership_remove(membership=membership, removed_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("%(name)s is no longer a member.") % {"name": membership.user.full_name}
        )
    return redirect("networks:group_members", group_id=group_id)


@require_POST
def invitation_revoke(request, group_id: int, invitation_id: int):
    selectors.membership_leading_group(user=request.user, group_id=group_id)
    invitation = get_object_or_404(Invitation, pk=invitation_id, group_id=group_id)
    try:
        services.invitation_revoke(invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The invitation has been withdrawn."))
    return redirect("networks:group_members", group_id=group_id)


@public
@never_cache
def invitation(request, token: str):
    """The link from the invitation e-mail: leads to an account and a membership."""
    invitation = services.invitation_by_token(token)
    if invitation is None or not invitation.is_usable:
        return render(request, "networks/invitation_unusable.html", status=410)
    here = reverse("networks:invitation", args=[token])
    user = request.user

    if user.is_authenticated:
        if not user.is_verified():
            return redirect(f"{reverse('accounts:verify')}?next={here}")
        if normalise_username(user.email) != normalise_username(invitation.email):
            return render(
                request,
                "networks/invitation_other_account.html",
                {"invitation": invitation},
                status=403,
            )
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except (ValidationError, PermissionDenied):
                return render(request, "networks/invitation_unusable.html", status=410)
            messages.success(
                request, _("You are now a member of %(group)s.") % {"group": invitation.group}
            )
            return redirect("networks:dashboard")
        return render(request, "networks/invitation_confirm.html", {"invitation": invitation})

    if User.objects.filter(email__iexact=invitation.email).exists():
        # An existing account signs in first (both steps), then comes back here.
        return render(
            request,
            "networks/invitation_sign_in.html",
            {"invitation": invitation, "login_url": f"{reverse('accounts:login')}?next={here}"},
        )

    form = NewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.invitation_accept_with_new_account(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except (ValidationError, PermissionDenied):
            return render(request, "networks/invitation_unusable.html", status=410)
        # Signed in with the password only; the middleware now requires enrolment.
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        enrolment_grant(request=request, user=new_user)
        return redirect(f"{reverse('accounts:enrol')}?next={reverse('networks:dashboard')}")
    return render(
        request, "networks/invitation_new_account.html", {"invitation": invitation, "form": form}
    )
