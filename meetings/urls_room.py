"""The room view (projector) and room display pairing (see docs/meeting-mode.md)."""

from django.urls import path

from meetings import views_room as views

app_name = "meeting_room"

meeting = "portaal/groepen/<id:group_id>/overleggen/<id:meeting_id>/"
room = "portaal/groepen/<id:group_id>/overleggen/<id:meeting_id>/presentatie/"
urlpatterns = [
    path(room, views.room_view, name="room"),
    path(room + "stand/", views.room_poll, name="poll"),
    path(room + "huidig/", views.current_set, name="current"),
    path(room + "starten/", views.start, name="start"),
    path(room + "schermen/", views.displays, name="displays"),
    path(room + "schermen/<id:display_id>/intrekken/", views.display_revoke, name="revoke"),
    path(meeting + "rij/<str:kind>/", views.row_save, name="row"),
    path(meeting + "agenda/<id:item_id>/rij/<str:kind>/", views.row_save, name="item_row"),
    path("zaal/koppelen/", views.pair, name="pair"),
    path("zaal/ontkoppelen/", views.unpair, name="unpair"),
]
