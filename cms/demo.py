"""Believable Dutch demo content for every page type. Idempotent: pages are found by
slug under their parent, tools by title; nothing is duplicated on a second run."""

import io
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import Collection, Page
from wagtail.rich_text import RichText
from wagtailmedia.models import Media

from cms.models import (
    ApplicationPage,
    ContactPage,
    ContentPage,
    HomePage,
    VideoLibraryPage,
    VideoPage,
)
from networks.models import Network
from news.models import NetworkNewsIndexPage, NewsIndexPage, NewsPage
from news.sections import ensure_all_network_sections
from register.models import Dimension, TargetGroup
from socialmap.demo import load_demo_social_map
from toolslibrary.models import Tool, ToolsLibraryPage


def p(*paragraphs: str) -> RichText:
    return RichText("".join(f"<p>{text}</p>" for text in paragraphs))


def ul(*items: str) -> RichText:
    return RichText("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


def _child(parent: Page, model, slug: str, **fields):
    """The live child with this slug, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_demo_site() -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    _home(home)
    _content_pages(home)
    _forms(home)
    _videos(home)
    _news(home)
    _tools(home)
    load_demo_social_map()


def _home(home: HomePage) -> None:
    if home.body:
        return
    home.intro = (
        "Het MDO-portaal ondersteunt huisartsen, wijkverpleegkundigen, thuiszorg en consulenten "
        "bij het multidisciplinair overleg over patiënten met complexe zorgvragen: palliatieve "
        "patiënten, kwetsbare ouderen en mensen met dementie."
    )
    home.body = [
        ("heading", "Samen tijdig de juiste zorg"),
        (
            "paragraph",
            p(
                "In een MDO-groep bespreken huisartsen en wijkverpleegkundigen, ondersteund door "
                "consulenten, regelmatig de patiënten die extra aandacht nodig hebben. Het portaal "
                "houdt het register bij, plant de vergaderingen en maakt het verslag.",
                "Het portaal is de opvolger van de PaTz-Portal, geschikt voor meer doelgroepen.",
            ),
        ),
    ]
    home.save_revision().publish()


def _content_pages(home: HomePage) -> None:
    _child(
        home,
        ContentPage,
        "wat-is-een-mdo",
        title="Wat is een MDO?",
        show_in_menus=True,
        intro="MDO staat voor Multidisciplinair Overleg: zorgverleners uit de eerste lijn "
        "bespreken samen patiënten met complexere zorgbehoeften.",
        body=[
            ("heading", "Doelen in het kort"),
            (
                "paragraph",
                ul(
                    "Tijdig herkennen van patiënten (én hun naasten) met complexere zorgbehoeften.",
                    "De best passende zorg bieden door samen te denken, te toetsen en acties te "
                    "plannen rond het (proactieve) zorgplan.",
                    "Deskundigheid vergroten door samen casuïstiek of een thema te bespreken.",
                    "Afspraken maken over wie welke rol op zich neemt.",
                    "De samenwerking in de eerste lijn verbeteren: elkaar kennen, korte lijnen.",
                ),
            ),
            ("heading", "Wat levert het op?"),
            (
                "paragraph",
                p(
                    "Patiënten krijgen eerder de zorg die bij hen past, met minder onnodige "
                    "ziekenhuisopnames. Zorgverleners steunen elkaar bij complexe en emotioneel "
                    "beladen situaties en leren van elkaar en van de consulenten.",
                ),
            ),
            (
                "question",
                {
                    "question": "Wie zitten er in een MDO-groep?",
                    "answer": p(
                        "Huisartsen, (wijk)verpleegkundigen en andere betrokken "
                        "hulpverleners, ondersteund door consulenten palliatieve zorg, "
                        "kwetsbare ouderen of psychogeriatrie."
                    ),
                },
            ),
        ],
    )
    _child(
        home,
        ContentPage,
        "privacyverklaring",
        title="Privacyverklaring",
        intro="Hoe het MDO-portaal omgaat met persoonsgegevens.",
        body=[
            ("heading", "Welke gegevens verwerken wij?"),
            (
                "paragraph",
                p(
                    "Van gebruikers verwerken wij naam, e-mailadres, rol en groepslidmaatschap. "
                    "Patiëntgegevens in het register zijn alleen zichtbaar voor leden van de "
                    "eigen MDO-groep, na inloggen in twee stappen. Elke inzage wordt vastgelegd.",
                ),
            ),
            ("heading", "Uw rechten"),
            (
                "paragraph",
                p(
                    "U kunt inzage, correctie of verwijdering van uw gegevens vragen via de "
                    "contactpagina. Wij reageren binnen vier weken.",
                ),
            ),
        ],
    )
    _child(
        home,
        ContentPage,
        "toegankelijkheid",
        title="Toegankelijkheidsverklaring",
        intro="Wij willen dat iedereen het MDO-portaal kan gebruiken.",
        body=[
            (
                "paragraph",
                p(
                    "Het portaal is gebouwd volgens WCAG 2.2 op niveau AA en wordt bij elke "
                    "wijziging automatisch getest met axe. Loopt u toch ergens tegenaan? Meld "
                    "het via de contactpagina; wij lossen het zo snel mogelijk op.",
                ),
            ),
        ],
    )


def _forms(home: HomePage) -> None:
    _child(
        home,
        ApplicationPage,
        "aanmelden",
        title="Aanmelden als MDO-groep",
        show_in_menus=True,
        intro=p(
            "Wilt u met uw MDO- of PaTz-groep het portaal gebruiken? Meld de groep "
            "hier aan. De supportdesk neemt binnen een week contact op met de voorzitter."
        ),
        form_help="Vul de naam van de groep en de gegevens van de voorzitter in.",
        thank_you=p(
            "Dank u wel voor de aanmelding. De supportdesk neemt binnen een week contact met u op."
        ),
        body=[
            ("heading", "Zo werkt het"),
            (
                "paragraph",
                ul(
                    "U meldt de groep aan met dit formulier.",
                    "De supportdesk maakt de groep aan en nodigt de voorzitter uit.",
                    "De voorzitter nodigt de leden van de groep uit.",
                ),
            ),
        ],
    )
    _child(
        home,
        ContactPage,
        "contact",
        title="Contact",
        show_in_menus=True,
        intro=p("Heeft u een vraag over het portaal? Stuur ons een bericht."),
        form_help="Zet geen patiëntgegevens in uw bericht.",
        thank_you=p("Dank u wel voor uw bericht. Wij reageren binnen twee werkdagen."),
        address=(
            "Supportdesk MDO-portaal\nsupport@mdo-portaal.nl\n"
            "Bereikbaar op werkdagen van 9.00 tot 17.00 uur"
        ),
    )


VIDEOS = [
    (
        "wat-zijn-de-functies",
        "Wat zijn de functies van de portal?",
        "allen",
        8,
        "Na inloggen komt het overzichtsscherm in beeld; dit filmpje laat zien welke functies "
        "u opent vanuit de menubalk bovenin.",
        None,
    ),
    (
        "werken-met-het-register",
        "Hoe werk ik met het register?",
        "huisarts of verpleegkundige",
        6,
        "Huisartsen en verpleegkundigen voegen patiënten toe aan het register en vullen gegevens "
        "aan; dit filmpje laat zien hoe dat gaat.",
        None,
    ),
    (
        "tools-en-interventies",
        "Hoe gebruik ik de tools en interventies?",
        "allen",
        5,
        "Bij een patiënt in het register ziet u suggesties voor interventies en tools voor "
        "complexe of lastige situaties. Dit filmpje licht toe hoe u ze gebruikt.",
        None,
    ),
    (
        "vergaderingen-plannen",
        "Hoe plan ik de vergaderingen?",
        "voorzitter",
        3,
        "De voorzitter voert vooraf alle vergaderdata in. De leden krijgen een week vooraf "
        "automatisch een herinnering om het register bij te werken.",
        "https://www.youtube.com/watch?v=l0p9tdVvIIE",
    ),
    (
        "portal-bij-de-vergadering",
        "Hoe gebruik ik de portal bij een vergadering?",
        "voorzitter, vice-voorzitter of notulist",
        5,
        "Tijdens de bespreking wordt de portal geprojecteerd. Dit filmpje laat zien hoe de "
        "voorzitter de aanwezigen en patiënten selecteert en adviezen en afspraken noteert.",
        "https://www.youtube.com/watch?v=wCYZjnsRyqI",
    ),
]

# Short real films (4 s, VP8 WebM, 16 kB each, recorded once with Chromium's
# MediaRecorder from a canvas): they play in every browser, offline. Replaced by the real
# instructional films in production.
DEMO_FILMS = Path(__file__).resolve().parent / "demo_videos"
FILM_SECONDS = 4


def _captions(title: str) -> str:
    return (
        "WEBVTT\n\n"
        f"00:00:00.000 --> 00:00:02.000\nMDO-portaal\n\n"
        f"00:00:02.000 --> 00:00:04.000\n{title}\n"
    )


def _poster(title: str) -> Image:
    existing = Image.objects.filter(title=f"Poster: {title}").first()
    if existing:
        return existing
    from PIL import Image as PILImage
    from PIL import ImageDraw

    canvas = PILImage.new("RGB", (640, 360), "#1d4f91")
    ImageDraw.Draw(canvas).text((32, 160), title, fill="#ffffff")
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return Image.objects.create(title=f"Poster: {title}", file=ImageFile(buffer, name="poster.png"))


def _videos(home: HomePage) -> None:
    library = _child(
        home,
        VideoLibraryPage,
        "instructiefilmpjes",
        title="Instructiefilmpjes",
        show_in_menus=True,
        intro="Korte filmpjes over het werken met het portaal, per rol.",
    )
    for slug, title, audience, minutes, description, external_url in VIDEOS:
        if library.get_children().filter(slug=slug).exists():
            continue
        video = Media.objects.create(
            title=title,
            type="video",
            duration=FILM_SECONDS,
            width=320,
            height=180,
            file=ContentFile((DEMO_FILMS / f"{slug}.webm").read_bytes(), name=f"{slug}.webm"),
            collection=Collection.get_first_root_node(),
        )
        _child(
            library,
            VideoPage,
            slug,
            title=title,
            audience=audience,
            duration_minutes=minutes,
            description=p(description),
            video=video,
            external_url=external_url or "",
            poster=_poster(title),
            captions=_captions(title),
            transcript=f"{title}\n\n{description}",
        )


NEWS = {
    "Netwerk Palliatieve Zorg Rotterdam & omstreken": [
        (
            "symposium-patz",
            "Lancering MDO-portaal op het PaTz-symposium",
            True,
            0,
            "Op 27 november wordt het MDO-portaal gelanceerd op het symposium van Stichting PaTz.",
        ),
        (
            "scholing-proactieve-zorgplanning",
            "Scholing proactieve zorgplanning in maart",
            False,
            7,
            "Voor leden van de PaTz-groepen in Rotterdam organiseren wij twee avonden over "
            "proactieve zorgplanning. Aanmelden kan bij de netwerkcoördinator.",
        ),
        (
            "nieuwe-consulent",
            "Nieuwe consulent palliatieve zorg voor Kralingen",
            False,
            14,
            "Vanaf volgende maand sluit een nieuwe consulent van het Palliatief Consultatieteam "
            "Rijnmond aan bij de PaTz-groep Kralingen.",
        ),
    ],
    "Netwerk Palliatieve Zorg Utrecht Stad": [
        (
            "kwetsbare-ouderen-pilot",
            "Pilot kwetsbare ouderen van start in Overvecht",
            True,
            3,
            "De MDO-groep Ouderenzorg Overvecht bespreekt nu ook kwetsbare ouderen in het portaal.",
        ),
        (
            "overleg-consulenten",
            "Overleg met consulenten ouderenzorg",
            False,
            10,
            "Het halfjaarlijkse overleg met de consulenten ouderenzorg is nu op dinsdagavond.",
        ),
    ],
}


def _news(home: HomePage) -> None:
    overview = _child(
        home,
        NewsIndexPage,
        "nieuws",
        title="Nieuws",
        show_in_menus=True,
        intro="Nieuws uit de netwerken palliatieve zorg en ouderenzorg.",
    )
    ensure_all_network_sections()
    today = timezone.localdate()
    for network_name, items in NEWS.items():
        section = NetworkNewsIndexPage.objects.filter(network__name=network_name).first()
        if section is None:
            continue
        if not section.intro:
            section.intro = f"Nieuws van {network_name}."
            section.save_revision().publish()
        for slug, title, is_public, days_ago, intro in items:
            _child(
                section,
                NewsPage,
                slug,
                title=title,
                is_public=is_public,
                date=today - timedelta(days=days_ago),
                intro=intro,
                body=[("paragraph", p(intro, "Meer informatie volgt via de netwerkcoördinator."))],
            )
    del overview


TOOLS = [
    (
        None,
        "SPICT-NL",
        "Signaleringsinstrument om patiënten te herkennen die baat hebben bij palliatieve zorg.",
        ["Palliatief"],
        ["Somatisch/fysiek"],
        "https://www.spict.org.uk/",
    ),
    (
        None,
        "Clinical Frailty Scale",
        "Schaal om de mate van kwetsbaarheid van ouderen in te "
        "schatten, van fit tot ernstig kwetsbaar.",
        ["Kwetsbare ouderen"],
        ["Somatisch/fysiek"],
        "",
    ),
    (
        None,
        "Handreiking proactieve zorgplanning",
        "Gespreksleidraad voor gesprekken over wensen, waarden en grenzen van zorg.",
        ["Palliatief", "Kwetsbare ouderen", "Psychogeriatrie"],
        ["Proactieve zorgplanning", "Zingeving/spiritueel"],
        "",
    ),
    (
        None,
        "Mantelzorgscan",
        "Korte vragenlijst om overbelasting van mantelzorgers vroeg te signaleren.",
        ["Psychogeriatrie", "Kwetsbare ouderen"],
        ["Sociaal"],
        "",
    ),
    (
        "Netwerk Palliatieve Zorg Rotterdam & omstreken",
        "Sociale kaart palliatieve zorg Rotterdam",
        "Overzicht van hospices, vrijwilligers en consultatieteams in de regio Rotterdam.",
        ["Palliatief"],
        ["Sociaal"],
        "",
    ),
    (
        "Netwerk Palliatieve Zorg Utrecht Stad",
        "Tolkendienst en cultuursensitieve zorg Utrecht",
        "Contactgegevens en afspraken voor het inzetten van tolken en sleutelfiguren.",
        ["Cultuursensitieve zorg"],
        ["Sociaal", "Zingeving/spiritueel"],
        "",
    ),
]


def _tools(home: HomePage) -> None:
    _child(
        home,
        ToolsLibraryPage,
        "interventies-en-tools",
        title="Interventies en tools",
        show_in_menus=True,
        intro="Instrumenten en interventies per doelgroep, landelijk en per netwerk.",
    )
    for network_name, title, summary, groups, dimensions, link in TOOLS:
        network = Network.objects.filter(name=network_name).first() if network_name else None
        if network_name and network is None:
            continue
        tool, created = Tool.objects.get_or_create(
            title=title, defaults={"summary": summary, "network": network, "link": link}
        )
        if created:
            tool.target_groups.set(TargetGroup.objects.filter(name__in=groups))
            tool.dimensions.set(Dimension.objects.filter(name__in=dimensions))
