"""Public forms (application, contact) and the video upload form of the admin."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtailmedia.forms import BaseMediaForm
from wagtailmedia.models import MediaType

from cms.models import ApplicationSubmission, ContactMessage
from networks.models import Network


class HoneypotMixin(forms.Form):
    """A field people never see and bots fill in (hidden with CSS and from screen readers)."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class ApplicationForm(HoneypotMixin, forms.ModelForm):
    network = forms.ModelChoiceField(
        queryset=Network.objects.all(),
        required=False,
        label=_("Network"),
        empty_label=_("Not yet / I do not know"),
        help_text=_("The regional network your group belongs to, if you know it."),
    )
    patz_registered = forms.TypedChoiceField(
        label=_("Is the group registered with Stichting PaTz?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ApplicationSubmission
        fields = ["group_name", "chair_name", "email", "network", "patz_registered"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}


class ContactForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = ContactMessage
        fields = ["name", "email", "message"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "message": forms.Textarea(attrs={"rows": 6}),
        }


# The first bytes of the video formats we accept (WAGTAILMEDIA["VIDEO_EXTENSIONS"]).
def _looks_like_video(head: bytes) -> bool:
    is_mp4 = head[4:8] == b"ftyp"
    is_webm = head[:4] == b"\x1a\x45\xdf\xa3"
    return is_mp4 or is_webm


class VideoMediaForm(BaseMediaForm):
    """Refuses audio, files that are not really MP4/WebM video, and oversize files,
    each with a message the editor can act on."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "size"):
            return upload
        if self.instance.type != MediaType.VIDEO:
            raise ValidationError(_("Only video files can be uploaded here."))
        limit = settings.VIDEO_MAX_UPLOAD_SIZE
        if upload.size > limit:
            raise ValidationError(
                _("This file is too large (%(size)s); the maximum is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        position = upload.tell()
        upload.seek(0)
        head = upload.read(16)
        upload.seek(position)
        if not _looks_like_video(head):
            raise ValidationError(_("This is not an MP4 or WebM video file."))
        return upload
