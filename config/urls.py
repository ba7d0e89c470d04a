from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.health import health

urlpatterns = [
    path("account/", include("accounts.urls")),
    path("", include("networks.urls")),
    path("", include("register.urls")),
    path("", include("meetings.urls")),
    path("", include("meetings.urls_run")),
    path("", include("meetings.urls_room")),
    path("", include("insight.urls")),
    path("", include("his.urls")),
    path("", include("cms.urls")),
    path("", include("socialmap.urls")),
    path("cms/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", health, name="health"),
]

# Wagtail's public pages last: they catch every remaining path.
urlpatterns += [path("", include(wagtail_urls))]
