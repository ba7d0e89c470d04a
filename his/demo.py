"""Demo data: the demo GP's practice is linked to the test HIS that `make demo` starts."""

from django.conf import settings

from his.models import HISConnection
from networks.models import Organisation

DEMO_PRACTICE = "Huisartsenpraktijk De Linde"


def load_demo_his() -> None:
    practice = Organisation.objects.filter(name=DEMO_PRACTICE).first()
    if practice is None or not settings.TESTHIS_URL:
        return
    HISConnection.objects.update_or_create(
        fhir_base_url=settings.TESTHIS_URL.rstrip("/") + "/fhir",
        defaults={
            "organisation": practice,
            "name": "Test-HIS (demo)",
            "client_id": "mdo-portaal",
            "launch_enabled": True,
            "writeback_enabled": True,
        },
    )
