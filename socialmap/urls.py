from django.urls import path

from socialmap import views

app_name = "socialmap"
urlpatterns = [
    path("sociale-kaart/", views.social_map, name="search"),
]
