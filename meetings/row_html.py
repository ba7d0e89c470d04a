"""The per-patient blocks of "Mijn voorbereiding" and of the agenda page, built in Python.

Both pages repeat a block per patient on the agenda (up to 30, with input, colour codes
and due agreements). Through the template engine with model lookups, translations and
URL reversing per block, that was most of the page's cost: 27 ms and 24 ms CPU per
request against 7 ms for a trivial signed-in page (bench/prepare.py, `make
bench-prepare`, figures in bench/README.md). Same precedent as register/list_rows.py:
translations and URLs once per page, one f-string per block, and every value from the
database passes through `escape`. The markup is that of the templates it replaced
(like `{% blocktranslate %}`, translations with placeholders are not escaped themselves).
"""

from html import escape

from django.middleware.csrf import get_token
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from config.dutch_dates import dutch_day

_SENTINEL = 2147483647


def url_format(name: str, *args) -> str:
    """The URL of `name` with `{}` in place of its last argument: reverse once, format
    per row."""
    head, _sep, tail = reverse(name, args=[*args, _SENTINEL]).rpartition(str(_SENTINEL))
    return escape(head).replace("{", "{{").replace("}", "}}") + "{}" + escape(tail)


def _colour_code(row: dict, kind: str) -> str:
    """Same markup as the `colour_code` template tag: colour and text, never colour alone."""
    option_id = row[f"patient__{kind}_id"]
    if option_id is None:
        return '<span class="colour-code colour-code--none">–</span>'
    label = escape(row[f"patient__{kind}__label"])
    return f'<span class="colour-code code-{kind}-{int(option_id)}">{label}</span>'


def _options(options: list[dict], selected_id) -> str:
    return "".join(
        f'<option value="{int(o["pk"])}"{" selected" if o["pk"] == selected_id else ""}>'
        f"{escape(o['label'])}</option>"
        for o in options
    )


def prepare_html(request, *, group_id: int, meeting_id: int, rows, may_edit: bool) -> SafeString:
    """One section with a form per row of preparation.preparation_rows."""
    detail = url_format("register:detail", group_id)
    edit = url_format("register:edit", group_id)
    action = escape(reverse("meeting_run:prepare", args=[group_id, meeting_id]))
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
    badge = f'<span class="badge">{escape(pgettext("preparation", "updated"))}</span>'
    t_question = escape(gettext("Question for the meeting"))
    t_urgency, t_prognosis = escape(gettext("Urgency")), escape(gettext("Prognosis"))
    t_problems = escape(gettext("Edit problems and strengths"))
    t_due = escape(gettext("Your open agreements due before the meeting"))
    t_done = escape(pgettext("agreement status", "done"))
    updated = gettext('Updated<span class="visually-hidden">: %(label)s</span>')
    html = []
    for row in rows:
        item = row.item
        pk, version = int(item["patient_id"]), int(item["patient__version"])
        urgency = _options(row.urgency_options, item["patient__urgency_id"])
        prognosis = _options(row.prognosis_options, item["patient__prognosis_id"])
        missing = "".join(f"<li>{escape(text)}</li>" for text in row.missing)
        missing = f'<ul class="missing-list">{missing}</ul>' if missing else ""
        fields = ""
        if may_edit:
            fields = (
                f'\n      <div class="form-field">\n        <label class="form-field__label"'
                f' for="question-{pk}">{t_question}</label>\n        <textarea name="question"'
                f' id="question-{pk}" rows="3" maxlength="2000">'
                f"{escape(item['patient__question_for_meeting'])}</textarea>\n      </div>\n"
                f'      <div class="inline-fields">\n        <div class="form-field">\n'
                f'          <label class="form-field__label" for="urgency-{pk}">{t_urgency}'
                f'</label>\n          <select name="urgency" id="urgency-{pk}"><option value="">'
                f"–</option>{urgency}</select>\n"
                f'        </div>\n        <div class="form-field">\n          <label'
                f' class="form-field__label" for="prognosis-{pk}">{t_prognosis}</label>\n'
                f'          <select name="prognosis" id="prognosis-{pk}"><option value="">–'
                f"</option>{prognosis}</select>\n"
                f'        </div>\n      </div>\n      <p><a href="{edit.format(pk)}">{t_problems}'
                f"</a></p>\n    "
            )
        due = ""
        if row.due:
            boxes = "".join(_due_box(agreement, t_done) for agreement in row.due)
            due = (
                f'\n      <fieldset class="form-field">\n        <legend class="form-field__label">'
                f"{t_due}</legend>\n        {boxes}\n      </fieldset>\n    "
            )
        initials = escape(item["patient__initials"])
        button = updated % {"label": initials}
        html.append(
            f'\n<section class="prep-patient" aria-labelledby="patient-{pk}">\n'
            f'  <h2 id="patient-{pk}" tabindex="-1"><a href="{detail.format(pk)}">'
            f"{initials} {escape(item['patient__surname'])} "
            f"({item['patient__date_of_birth'].year})</a>\n"
            f"    {badge if row.done else ''}</h2>\n  {missing}\n"
            f'  <form method="post" action="{action}">\n    {csrf}\n'
            f'    <input type="hidden" name="patient" value="{pk}">\n'
            f'    <input type="hidden" name="version" value="{version}">\n'
            f"    {fields}\n    {due}\n"
            f'    <button type="submit" class="button">{button}</button>\n'
            "  </form>\n</section>\n"
        )
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


def _due_box(agreement: dict, t_done: str) -> str:
    pk, due_date = int(agreement["pk"]), agreement["due_date"]
    when = f" ({dutch_day(due_date, with_weekday=False)})" if due_date else ""
    return (
        f'<div class="radio"><input type="checkbox" name="done" value="{pk}" id="done-{pk}">'
        f' <label for="done-{pk}">{escape(agreement["what"])}{when} – {t_done}</label></div>'
    )


def agenda_html(*, group_id: int, rows: list[dict]) -> SafeString:
    """One list item per row of agenda.agenda_page_rows: full for patients the member may
    view, initial and birth year otherwise."""
    detail = url_format("register:detail", group_id)
    t_urgency, t_prognosis = escape(gettext("Urgency")), escape(gettext("Prognosis"))
    t_question, t_from = escape(gettext("Question")), escape(gettext("Input from"))
    html = []
    for row in rows:
        initials, year = row["patient__initials"], row["patient__date_of_birth"].year
        if row["visible"]:
            name = (
                f'<a href="{detail.format(int(row["patient_id"]))}">{escape(initials)} '
                f"{escape(row['patient__surname'])} ({year})</a>"
            )
            question = row["patient__question_for_meeting"]
            extra = f"<p>{t_question}: {escape(question)}</p>" if question else ""
            extra += "".join(
                f"<p>{t_from} {escape(entry['author_name'] or '–')}: "
                f"{linebreaksbr(entry['text'], autoescape=True)}</p>"
                for entry in row["inputs"]
            )
        else:
            name = f"{escape(initials[:1])} ({year})"
            count = row["input_count"]
            extra = ngettext("%(counter)s input so far", "%(counter)s inputs so far", count)
            extra = f"<p>{extra % {'counter': count}}</p>" if count else ""
        minutes = ngettext("%(minutes)s minute", "%(minutes)s minutes", row["minutes"])
        html.append(
            f"\n      <li>\n        {name}\n"
            f"        · {escape(row['patient__target_group__name'])} · {t_urgency}: "
            f"{_colour_code(row, 'urgency')} · {t_prognosis}: "
            f"{_colour_code(row, 'prognosis')}\n        · {minutes % {'minutes': row['minutes']}}\n"
            f"        {extra}\n      </li>\n    "
        )
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped
