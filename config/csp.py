"""Content-Security-Policy: strict for the portal and public site, relaxed for /cms/.

The Wagtail admin runs inline scripts and styles and previews pages in a same-origin
frame. Rather than loosen the policy everywhere, admin responses get 'unsafe-inline'
for scripts and styles (no nonce, which would make browsers ignore 'unsafe-inline')
and may be framed by the portal itself. Every admin user has passed two-step
verification, and editors' input is escaped by Wagtail; see docs/access-policy.md.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/cms/"
ADMIN_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-ancestors": [SELF],
    "frame-src": [SELF],
}


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path.startswith(ADMIN_PREFIX):
            parts.replace = {**(parts.replace or {}), **ADMIN_DIRECTIVES}
            parts.nonce = None
        return parts

    def process_response(self, request, response):
        if request.path.startswith(ADMIN_PREFIX) and "X-Frame-Options" not in response:
            # Page previews open in a frame of the admin itself.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return super().process_response(request, response)
