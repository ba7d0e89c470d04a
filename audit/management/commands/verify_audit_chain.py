from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.selectors import chain_first_break, chain_head, unchained


class Command(BaseCommand):
    help = (
        "Recomputes the access log's hash chain; exits with 1 at the first broken row, or "
        "when an event waits longer than AUDIT_CHAIN_MAX_DELAY_SECONDS to be chained."
    )

    def handle(self, *args, **options):
        broken = chain_first_break()
        if broken is not None:
            raise CommandError(f"BROKEN at sequence {broken}", returncode=1)
        waiting, oldest = unchained()
        bound = settings.AUDIT_CHAIN_MAX_DELAY_SECONDS
        if oldest is not None and (timezone.now() - oldest).total_seconds() > bound:
            raise CommandError(
                f"LATE: {waiting} events not chained, the oldest since {oldest.isoformat()}"
                f" (more than {bound} s: is the sequencer running?)",
                returncode=1,
            )
        head = chain_head()
        if head is None:
            line = "OK (the access log is empty)"
        else:
            sequence, digest = head
            line = f"OK: {sequence} events, last hash {digest}"
        if waiting:
            line += f"; {waiting} newer events not chained yet (within {bound} s)"
        self.stdout.write(line)
