"""New rows that exist from the first keystroke: agreements and attention points of an
agenda item, findings of a meeting (docs/meeting-mode.md, "Nothing typed is lost").

The browser gives each new row a random key on its first input and sends the row's whole
state with it on every change. The first save creates the row, every later one (a retry,
a beacon on closing the tab, a queue replayed after a reload) updates the same row: a row
is never created twice. Fields may be incomplete while they are being typed.
"""

import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from meetings import agreements
from meetings.forms_run import AgreementForm, AttentionPointForm, FindingForm
from meetings.meeting_mode import MeetingModeError, _audit_item, require_open
from meetings.models import AgendaItem, Agreement, AttentionPoint, Category, ClientRowKey, Finding
from meetings.room import touch


def _partial(form_class):
    class Partial(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                field.required = False

    return Partial


# kind (as in the URL) → (model, form, form prefix, audit field name or None: the meeting's)
KINDS = {
    "afspraak": (Agreement, _partial(AgreementForm), "new", "agreements"),
    "aandachtspunt": (AttentionPoint, _partial(AttentionPointForm), None, "attention_points"),
    "bevinding": (Finding, _partial(FindingForm), None, None),
}


def _values(kind: str, data, item: AgendaItem | None) -> dict:
    model, form_class, prefix, _on_item = KINDS[kind]
    extra = {"owners": agreements.owner_choices(item.patient)} if kind == "afspraak" else {}
    form = form_class(data, prefix=prefix, **extra)
    if not form.is_valid():
        raise MeetingModeError(_("This text is too long or not valid."))
    values = {
        name: "" if value is None and name in ("what", "text") else value
        for name, value in form.cleaned_data.items()
    }
    if "category" in values and values["category"] is None:
        values["category"] = Category.objects.first()
    if kind == "bevinding" and not values.get("kind"):
        values["kind"] = Finding.Kind.BOTTLENECK
    if kind == "afspraak":
        values["status"] = values.get("status") or Agreement.Status.OPEN
        owner = values.pop("owner", "")
        try:
            if owner:  # no owner yet while the first words are typed
                values.update(agreements.owner_resolve(item.patient, owner).columns())
            agreements.due_date_check(item, values.get("due_date"))
        except agreements.AgreementError as error:
            raise MeetingModeError(str(error)) from error
    return values


def row_save(*, request, membership, meeting, item: AgendaItem | None, kind: str, key, data):
    """Creates the row for `key` or updates it; returns (row, created)."""
    require_open(meeting)
    if kind not in KINDS:
        raise MeetingModeError(_("Unknown kind of row."))
    try:
        key = uuid.UUID(str(key))
    except ValueError:
        raise MeetingModeError(_("This page is out of date: reload it and save again.")) from None
    values = _values(kind, data, item)
    try:
        return _save(request, membership, meeting, item, kind, key, values)
    except IntegrityError:
        # The same key arrived twice at once: the other request created it; update it.
        return _save(request, membership, meeting, item, kind, key, values)


def _save(request, membership, meeting, item, kind, key, values):
    model, _form, _prefix, on_item = KINDS[kind]
    scope = {"agenda_item": item} if on_item else {"meeting": meeting}
    with transaction.atomic():
        known = ClientRowKey.objects.select_for_update().filter(key=key).first()
        if known is not None and (known.meeting_id != meeting.pk or known.kind != kind):
            raise MeetingModeError(_("This page is out of date: reload it and save again."))
        row = model.objects.filter(pk=known.row_id, **scope).first() if known else None
        created = row is None
        if known and created:
            raise MeetingModeError(_("This row has been removed."))
        if created:
            row = model.objects.create(**scope, **values)
            ClientRowKey.objects.create(key=key, meeting=meeting, kind=kind, row_id=row.pk)
        else:
            changed = {k: v for k, v in values.items() if getattr(row, k) != v}
            if changed:
                model.objects.filter(pk=row.pk).update(**changed)
                for name, value in changed.items():
                    setattr(row, name, value)
        if on_item:
            _audit_item(request, membership, item, [f"{on_item}.{row.pk}"])
        else:
            touch(meeting.pk)
    return row, created
