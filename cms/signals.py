from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.caching import clear_public_pages


def connect() -> None:
    from wagtail.models import Page

    from toolslibrary.models import Tool

    page_published.connect(clear_public_pages, dispatch_uid="cms-cache-published")
    page_unpublished.connect(clear_public_pages, dispatch_uid="cms-cache-unpublished")
    post_page_move.connect(clear_public_pages, dispatch_uid="cms-cache-moved")
    post_delete.connect(clear_public_pages, sender=Page, dispatch_uid="cms-cache-deleted")
    post_save.connect(clear_public_pages, sender=Tool, dispatch_uid="cms-cache-tool-saved")
    post_delete.connect(clear_public_pages, sender=Tool, dispatch_uid="cms-cache-tool-deleted")
