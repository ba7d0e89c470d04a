"""The register list's table rows, built in Python from plain values.

A group may have a few hundred patients. Model instances and the template engine cost
~0.3 ms per row; plain values and one f-string per row about a tenth of that (see
bench/README.md). Every value from the database passes through `escape`.
"""

from html import escape

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from networks.templatetags.portal import icon
from register.colour_codes import style_element
from register.models import Patient, text_colour_for

ROW_FIELDS = (
    "pk",
    "initials",
    "surname",
    "status",
    "date_of_birth",
    "question_for_meeting",
    "target_group__name",
    "responsible_gp__full_name",
    "urgency_id",
    "urgency__label",
    "urgency__colour",
    "prognosis_id",
    "prognosis__label",
    "prognosis__colour",
    "last_discussed",
    "open_agreements",
    "on_next_agenda",
)


def register_rows(patients: QuerySet[Patient]) -> list[dict]:
    return list(patients.values(*ROW_FIELDS))


def rows_html(rows: list[dict], register_url: str) -> SafeString:
    """One <tr> per patient; each cell carries its column name (data-label) for the
    phone layout, where every row becomes a card."""
    status_labels = dict(Patient.Status.choices)
    labels = {
        "year": gettext("Year of birth"),
        "target": gettext("Target group"),
        "urgency": gettext("Urgency"),
        "prognosis": gettext("Prognosis"),
        "gp": gettext("GP"),
        "question": gettext("Question"),
        "last": gettext("Last discussed"),
        "agreements": gettext("Open agreements"),
        "agenda": gettext("Next meeting"),
    }
    labels = {key: escape(text) for key, text in labels.items()}
    question = icon("message-circle-question") + _hidden(gettext("has a question"))
    no_question = _hidden(gettext("no question")) + '<span aria-hidden="true">–</span>'
    never = _hidden(gettext("never")) + '<span aria-hidden="true">–</span>'
    on_agenda = escape(gettext("yes"))
    not_on_agenda = escape(gettext("no"))
    register_url = escape(register_url)
    html = []
    for row in rows:
        status = row["status"]
        status = (
            ""
            if status == Patient.Status.ACTIVE
            else f' <span class="badge">{escape(str(status_labels[status]))}</span>'
        )
        last = row["last_discussed"]
        last = escape(date_format(localtime(last), "j b Y")) if last else never
        agreements = row["open_agreements"]
        agreements_text = escape(
            ngettext("%(count)d open", "%(count)d open", agreements) % {"count": agreements}
        )
        html.append(
            f'<tr><th scope="row"><a href="{register_url}{int(row["pk"])}/">'
            f"{escape(row['initials'])}&nbsp;{escape(row['surname'])}</a>{status}</th>"
            f'<td data-label="{labels["year"]}">{row["date_of_birth"].year}</td>'
            f'<td data-label="{labels["target"]}">{escape(row["target_group__name"])}</td>'
            f'<td data-label="{labels["urgency"]}">{_colour_code(row, "urgency")}</td>'
            f'<td data-label="{labels["prognosis"]}">{_colour_code(row, "prognosis")}</td>'
            f'<td data-label="{labels["gp"]}">'
            f"{escape(row['responsible_gp__full_name'] or '–')}</td>"
            f'<td data-label="{labels["question"]}" class="cell-icon">'
            f"{question if row['question_for_meeting'] else no_question}</td>"
            f'<td data-label="{labels["last"]}" class="nowrap">{last}</td>'
            f'<td data-label="{labels["agreements"]}" class="num">'
            f'<span aria-hidden="true">{agreements}</span>'
            f'<span class="visually-hidden">{agreements_text}</span></td>'
            f'<td data-label="{labels["agenda"]}">'
            f"{on_agenda if row['on_next_agenda'] else not_on_agenda}</td></tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped


def _hidden(text: str) -> str:
    return f'<span class="visually-hidden">{escape(text)}</span>'


def _colour_code(row: dict, kind: str) -> str:
    """Same markup as the `colour_code` template tag: colour and text, never colour alone."""
    option_id = row[f"{kind}_id"]
    if option_id is None:
        return '<span class="colour-code colour-code--none">–</span>'
    label = escape(row[f"{kind}__label"])
    return f'<span class="colour-code code-{kind}-{int(option_id)}">{label}</span>'


def colour_styles_html(rows: list[dict], nonce: str, prefix: str = "") -> SafeString:
    """One CSS class per scale option in these rows (see register/colour_codes.py);
    `prefix` is the lookup to the patient in rows of another model ("patient__")."""
    classes = {
        (f"code-{kind}-{row[f'{prefix}{kind}_id']}", row[f"{prefix}{kind}__colour"])
        for row in rows
        for kind in ("prognosis", "urgency")
        if row[f"{prefix}{kind}_id"] is not None
    }
    return style_element(
        ((name, colour, text_colour_for(colour)) for name, colour in sorted(classes)), nonce
    )
