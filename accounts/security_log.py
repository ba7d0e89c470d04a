"""Security events as structured log lines (who, what, when, from where; LOG-01)."""

import logging

from accounts.client_ip import client_ip

logger = logging.getLogger("security")


def log_security_event(event: str, request=None, *, user=None, **fields) -> None:
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    logger.info(
        event,
        extra={
            "event": event,
            "user_id": getattr(user, "pk", None),
            "ip": client_ip(request) if request is not None else None,
            "request_id": getattr(request, "request_id", None),
            **fields,
        },
    )
