"""Every field saves as the chair types; a reload shows it; a stale save loses nothing."""

import pytest

from audit.models import AuditEvent
from meetings.models import AgendaItem
from tests.meetings_run.conftest import run_url

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_advice_autosave_survives_a_reload(signed_in, chair, meeting, item):
    client = signed_in(chair)
    response = client.post(
        run_url("advice_save", meeting, item.pk),
        {"advice": "Start morfine, evalueer over een week", "discussed": "on", "version": 1},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Opgeslagen om" in response.content.decode()
    assert 'name="version" value="2"' in response.content.decode()

    page = client.get(run_url("item", meeting, item.pk))
    assert "Start morfine, evalueer over een week" in page.content.decode()
    item.refresh_from_db()
    assert item.discussed and item.version == 2
    assert AuditEvent.objects.filter(
        action="update", patient_id=item.patient_id, changed_fields=["advice", "discussed"]
    ).exists()


def test_stale_save_is_refused_and_shows_the_other_text(signed_in, chair, meeting, item):
    client = signed_in(chair)
    first = client.post(
        run_url("advice_save", meeting, item.pk),
        {"advice": "Tekst van de voorzitter", "version": 1},
        **HTMX,
    )
    assert first.status_code == 200
    # The vice-chair's screen still has version 1.
    stale = client.post(
        run_url("advice_save", meeting, item.pk),
        {"advice": "Tekst van de vicevoorzitter", "version": 1},
        **HTMX,
    )
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Tekst van de voorzitter" in body
    assert "Iemand anders heeft dit advies intussen opgeslagen" in body
    assert AgendaItem.objects.get(pk=item.pk).advice == "Tekst van de voorzitter"
    # With the version the conflict handed back, the merged text is saved.
    merged = client.post(
        run_url("advice_save", meeting, item.pk),
        {"advice": "Tekst van de voorzitter\nTekst van de vicevoorzitter", "version": 2},
        **HTMX,
    )
    assert merged.status_code == 200
    assert "vicevoorzitter" in AgendaItem.objects.get(pk=item.pk).advice


def test_without_javascript_the_form_posts_and_returns(signed_in, chair, meeting, item):
    client = signed_in(chair)
    response = client.post(
        run_url("advice_save", meeting, item.pk), {"advice": "Zonder htmx", "version": 1}
    )
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).advice == "Zonder htmx"


def test_agreement_status_autosaves(signed_in, chair, meeting, item):
    client = signed_in(chair)
    client.post(
        run_url("agreement_add", meeting, item.pk),
        {
            "new-what": "Bel de familie",
            "new-owner": f"m:{chair.pk}",
            "new-due_date": "2030-01-10",
            "new-status": "open",
        },
    )
    agreement = item.agreements.get()
    response = client.post(
        run_url("agreement_save", meeting, item.pk, agreement.pk),
        {
            f"agreement-{agreement.pk}-what": "Bel de familie",
            f"agreement-{agreement.pk}-owner": f"m:{chair.pk}",
            f"agreement-{agreement.pk}-due_date": "2030-01-10",
            f"agreement-{agreement.pk}-status": "done",
        },
        **HTMX,
    )
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.status == "done"
    assert agreement.owner_membership == chair and agreement.who == "Anna Voorzitter"
    assert agreement.status_changed_by == chair.user and agreement.status_changed_at


def test_stale_save_without_javascript_keeps_both_texts(signed_in, chair, meeting, item):
    client = signed_in(chair)
    client.post(run_url("advice_save", meeting, item.pk), {"advice": "Eerste", "version": 1})
    stale = client.post(
        run_url("advice_save", meeting, item.pk), {"advice": "Tweede", "version": 1}
    )
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Eerste" in body and ">Tweede</textarea>" in body
    assert 'name="version" value="2"' in body
    assert AgendaItem.objects.get(pk=item.pk).advice == "Eerste"


def test_closing_without_attendance_is_refused(signed_in, chair, meeting, item):
    client = signed_in(chair)
    response = client.post(run_url("close", meeting), {"plan_next": ""})
    assert response.status_code == 400
    assert "Leg vast wie er aanwezig waren" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned"


@pytest.mark.parametrize("version", ["", "abc", "0", "-1", "99999999999999999999"])
def test_an_invalid_version_says_the_page_is_stale_not_that_the_text_is_too_long(
    signed_in, chair, meeting, item, version
):
    client = signed_in(chair)
    response = client.post(
        run_url("advice_save", meeting, item.pk), {"advice": "Kort", "version": version}, **HTMX
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Deze pagina is verouderd" in body
    assert "te lang" not in body
    assert AgendaItem.objects.get(pk=item.pk).advice != "Kort"


def test_too_long_advice_still_says_it_is_too_long(signed_in, chair, meeting, item):
    client = signed_in(chair)
    response = client.post(
        run_url("advice_save", meeting, item.pk), {"advice": "x" * 5001, "version": 1}, **HTMX
    )
    assert response.status_code == 400
    assert "te lang" in response.content.decode()
