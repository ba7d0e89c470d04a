"""HIS connections in the Wagtail admin: administrators (superusers) only."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from his.models import HISConnection


class SuperuserOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions).filter(is_superuser=True)


register_permission_policy(HISConnection, SuperuserOnlyPolicy(HISConnection))


class HISConnectionViewSet(ModelViewSet):
    model = HISConnection
    icon = "link"
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["name", "organisation", "fhir_base_url", "launch_enabled", "writeback_enabled"]
    form_fields = [
        "organisation",
        "name",
        "fhir_base_url",
        "client_id",
        "launch_enabled",
        "writeback_enabled",
    ]


@hooks.register("register_admin_viewset")
def register_his_connections():
    return HISConnectionViewSet("his_connections")
