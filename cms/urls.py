from django.urls import path

from cms import views

app_name = "cms"
urlpatterns = [
    path("zoeken/", views.search, name="search"),
    path("media/<path:path>", views.public_media, name="public_media"),
]
