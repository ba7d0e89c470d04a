"""The demo fills every page type with content a Dutch visitor would believe."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape
from wagtail.models import Page

pytestmark = pytest.mark.django_db

PAGE_APPS = ("cms", "news", "toolslibrary")


def page_types():
    return [
        model
        for name in PAGE_APPS
        for model in apps.get_app_config(name).get_models()
        if issubclass(model, Page) and not model._meta.abstract
    ]


def test_every_page_type_has_live_demo_content_that_renders_in_dutch():
    call_command("load_demo_data", stdout=StringIO())
    anonymous = Client()
    assert len(page_types()) >= 10
    for model in page_types():
        pages = model.objects.live()
        assert pages.exists(), f"no demo page of type {model.__name__}"
        page = pages.first()
        response = anonymous.get(page.url, follow=True)
        # Members-only news sends visitors to sign in; everything else renders itself.
        assert response.status_code == 200, (model.__name__, page.url)
        html = response.content.decode()
        assert '<html lang="nl"' in html, model.__name__
        if response.redirect_chain:
            continue
        assert escape(page.title) in html, model.__name__
        assert "Lorem" not in html, model.__name__
