from django.urls import path

from his import views

app_name = "his"

urlpatterns = [
    path("his/jwks.json", views.jwks, name="jwks"),
    path("his/start/", views.launch, name="launch"),
    path("his/terug/", views.callback, name="callback"),
    path("his/overnemen/", views.import_patient, name="import"),
    path("his/overnemen/<id:group_id>/nieuw/", views.import_create, name="create"),
]
