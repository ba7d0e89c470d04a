from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.decorators import public
from socialmap.forms import SocialMapFilterForm


@public
@require_safe
def social_map(request):
    form = SocialMapFilterForm(request.GET or None)
    page = Paginator(form.filtered(), 25).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "socialmap/search.html",
        {"filter_form": form, "entries": page, "query_string": query.urlencode()},
    )
