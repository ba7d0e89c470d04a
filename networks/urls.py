from django.urls import path

from networks import views

app_name = "networks"

urlpatterns = [
    path("portaal/", views.dashboard, name="dashboard"),
    path("portaal/groepen/<id:group_id>/leden/", views.group_members, name="group_members"),
    path(
        "portaal/groepen/<id:group_id>/instellingen/",
        views.group_settings,
        name="group_settings",
    ),
    path(
        "portaal/groepen/<id:group_id>/leden/<id:membership_id>/verwijderen/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "portaal/groepen/<id:group_id>/uitnodigingen/<id:invitation_id>/intrekken/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
]
