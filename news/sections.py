"""Each network gets its own news section, video section, collection, editors' group
and workflow.

The group "Redactie <network>" may add, edit and publish pages only below the network's
section, and add/choose images, documents and videos only in the network's collection.
Its members are exactly the network's coordinators (news.signals keeps them in step),
so coordinators of network A can never post into network B's section.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from networks.models import Network

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", ["add_image", "choose_image"]),
    ("wagtaildocs", ["add_document", "choose_document"]),
    ("wagtailmedia", ["add_media", "choose_media"]),
]


def editors_group_name(network: Network) -> str:
    return f"Redactie {network.name}"[:150]


def editors_group(network: Network) -> Group:
    return Group.objects.get_or_create(name=editors_group_name(network))[0]


@transaction.atomic
def ensure_network_section(network: Network):
    """Creates what the network's editors need; safe to run again. Returns the section
    page, or None while the site has no news overview to put it under."""
    from news.models import NetworkNewsIndexPage, NewsIndexPage

    group = editors_group(network)
    group.user_set.set(network.coordinators.all())
    group.permissions.add(Permission.objects.get(codename="access_admin"))

    section = NetworkNewsIndexPage.objects.filter(network=network).first()
    if section is None:
        overview = NewsIndexPage.objects.first()
        if overview is None:
            return None
        section = overview.add_child(
            instance=NetworkNewsIndexPage(
                title=network.name,
                slug=_free_slug(overview, slugify(network.name)),
                network=network,
            )
        )
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=section,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )

    collection = _network_collection(network)
    for app_label, codenames in COLLECTION_PERMISSIONS:
        for codename in codenames:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )

    _ensure_workflow(network, group, section)
    _ensure_video_section(network, group)
    return section


def _ensure_video_section(network: Network, group: Group) -> None:
    """The network's videos below the video library, editable by the same group."""
    from cms.models import NetworkVideoLibraryPage, VideoLibraryPage

    section = NetworkVideoLibraryPage.objects.filter(network=network).first()
    if section is None:
        library = VideoLibraryPage.objects.first()
        if library is None:
            return
        section = library.add_child(
            instance=NetworkVideoLibraryPage(
                title=network.name,
                slug=_free_slug(library, slugify(network.name)),
                network=network,
                show_in_menus=False,
            )
        )
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=section,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def _free_slug(parent, slug: str) -> str:
    candidate, counter = slug or "netwerk", 2
    while parent.get_children().filter(slug=candidate).exists():
        candidate, counter = f"{slug}-{counter}", counter + 1
    return candidate


def _network_collection(network: Network) -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=network.name).first()
    return existing or root.add_child(name=network.name)


def _ensure_workflow(network: Network, group: Group, section) -> None:
    """Editors without publish rights (or who prefer a second pair of eyes) submit
    for moderation; the network's own editors approve."""
    if WorkflowPage.objects.filter(page=section).exists():
        return
    task = GroupApprovalTask.objects.create(name=f"Goedkeuring {group.name}"[:255])
    task.groups.set([group])
    workflow = Workflow.objects.create(name=f"Nieuws {network.name}"[:255])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=section)


def ensure_all_network_sections() -> None:
    for network in Network.objects.all():
        ensure_network_section(network)
