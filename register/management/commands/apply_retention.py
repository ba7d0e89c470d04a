from django.core.management.base import BaseCommand

from register.retention import retention_apply, retention_cutoff, retention_due


class Command(BaseCommand):
    help = (
        "Remove archived and deceased patients whose retention period has passed. "
        "With --dry-run, list them (ids only, never names) and change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list, change nothing")

    def handle(self, *args, dry_run=False, **options):
        due = retention_due() if dry_run else retention_apply()
        verb = "would remove" if dry_run else "removed"
        for patient in due:
            last = patient.last_discussed.date() if patient.last_discussed else "never"
            self.stdout.write(
                f"{verb} patient #{patient.patient_id} (group {patient.group_id}, "
                f"{patient.status}; last discussed {last}; "
                f"last changed {patient.last_changed.date()})"
            )
        self.stdout.write(f"{len(due)} patient(s) {verb}; cut-off {retention_cutoff():%Y-%m-%d}.")
