from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.static import serve

from accounts.decorators import public
from cms.search import search_public_pages, search_social_map, search_tools

# Folders below MEDIA_ROOT that hold public files: instructional videos, their
# thumbnails, and image renditions. Documents stay behind Wagtail's own (private) view.
PUBLIC_MEDIA_FOLDERS = ("media/", "media_thumbnails/", "images/")


@public
@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    results = search_public_pages(query) if query else []
    page = Paginator(results, 10).get_page(request.GET.get("pagina"))
    tools = search_tools(query) if query else []
    services = search_social_map(query) if query else []
    return render(
        request,
        "cms/search.html",
        {"query": query, "results": page, "tools": tools, "services": services},
    )


@public
@require_GET
def public_media(request, path: str):
    if not path.startswith(PUBLIC_MEDIA_FOLDERS) or ".." in path.split("/"):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=3600"
    return response
