"""Every mail the portal sends says it is automatic (RFC 3834), so that out-of-office
replies and auto-forwarders leave it alone."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from meetings.services import invitations_for_new_member
from outbox.models import OutboundEmail
from outbox.services import email_deliver, email_queue
from tests.factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_every_delivered_mail_is_marked_auto_generated():
    email_queue(key="plain:1", to="lid@example.nl", subject="Onderwerp", text="Tekst")
    email_queue(
        key="html:1", to="lid@example.nl", subject="Onderwerp", text="Tekst", html="<p>Tekst</p>"
    )
    membership = MembershipFactory()
    starts_at = timezone.now() + timedelta(days=10)
    MeetingFactory(
        group=membership.group, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)
    )
    assert invitations_for_new_member(membership=membership) == 1  # with a calendar file

    rows = OutboundEmail.objects.all()
    assert rows.count() == 3
    for row in rows:
        assert email_deliver(message_id=row.pk) == "sent"
    assert len(mail.outbox) == 3
    for sent in mail.outbox:
        assert sent.message()["Auto-Submitted"] == "auto-generated"
