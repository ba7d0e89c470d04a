"""The public news feeds as a feed reader parses them: well-formed, RFC 4287-complete
Atom, and titles with & < > " shown exactly as the editor typed them."""

import xml.etree.ElementTree as ET

import feedparser
import pytest

from tests.editorial import add_news, build_site
from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = 'Zorg & welzijn: "samen" <sterker>'
INTRO = "Huisarts & wijkverpleging <samen> aan tafel."


@pytest.fixture
def site():
    network = NetworkFactory(name="Netwerk Zoë & co")
    site = build_site(network)
    add_news(site.sections[network.pk], title=TITLE, intro=INTRO)
    add_news(site.sections[network.pk], title="Open dag", intro="Iedereen welkom.")
    return site


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_readers_parse_the_feed_and_show_titles_exactly(client, site, kind):
    response = client.get(f"{site.news.url}{kind}/")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert sorted(entry.title for entry in parsed.entries) == sorted([TITLE, "Open dag"])
    (entry,) = [entry for entry in parsed.entries if entry.title == TITLE]
    # The summary is HTML: the editor's text is its text, never markup.
    assert entry.summary == "Huisarts &amp; wijkverpleging &lt;samen&gt; aan tafel."
    assert entry.link.startswith("http")


def test_the_atom_feed_has_every_element_rfc_4287_requires(client, site):
    root = ET.fromstring(client.get(f"{site.news.url}atom/").content)  # noqa: S314 - our own
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{name}") or "").strip(), name
    # atom:feed needs an author unless every entry has one.
    assert (root.findtext(f"{ATOM}author/{ATOM}name") or "").strip()
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
    assert TITLE in [entry.findtext(f"{ATOM}title") for entry in entries]
