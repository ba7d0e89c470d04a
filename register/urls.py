from django.urls import path

from register import views

app_name = "register"

prefix = "portaal/groepen/<id:group_id>/register/"
urlpatterns = [
    path(prefix, views.patient_list, name="list"),
    path(prefix + "nieuw/", views.patient_create, name="create"),
    path(prefix + "<id:patient_id>/", views.patient_detail, name="detail"),
    path(prefix + "<id:patient_id>/bewerken/", views.patient_edit, name="edit"),
    path(prefix + "<id:patient_id>/doelgroep/", views.patient_switch_target_group, name="switch"),
    path(prefix + "<id:patient_id>/delen/", views.patient_share, name="share"),
    path(
        prefix + "<id:patient_id>/delen/<id:grant_id>/intrekken/",
        views.patient_share_revoke,
        name="share_revoke",
    ),
    path(prefix + "<id:patient_id>/export/", views.patient_export, name="export"),
    path(prefix + "<id:patient_id>/export/pdf/", views.patient_export_pdf, name="export_pdf"),
    path(prefix + "<id:patient_id>/inzage/", views.patient_access_overview, name="access"),
]
