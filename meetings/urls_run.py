"""Meeting mode, closing, reports and attendance exports (see docs/meeting-mode.md).

Paths sit under the planning routes' prefix, /portaal/groepen/<group>/overleggen/<meeting>/.
"""

from django.urls import path

from meetings import views_agenda
from meetings import views_run as views

app_name = "meeting_run"

group = "portaal/groepen/<id:group_id>/overleggen/"
prefix = group + "<id:meeting_id>/"
item = prefix + "agenda/<id:item_id>/"
urlpatterns = [
    path(group + "verslagen/", views.report_list, name="report_list"),
    path(prefix + "modus/", views.mode, name="mode"),
    path(prefix + "modus/projectie/", views.toggle_safe, name="toggle_safe"),
    path(prefix + "modus/notulist/", views.scribe, name="scribe"),
    path(prefix + "aanwezigheid/", views.attendance, name="attendance"),
    path(prefix + "aanwezigheid/gast/", views.guest_add, name="guest_add"),
    path(
        prefix + "aanwezigheid/<id:attendance_id>/verwijderen/",
        views.attendance_remove,
        name="attendance_remove",
    ),
    path(prefix + "aanwezigheid/export.csv", views.attendance_csv, name="attendance_csv"),
    path(prefix + "aanwezigheid/export.pdf", views.attendance_pdf, name="attendance_pdf"),
    path(prefix + "agenda/", views_agenda.agenda_page, name="agenda"),
    path(prefix + "voorbereiding/", views_agenda.prepare, name="prepare"),
    path(prefix + "agenda/opstellen/", views_agenda.agenda_build, name="agenda_build"),
    path(prefix + "agenda/wijzigen/", views_agenda.agenda_change, name="agenda_change"),
    path(prefix + "agenda/standaard/", views.agenda_default, name="agenda_default"),
    path(prefix + "agenda/toevoegen/", views.agenda_add, name="agenda_add"),
    path(item, views.item, name="item"),
    path(item + "advies/", views.advice_save, name="advice_save"),
    path(item + "tools/", views.tools_save, name="tools_save"),
    path(item + "afspraken/", views.agreement_add, name="agreement_add"),
    path(item + "afspraken/<id:agreement_id>/", views.agreement_save, name="agreement_save"),
    path(item + "aandachtspunten/", views.attention_add, name="attention_add"),
    path(item + "ada/", views.ada_save, name="ada_save"),
    path(prefix + "bevindingen/", views.finding_add, name="finding_add"),
    path(
        prefix + "bevindingen/<id:finding_id>/verwijderen/",
        views.finding_remove,
        name="finding_remove",
    ),
    path(prefix + "inbreng/", views.pre_meeting_input, name="input"),
    path(prefix + "afsluiten/", views.close, name="close"),
    path(prefix + "verslag/", views.report, name="report"),
    path(prefix + "verslag/pdf/", views.report_pdf, name="report_pdf"),
]
