from django.urls import path

from meetings import views, views_agreements

app_name = "meetings"

prefix = "portaal/groepen/<id:group_id>/overleggen/"
urlpatterns = [
    path(prefix, views.meeting_list, name="list"),
    path(prefix + "plannen/", views.meeting_plan, name="plan"),
    path(prefix + "<id:meeting_id>/wijzigen/", views.meeting_edit, name="edit"),
    path(prefix + "<id:meeting_id>/annuleren/", views.meeting_cancel, name="cancel"),
    path("portaal/agenda/", views.calendar_feed_settings, name="feed_settings"),
    path("portaal/agenda/nieuw/", views.calendar_feed_renew, name="feed_renew"),
    path("portaal/agenda/uitzetten/", views.calendar_feed_revoke, name="feed_revoke"),
    path(
        "portaal/afspraken/<id:agreement_id>/status/",
        views_agreements.agreement_status,
        name="agreement_status",
    ),
    path("agenda/<str:token>.ics", views.calendar_feed, name="feed"),
]
