"""News per network: coordinators publish only in their own section; members read
their networks' news on the dashboard; only public items reach the public site."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowPage

from news.models import NewsPage
from tests.editorial import add_news, build_site, news_form_data
from tests.factories import MembershipFactory, NetworkFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def networks():
    return NetworkFactory(name="Netwerk A"), NetworkFactory(name="Netwerk B")


@pytest.fixture
def site(networks):
    return build_site(*networks)


@pytest.fixture
def coordinator_a(client, networks):
    user = UserFactory(with_authenticator=True)
    networks[0].coordinators.add(user)
    sign_in(client, user)
    return user


def _add_url(section):
    return reverse("wagtailadmin_pages:add", args=("news", "newspage", section.pk))


def test_coordinator_publishes_news_in_their_own_network(client, site, networks, coordinator_a):
    section = site.sections[networks[0].pk]
    response = client.post(_add_url(section), news_form_data(title="Scholingsavond"))
    assert response.status_code == 302, response.content.decode()[:3000]
    item = NewsPage.objects.get(title="Scholingsavond")
    assert item.live and item.network == networks[0]
    assert item.get_parent().pk == section.pk


def test_coordinator_saves_a_draft_and_previews_it(client, site, networks, coordinator_a):
    section = site.sections[networks[0].pk]
    client.post(_add_url(section), news_form_data(title="Concept", publish=False))
    draft = NewsPage.objects.get(title="Concept")
    assert not draft.live
    preview = client.post(
        reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk]),
        news_form_data(title="Concept in voorbeeld", publish=False),
    )
    assert preview.status_code == 200
    assert client.get(draft.url or "/nieuws/").status_code in (404, 302, 200)


def test_coordinator_cannot_post_into_another_networks_section(
    client, site, networks, coordinator_a
):
    section_b = site.sections[networks[1].pk]
    assert client.get(_add_url(section_b)).status_code in (302, 403)
    response = client.post(_add_url(section_b), news_form_data(title="Indringer"))
    assert response.status_code in (302, 403)
    assert not NewsPage.objects.filter(title="Indringer").exists()


def test_coordinator_cannot_edit_or_publish_another_networks_news(
    client, site, networks, coordinator_a
):
    item_b = add_news(site.sections[networks[1].pk], title="Bericht van B")
    edit = reverse("wagtailadmin_pages:edit", args=[item_b.pk])
    assert client.get(edit).status_code in (302, 403)
    client.post(edit, news_form_data(title="Overschreven"))
    item_b.refresh_from_db()
    assert item_b.title == "Bericht van B"
    unpublish = reverse("wagtailadmin_pages:unpublish", args=[item_b.pk])
    client.post(unpublish)
    item_b.refresh_from_db()
    assert item_b.live


def test_every_section_has_a_moderation_workflow_for_its_own_editors(site, networks):
    for network in networks:
        workflow = WorkflowPage.objects.get(page=site.sections[network.pk]).workflow
        task = workflow.tasks.get().specific
        assert [g.name for g in task.groups.all()] == [f"Redactie {network.name}"]


def test_editors_group_follows_the_coordinators(site, networks):
    from news.sections import editors_group

    user = UserFactory()
    networks[1].coordinators.add(user)
    assert editors_group(networks[1]).user_set.filter(pk=user.pk).exists()
    assert not editors_group(networks[0]).user_set.filter(pk=user.pk).exists()
    networks[1].coordinators.remove(user)
    assert not editors_group(networks[1]).user_set.filter(pk=user.pk).exists()


def test_members_see_their_networks_news_on_the_dashboard(client, site, networks):
    member = MembershipFactory(group__network=networks[0]).user
    member.set_password("x" * 20)
    add_news(site.sections[networks[0].pk], title="Alleen voor leden van A", is_public=False)
    add_news(site.sections[networks[1].pk], title="Alleen voor leden van B", is_public=False)
    sign_in(client, member)
    page = client.get(reverse("networks:dashboard")).content.decode()
    assert "Nieuws uit uw netwerken" in page
    assert "Alleen voor leden van A" in page
    assert "Alleen voor leden van B" not in page


def test_members_only_news_stays_off_the_public_site(client, site, networks):
    secret = add_news(site.sections[networks[0].pk], title="Intern overleg", is_public=False)
    public = add_news(site.sections[networks[0].pk], title="Open dag", is_public=True)
    response = client.get(secret.url)
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    assert client.get(public.url).status_code == 200
    for url in [site.news.url, site.news.url + "rss/", site.news.url + "atom/", site.home.url]:
        body = client.get(url).content.decode()
        assert "Intern overleg" not in body, url
    feed = client.get(site.news.url + "rss/").content.decode()
    assert "Open dag" in feed


def test_a_member_of_another_network_gets_not_found(client, site, networks):
    secret = add_news(site.sections[networks[0].pk], title="Intern overleg", is_public=False)
    outsider = MembershipFactory(group__network=networks[1]).user
    sign_in(client, outsider)
    assert client.get(secret.url).status_code == 404


def test_scheduled_news_goes_live_when_due(site, networks):
    from datetime import timedelta

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    section = site.sections[networks[0].pk]
    item = NewsPage(title="Later", slug="later", intro="x", is_public=True, live=False)
    section.add_child(instance=item)
    item.go_live_at = timezone.now() + timedelta(hours=1)
    item.save_revision().publish()
    item.refresh_from_db()
    assert not item.live
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        call_command("publish_scheduled", verbosity=0)
    item.refresh_from_db()
    assert item.live
