from django.urls import path

from insight import views

app_name = "insight"

urlpatterns = [
    path("portaal/inzicht/", views.index, name="index"),
    path("portaal/inzicht/export.csv", views.national_csv, name="national_csv"),
    path("portaal/inzicht/<id:network_id>/", views.network, name="network"),
    path("portaal/inzicht/<id:network_id>/export.csv", views.network_csv, name="network_csv"),
    path(
        "portaal/inzicht/<id:network_id>/onderwijsbehoeften.csv",
        views.education_csv,
        name="education_csv",
    ),
    path(
        "portaal/inzicht/<id:network_id>/onderwijsbehoeften.pdf",
        views.education_pdf,
        name="education_pdf",
    ),
]
