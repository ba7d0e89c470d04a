"""Mounted under the Wagtail admin (/cms/) by wagtail_hooks.register_admin_urls."""

from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_event_list, name="event_list"),
    path("opvallend/", views.heavy_readers_report, name="heavy_readers"),
]
