from networks.selectors import coordinates_any_network


def navigation(request):
    """Values the site menu needs on every page, computed only if the menu asks."""
    user = getattr(request, "user", None)

    def shows_cms_link() -> bool:
        if user is None or not user.is_authenticated:
            return False
        return user.is_superuser or coordinates_any_network(user)

    return {"shows_cms_link": shows_cms_link}
