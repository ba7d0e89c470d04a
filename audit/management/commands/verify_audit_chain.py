from django.core.management.base import BaseCommand, CommandError

from audit.selectors import chain_first_break, chain_head


class Command(BaseCommand):
    help = "Recomputes the access log's hash chain; exits with 1 at the first broken row."

    def handle(self, *args, **options):
        broken = chain_first_break()
        if broken is not None:
            raise CommandError(f"BROKEN at sequence {broken}", returncode=1)
        head = chain_head()
        if head is None:
            self.stdout.write("OK (the access log is empty)")
        else:
            sequence, digest = head
            self.stdout.write(f"OK: {sequence} events, last hash {digest}")
