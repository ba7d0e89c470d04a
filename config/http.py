"""Which HTTP methods a view answers. Reads use Django's `require_safe` (GET and HEAD);
a form page is read with GET and sent with POST, nothing else."""

from django.views.decorators.http import require_http_methods

require_form_methods = require_http_methods(["GET", "HEAD", "POST"])
